import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../lib/clips/errors.ts';
import { clipToMarkdown, exportJson, exportMarkdown, importJson, yamlString } from '../../../lib/clips/export.ts';
import { ExportFile, type Clip } from '../../../lib/clips/schema.ts';
import { fullClip, uuid, type TestStore, storesClosedAfterEach, dump } from './helpers.ts';

const store = storesClosedAfterEach('test');

async function seeded(n = 20): Promise<TestStore> {
  const t = store('source');
  for (let i = 1; i <= n; i++) await t.store.restore(fullClip(i));
  return t;
}

describe('exportJson → importJson', () => {
  it('round-trips every field of every clip into an empty collection', async () => {
    const source = await seeded(40);
    const json = await exportJson(source.store, new Date('2024-06-01T10:00:00.000Z'));
    const file = ExportFile.parse(JSON.parse(json));
    expect(file).toMatchObject({ format: 'context-reader-clips', version: 1, exportedAt: '2024-06-01T10:00:00.000Z' });
    expect(file.clips).toHaveLength(40);

    const target = store('target');
    expect(await importJson(target.store, json)).toEqual({ added: 40, merged: 0 });
    const before = await source.store.all();
    const after = await target.store.all();
    expect(after).toStrictEqual(before);
    expect(await dump(target.db)).toBe(await dump(source.db));
  });

  it('merges a clip already present: newer content, tags from both, earliest savedAt', async () => {
    const t = store();
    const mine = fullClip(1, {
      kind: 'page',
      tags: ['mine'],
      note: 'my note',
      title: 'Old title',
      updatedAt: 1000,
      savedAt: 500,
    });
    await t.store.restore(mine);
    const theirs: Clip = {
      ...fullClip(2, { kind: 'page', tags: ['theirs'], note: '', title: 'New title', updatedAt: 2000, savedAt: 900 }),
      urlKey: mine.urlKey,
    };
    const fresh = fullClip(3, { kind: 'page' });
    const json = JSON.stringify({
      format: 'context-reader-clips',
      version: 1,
      exportedAt: new Date().toISOString(),
      clips: [theirs, fresh],
    });
    expect(await importJson(t.store, json)).toEqual({ added: 1, merged: 1 });
    const merged = await t.store.get(mine.id);
    expect(merged).toMatchObject({
      title: 'New title',
      note: 'my note',
      tags: ['mine', 'theirs'],
      savedAt: 500,
      updatedAt: 2000,
    });
    expect(await t.store.get(theirs.id)).toBeUndefined();
    expect(await t.store.count()).toBe(2);
  });

  it('importing its own export twice changes nothing the second time', async () => {
    const t = await seeded(10);
    const json = await exportJson(t.store);
    const before = await dump(t.db);
    expect(await importJson(t.store, json)).toEqual({ added: 0, merged: 10 });
    expect(await dump(t.db)).toBe(before);
  });
});

describe('a rejected import leaves the collection unchanged', () => {
  const valid = (clips: unknown[]) =>
    JSON.stringify({ format: 'context-reader-clips', version: 1, exportedAt: '2024-06-01T10:00:00Z', clips });

  it.each([
    ['bad JSON', () => '{"format": "context-reader-clips",', /^This export is damaged or incomplete/, /JSON/],
    [
      'a truncated file',
      (json: string) => json.slice(0, Math.floor(json.length / 2)),
      /^This export is damaged or incomplete/,
      /line \d+/,
    ],
    [
      'another format',
      () => JSON.stringify({ format: 'pocket', version: 1, exportedAt: '2024-06-01T10:00:00Z', clips: [] }),
      /^This file is not a Context Reader export/,
      /format: "pocket"/,
    ],
    [
      'a newer version',
      () =>
        JSON.stringify({ format: 'context-reader-clips', version: 2, exportedAt: '2024-06-01T10:00:00Z', clips: [] }),
      /newer version of Context Reader.*Update the extension/,
      /version 2/,
    ],
    [
      'a javascript: URL',
      () =>
        valid([
          fullClip(101),
          fullClip(102),
          fullClip(103),
          fullClip(104, { url: 'javascript:alert(document.cookie)' }),
        ]),
      /^Clip 4 in this file cannot be imported/,
      /clips\[3\]\.url: must be an http\(s\) URL/,
    ],
    [
      'a data: URL key',
      () => valid([fullClip(101, { urlKey: 'data:text/html,<script>alert(1)</script>' })]),
      /^Clip 1 in this file/,
      /clips\[0\]\.urlKey: must be an http\(s\) URL/,
    ],
    [
      'a tag too long',
      () => valid([fullClip(101, { tags: ['x'.repeat(65)] })]),
      /^Clip 1 in this file/,
      /clips\[0\]\.tags\[0\]: must be at most 64 characters/,
    ],
    ['an array', () => '[]', /^This file is not a Context Reader export/, /starts with "\[\]"/],
  ])('%s', async (_name, make, message, details) => {
    const t = await seeded(10);
    const before = await dump(t.db);
    const text = make(await exportJson(t.store));
    const error = await importJson(t.store, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/Nothing was imported/);
    expect((error as ImportError).details).toMatch(details);
    expect(await dump(t.db)).toBe(before);
  });

  it('counts the damaged clips and details at most three', async () => {
    const t = await seeded(2);
    const bad = valid([0, 1, 2, 3, 4].map((i) => fullClip(200 + i, { url: 'javascript:void 0' })));
    const error = (await importJson(t.store, bad).catch((e: unknown) => e)) as ImportError;
    expect(error.message).toMatch(/^5 clips \(the first is clip 1\) in this file cannot be imported/);
    expect(error.details!.match(/must be an http\(s\) URL/g)).toHaveLength(3);
  });

  it('rolls back every write when one clip fails inside the transaction', async () => {
    const t = await seeded(5);
    const before = await dump(t.db);
    // The third new clip fails as a full disk would: the two added before it must go too.
    let calls = 0;
    t.db.clips.hook('creating', () => {
      if (++calls === 3) throw new DOMException('disk full', 'QuotaExceededError');
    });
    const json = valid([fullClip(300), fullClip(301), fullClip(302), fullClip(303)]);
    await expect(importJson(t.store, json)).rejects.toThrow(/storage is full: nothing was imported/);
    expect(await dump(t.db)).toBe(before);
  });
});

describe('exportMarkdown', () => {
  it('writes YAML front matter whose values read back exactly', () => {
    const clip = fullClip(7, {
      title: 'yes: "no" — #1 \\ ОДКБ\u2028next',
      note: 'line one\nline two: with colon',
      tags: ['a: b', '- dash'],
      byline: "O'Brien",
    });
    const md = clipToMarkdown(clip);
    const [, front, body] = md.split(/^---$/m);
    const fields = Object.fromEntries(
      front!
        .trim()
        .split('\n')
        .map((line) => {
          const at = line.indexOf(': ');
          return [line.slice(0, at), JSON.parse(line.slice(at + 2)) as unknown];
        }),
    );
    expect(fields).toEqual({
      title: clip.title,
      url: clip.url,
      saved: new Date(clip.savedAt).toISOString(),
      published: clip.publishedTime,
      byline: "O'Brien",
      site: clip.siteName,
      kind: clip.kind,
      tags: ['a: b', '- dash'],
      entities: clip.entities,
      note: clip.note,
    });
    expect(front).not.toContain('\u2028');
    expect(body).toContain(clip.markdown);
  });

  it('escapes characters YAML does not allow raw', () => {
    expect(yamlString('a\u0085b\u007f\ufeff')).toBe('"a\\u0085b\\u007f\\ufeff"');
  });

  it('names files for what they hold: the page, or the passage by its first words', () => {
    const day = Date.UTC(2024, 4, 1);
    const clips = [
      fullClip(1, { kind: 'page', title: 'a/b: c?', savedAt: day }),
      fullClip(2, {
        kind: 'selection',
        title: 'a/b: c?',
        text: 'Five tonnes of narcotics were seized in one stage last year',
        savedAt: day,
      }),
      fullClip(3, { kind: 'selection', title: 'a/b: c?', text: 'Patrushev: "the border" <is> long', savedAt: day }),
      fullClip(4, { kind: 'selection', title: 'a/b: c?', text: 'Patrushev: "the border" <is> long', savedAt: day }),
      fullClip(6, { kind: 'page', title: '...', savedAt: Date.UTC(2024, 4, 2) }),
    ];
    expect(exportMarkdown(clips).map((f) => f.filename)).toEqual([
      '2024-05-01 a b c (page).md',
      '2024-05-01 a b c (passage - Five tonnes of narcotics were seized in one).md',
      '2024-05-01 a b c (passage - Patrushev the border is long).md',
      `2024-05-01 a b c (passage - Patrushev the border is long) ${uuid(4).slice(-8)}.md`,
      '2024-05-02 Untitled (page).md',
    ]);
  });
});
