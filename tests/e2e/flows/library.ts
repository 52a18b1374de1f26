/** The library page: the list by day with a reading view, and export then import into an empty profile. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Driver, Tab } from '../driver/types';
import type { Flow } from './flow';
import { PASSAGE, TITLE, saveArticleAndPassage } from './popup';
import { clickSelector, eventually, expectEqual, fill, find, texts } from './ui';

export async function openLibrary(d: Driver): Promise<Tab> {
  const tab = await d.openExtensionPage('library.html');
  await eventually(
    () => find(tab, '.top h1'),
    (h) => assert.equal(h.length, 1),
  );
  return tab;
}

/** Every stored clip, oldest first, as the collection's own JSON export gives it. */
export async function exportedClips(library: Tab): Promise<Record<string, unknown>[]> {
  const file = await library.download(() => clickSelector(library, 'button', 'Export JSON'));
  const json = JSON.parse(file.bytes.toString('utf8')) as {
    format: string;
    version: number;
    clips: Record<string, unknown>[];
  };
  assert.equal(json.format, 'context-reader-clips');
  assert.equal(json.version, 1);
  return json.clips;
}

const count = (tab: Tab, css: string, n: number) =>
  eventually(
    () => find(tab, css),
    (els) => assert.equal(els.length, n, `${css}: ${els.length}`),
  );

export const libraryFlows: Flow[] = [
  {
    name: 'the library page shows a timeline by day and a reading view',
    async run({ d, tab, server }) {
      const popup = await saveArticleAndPassage(d, tab, server.url('/news-article.html'), PASSAGE);
      await popup.close();

      const library = await openLibrary(d);
      await expectEqual(() => texts(library, '.day-label'), ['Today']);
      await count(library, '.timeline li.clip', 2);
      // The list and its facets arrive in two answers; choose a clip once both are drawn, as a reader would.
      await count(library, '.sidebar [data-filter="entity"][data-value="csto"]', 1);
      await clickSelector(library, '.timeline li.clip[data-kind="page"] .clip-title');
      await expectEqual(() => texts(library, '.reader h2'), [TITLE]);
      await eventually(
        () => texts(library, '.reader'),
        (t) => assert.match(t.join(' '), /Dana Amanova/),
      );
      await eventually(
        () => library.frameText('iframe.reader-body'),
        (t) => assert.match(t, /Nikolai Patrushev/),
      );
      await fill(library, 'input[aria-label="Search your clips"]', 'narcotics');
      await count(library, '.timeline li.clip', 2);
      await clickSelector(library, '.sidebar [data-filter="entity"][data-value="csto"]');
      await count(library, '.timeline li.clip', 1);
    },
  },
  {
    name: 'exports JSON and Markdown and re-imports into an empty profile with every field intact',
    timeoutMs: 90_000,
    async run({ d, tab, server }) {
      const popup = await saveArticleAndPassage(d, tab, server.url('/news-article.html'), PASSAGE);
      const clip = 'li.clip[data-kind="page"]';
      await clickSelector(popup.tab, `${clip} button`, 'Edit note & tags');
      await fill(popup.tab, `${clip} textarea`, 'Note with “quotes” and ünïcode');
      await fill(popup.tab, `${clip} input[type="text"]`, 'security, asia');
      await clickSelector(popup.tab, `${clip} button`, /^Save$/);
      await count(popup.tab, `${clip} .note`, 1);
      await popup.close();

      const library = await openLibrary(d);
      const original = await exportedClips(library);
      assert.equal(original.length, 2);
      const page = original.find((c) => c.kind === 'page')!;
      assert.equal(page.note, 'Note with “quotes” and ünïcode');
      assert.deepEqual(page.tags, ['security', 'asia']);
      assert.equal(page.byline, 'Dana Amanova');
      assert.equal(
        (original.find((c) => c.kind === 'selection')?.selection as { exact?: string } | undefined)?.exact,
        PASSAGE,
      );

      const md = await library.download(() => clickSelector(library, 'button', 'Export Markdown'));
      assert.match(md.name, /^context-reader-clips-\d{4}-\d\d-\d\d-markdown\.zip$/);
      // One file per clip, named for the page or the passage, each with its front matter.
      const files = unzipSync(new Uint8Array(md.bytes));
      const names = Object.keys(files).sort();
      assert.equal(names.length, 2);
      assert.match(names[0]!, /^\d{4}-\d\d-\d\d Security chiefs meet as CSTO weighs Afghan border plan \(page\)\.md$/);
      assert.match(
        names[1]!,
        /^\d{4}-\d\d-\d\d Security chiefs meet as CSTO weighs Afghan border plan \(passage - seized more than five tonnes of narcotics in\)\.md$/,
      );
      const pageFile = strFromU8(files[names[0]!]!);
      assert.ok(pageFile.includes(`title: "${TITLE}"`));
      assert.ok(pageFile.includes('tags: ["security", "asia"]'));

      const dir = await mkdtemp(join(tmpdir(), 'cr-import-'));
      const file = join(dir, 'export.json');
      await writeFile(
        file,
        JSON.stringify({
          format: 'context-reader-clips',
          version: 1,
          exportedAt: new Date().toISOString(),
          clips: original,
        }),
      );
      const other = await d.fresh();
      try {
        const lib2 = await openLibrary(other);
        await count(lib2, '.timeline .empty', 1);
        await lib2.setInputFiles('input[type="file"]', [file]);
        await eventually(
          () => texts(lib2, '.notice.success .notice-text'),
          (t) => assert.match(t.join(' '), /2 new clips, 0 merged/),
        );
        await count(lib2, '.timeline li.clip', 2);
        assert.deepEqual(await exportedClips(lib2), original);

        // Importing the same file again merges by id and URL: nothing is duplicated or changed.
        await lib2.setInputFiles('input[type="file"]', [file]);
        await eventually(
          () => texts(lib2, '.notice.success .notice-text'),
          (t) => assert.match(t.join(' '), /0 new clips, 2 merged/),
        );
        assert.deepEqual(await exportedClips(lib2), original);
      } finally {
        await other.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
