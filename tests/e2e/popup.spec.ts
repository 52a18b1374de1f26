import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAGES_DIR } from '../support/server';
import { test, expect, markTexts, marks, waitForMarking } from './fixtures';
import { PopupPage, tabIdOf } from './clips-helpers';

test.describe('the popup on a page', () => {
  test('lists the entities on the page with counts and reveals the first mention', async ({ ext, page, server }) => {
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    const csto = popup.page.locator('.page-entities [data-entity="csto"]');
    await expect(csto).toContainText('Collective Security Treaty Organization (CSTO)');
    await expect(csto.locator('.count')).toHaveText(/^\d+$/);
    expect(Number(await csto.locator('.count').textContent())).toBeGreaterThan(3);

    await popup.page.locator('.page-entities [data-entity="nikolai-patrushev"]').click();
    await expect
      .poll(async () => (await marks(page)).filter((m) => m.layer === 'flash').map((m) => m.text))
      .toEqual(['Nikolai Patrushev']);
    await popup.close();
  });

  test('lists unmarked entities with Undo', async ({ ext, page, server }) => {
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    // Settings are written by the background on an extension page's request (a page cannot read or set them).
    await popup.page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({
        type: 'settings:put',
        settings: {
          enabled: true,
          disabledSites: [],
          suppressed: [{ entity: 'nikolai-patrushev', scope: 'everywhere', key: '' }],
        },
      }),
    );
    await expect.poll(async () => (await markTexts(page)).includes('Nikolai Patrushev')).toBe(false);
    await popup.page.getByText('Unmarked by you (1)').click();
    const row = popup.page.locator('.suppressed li');
    await expect(row).toContainText('Nikolai Patrushev');
    await row.getByRole('button', { name: 'Undo' }).click();
    await expect(popup.page.locator('.suppressed')).toHaveCount(0);
    await expect.poll(async () => (await markTexts(page)).includes('Nikolai Patrushev')).toBe(true);
    await popup.close();
  });
});

test('the popup on a page still loading reads it at once: its state, its entities, its marks', async ({
  ext,
  page,
  server,
}) => {
  // The whole article is sent but the response stays open: the document stays 'loading' (a page held up
  // by a slow server). The content script would start at the load; the reader's question starts it now.
  const html = await readFile(join(PAGES_DIR, 'news-article.html'), 'utf8');
  server.route('/still-loading.html', { body: html, hold: true });
  const url = server.url('/still-loading.html');
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.body?.textContent?.includes('All rights reserved.'));
    expect(await markTexts(page)).toEqual([]);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    await expect(popup.status).toHaveText('Not in your collection');
    await expect(popup.page.locator('.page-entities [data-entity="csto"]')).toBeVisible();
    await expect(popup.page.getByRole('button', { name: 'Save page' })).toBeEnabled();
    await expect.poll(async () => (await markTexts(page)).includes('CSTO')).toBe(true);
    expect(await page.evaluate(() => document.readyState)).toBe('loading');
    await popup.close();
  } finally {
    server.release('/still-loading.html');
  }
  await page.waitForFunction(() => document.readyState === 'complete');
});

test('the popup opens the bundled documents in the reader', async ({ ext, page, server }) => {
  const url = server.url('/news-article.html');
  await page.goto(url);
  await waitForMarking(page);
  const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
  const [reader] = await Promise.all([
    ext.context.waitForEvent('page'),
    popup.page.getByRole('button', { name: 'Documents' }).click(),
  ]);
  await reader.waitForLoadState();
  expect(reader.url()).toBe(`chrome-extension://${ext.extensionId}/reader.html`);
  await expect(reader.getByRole('navigation', { name: 'Documents' }).getByRole('link')).toHaveCount(5);
  await waitForMarking(reader);
  expect((await markTexts(reader)).length).toBeGreaterThan(5);
  await reader.close();
  await popup.close();
});
