/**
 * The collection at every size: the popup at 320 and 380 px and at 200% zoom, the library at 800 px
 * and at 200% zoom; notices where the reader is, long text that wraps, import errors in plain words,
 * a cancelled import, and the storage banner's rules.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { launchWithExtension } from '../support/browser';
import { test, expect } from './fixtures';
import { PopupPage, clearClips, exportedClips, openLibrary, tabIdOf } from './clips-helpers';
import {
  clipN,
  expectNoSidewaysScroll,
  expectPressable,
  exportText,
  importClips,
  setWindow,
  tempFile,
} from './collection-helpers';

const LONG_URL = `https://example.org/${'a-very-long-path-segment-without-spaces-'.repeat(40)}?q=${'x'.repeat(300)}`;
const LONG_TITLE = `The ${'extraordinarily-long-unbroken-hyphenated-headline-'.repeat(12)} end`;

const seed = () => [
  ...Array.from({ length: 39 }, (_, i) => clipN(i + 1)),
  clipN(41, {
    title: LONG_TITLE,
    note: `See ${LONG_URL} for more`,
    tags: ['a-tag-that-is-quite-long-for-a-chip-really-it-is-64-characters!'],
  }),
];

test.describe('the collection at every size', () => {
  test.beforeEach(async ({ ext }) => clearClips(ext));

  for (const [label, width, zoom] of [
    ['320 px', 320, 1],
    ['380 px', 380, 1],
    ['380 px at 200% zoom', 760, 2],
  ] as const) {
    test(`popup at ${label}: Undo is in view after scrolling, and long text never widens it`, async ({
      ext,
      page,
      server,
    }) => {
      const library = await openLibrary(ext);
      await importClips(library, seed());
      await library.close();

      const url = server.url('/news-article.html');
      await page.goto(url);
      const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
      await setWindow(popup.page, width, 600 * zoom, zoom);
      await expect(popup.clips.first()).toBeVisible();
      await expectNoSidewaysScroll(popup.page);
      // The clip with the long title and the URL in its note is the newest: first in the list.
      const long = popup.clips.first();
      await expect(long.locator('.note')).toContainText('a-very-long-path-segment');
      const { width: noteWidth } = (await long.locator('.note').boundingBox())!;
      expect(noteWidth).toBeLessThanOrEqual(width / zoom);
      const title = long.locator('.clip-title');
      expect(await title.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true); // clamped, not grown

      // Scroll far down and delete a clip there: the notice and its Undo are where the reader is.
      const victim = popup.clips.nth(25);
      await victim.scrollIntoViewIfNeeded();
      const victimTitle = (await victim.locator('.clip-title').textContent())!;
      await victim.getByRole('button', { name: 'Delete' }).click();
      expect(await popup.page.evaluate(() => scrollY)).toBeGreaterThan(0);
      await expect(popup.notice).toHaveText(/^Deleted/);
      const undo = popup.page.locator('.notice-region').getByRole('button', { name: 'Undo' });
      await expectPressable(popup.page, undo);
      await undo.click();
      await expect(popup.notice).toHaveText('Clip restored.');
      await expect(popup.clips.filter({ hasText: victimTitle })).toHaveCount(1);
      await expectNoSidewaysScroll(popup.page);
      await popup.close();
    });
  }

  for (const [label, width, zoom] of [
    ['800 px', 800, 1],
    ['1280 px at 200% zoom', 1280, 2],
  ] as const) {
    test(`library at ${label}: list → reading view → back, filters behind a button`, async ({ ext }) => {
      const library = await openLibrary(ext);
      await importClips(library, seed());
      await setWindow(library, width, 800, zoom);
      await expectNoSidewaysScroll(library);

      const filters = library.getByRole('button', { name: /^Filters/ });
      await expect(filters).toHaveAttribute('aria-expanded', 'false');
      await expect(library.locator('.sidebar')).toBeHidden();
      await filters.click();
      await expect(filters).toHaveAttribute('aria-expanded', 'true');
      await library.locator('.sidebar [data-filter="entity"][data-value="patrushev"]').click();
      await expect(library.locator('.timeline li.clip')).toHaveCount(21);
      await expect(filters).toHaveText('Filters (1)');
      await filters.click();
      await expect(library.locator('.sidebar')).toBeHidden();

      const item = library.locator('.timeline li.clip').nth(3);
      const title = (await item.locator('.clip-title').textContent())!;
      await item.locator('.clip-title').click();
      await expect(library.locator('.timeline')).toBeHidden();
      await expect(library.locator('.reader h2')).toHaveText(title);
      await expect(library.frameLocator('iframe.reader-body').locator('body')).toContainText(
        'Nikolai Patrushev met CSTO officials',
      );
      expect((await library.locator('iframe.reader-body').boundingBox())!.height).toBeGreaterThan(200);
      await expectNoSidewaysScroll(library);
      await library.getByRole('button', { name: 'Back to the list' }).click();
      await expect(library.locator('.reading')).toBeHidden();
      await expect(library.locator('.timeline li.clip')).toHaveCount(21);
      await expect(library.locator('.timeline li.clip').nth(3).locator('.clip-title')).toBeFocused();

      // The long title and the URL in the note wrap in the reading view too.
      await library.locator('.timeline li.clip').first().locator('.clip-title').click();
      await expect(library.locator('.reader .note')).toContainText('a-very-long-path-segment');
      await expectNoSidewaysScroll(library);
      await library.close();
    });
  }

  test('library route #entity=ID lists the clips that mention the entity', async ({ ext }) => {
    const library = await openLibrary(ext);
    await importClips(library, seed());
    await library.goto(`chrome-extension://${ext.extensionId}/library.html#entity=patrushev`);
    await expect(library.locator('.timeline li.clip')).toHaveCount(21);
    await expect(library.locator('.sidebar [data-filter="entity"][data-value="patrushev"]')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await library.close();
  });

  test('import errors in plain words with Details: a ZIP chosen by mistake, a damaged file, a bad clip', async ({
    ext,
  }) => {
    const library = await openLibrary(ext);
    await setWindow(library, 800, 800);
    await importClips(library, seed().slice(0, 5));
    const before = await exportedClips(library);

    // The collection's own Markdown export, chosen instead of the JSON one.
    const md = library.waitForEvent('download');
    await library.getByRole('button', { name: 'Export Markdown' }).click();
    const zipPath = await (await md).path();
    await library.locator('input[type="file"]').setInputFiles({
      name: 'context-reader-clips-markdown.zip',
      mimeType: 'application/zip',
      buffer: await readFile(zipPath),
    });
    const error = library.locator('.notice.error');
    await expect(error.locator('.notice-text')).toHaveText(
      'This is a ZIP archive (perhaps the Markdown export), not a collection backup. Nothing was imported. Choose the file that “Export JSON” saved (its name starts with “context-reader-clips”).',
    );
    await expectPressable(library, error.getByText('Details'));

    const damaged = exportText([clipN(100)]).slice(0, -30);
    await library
      .locator('input[type="file"]')
      .setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(damaged) });
    await expect(error.locator('.notice-text')).toHaveText(
      /^This export is damaged or incomplete .*Export your collection again and import the new file\.$/,
    );
    await expect(error.locator('pre')).toBeHidden();
    await error.getByText('Details').click();
    await expect(error.locator('pre')).toContainText('JSON');

    const bad = exportText([clipN(101), { ...clipN(102), id: 'not-a-uuid', url: 'javascript:alert(1)' }]);
    await library
      .locator('input[type="file"]')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await expect(error.locator('.notice-text')).toHaveText(/^Clip 2 in this file cannot be imported/);
    await error.getByText('Details').click();
    await expect(error.locator('pre')).toContainText('clips[1].url: must be an http(s) URL');
    await expect(error.locator('.notice-text')).not.toContainText('clips[1]');

    expect(await exportedClips(library)).toEqual(before);
    await library.close();
  });

  test('a cancelled import leaves the collection as it was', async ({ ext }) => {
    const library = await openLibrary(ext);
    await importClips(library, seed().slice(0, 10));
    const before = await exportedClips(library);
    // Large enough that it is still being written when Cancel is pressed.
    const big = Array.from({ length: 40_000 }, (_, i) =>
      clipN(10_000 + i, { text: `Story ${i}. ${'Nikolai Patrushev met CSTO officials. '.repeat(20)}` }),
    );
    const path = await tempFile('big.json', exportText(big));
    await library.locator('input[type="file"]').setInputFiles(path);
    const progress = library.locator('.import-progress');
    await expect(progress.locator('.notice-text')).toHaveText(/Importing big\.json: [1-9][\d,]* clips so far/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(library.locator('.notice-region .notice.info .notice-text')).toHaveText(
      'Import cancelled: your collection is as it was before.',
      { timeout: 30_000 },
    );
    await expect(progress).toHaveCount(0);
    expect(await exportedClips(library)).toEqual(before);
    await expect(library.locator('.top .total')).toHaveText('10');
    await library.close();
  });

  test('the storage banner: not on an empty collection, shown once clips exist, never again once closed', async () => {
    // A browser of its own: the refusal below cannot be taken back from a shared one.
    const ext = await launchWithExtension();
    try {
      // Chromium grants persistence to an extension with unlimitedStorage; this browser refuses it.
      await ext.context.addInitScript(() => {
        Object.defineProperty(navigator.storage, 'persisted', { value: () => Promise.resolve(false) });
        Object.defineProperty(navigator.storage, 'persist', { value: () => Promise.resolve(false) });
      });
      const banner = (p: Page) => p.locator('.banner .notice');
      let library = await openLibrary(ext);
      await expect(library.locator('.timeline .empty')).toBeVisible();
      await expect(library.locator('.top .total')).toHaveText('0');
      await expect(banner(library)).toHaveCount(0);
      await importClips(library, seed().slice(0, 3));
      await expect(banner(library)).toContainText('may clear this collection');
      await banner(library).getByRole('button', { name: 'Dismiss' }).click();
      await expect(banner(library)).toHaveCount(0);
      await library.close();
      library = await openLibrary(ext);
      await expect(library.locator('.timeline li.clip')).toHaveCount(3);
      await expect(library.locator('.top .total')).toHaveText('3');
      await expect(banner(library)).toHaveCount(0);
      await library.close();
    } finally {
      await ext.close();
    }
  });
});
