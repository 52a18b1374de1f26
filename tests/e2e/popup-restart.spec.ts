/**
 * The popup after the browser stopped the service worker (issue 10): the first page of clips comes
 * from what the background stored in storage.session (lib/clips/first-page.ts), so the rows are there
 * before the worker has started; the worker's answer then leaves them as they are. A clip deleted
 * before the restart is not among them. Its own browser: stopping the worker would leave the shared
 * fixture's `ext.worker` pointing at a worker that is gone.
 */
import type { Page } from '@playwright/test';
import { FIRST_PAGE_KEY } from '../../lib/clips/first-page';
import { launchWithExtension, stopServiceWorker, type ExtensionBrowser } from '../support/browser';
import { PASSAGE, TITLE, saveArticleAndPassage, tabIdOf } from './clips-helpers';
import { expect, test } from './fixtures';

/** The titles the background keeps for the popup, read from an extension page. */
async function storedTitles(ext: ExtensionBrowser): Promise<string[] | null> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/reader.html`);
  const titles = await page.evaluate(async (key) => {
    const chrome = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<object> } } } })
      .chrome;
    const value = (await chrome.storage.session.get(key)) as Record<string, { clips: { title: string }[] } | undefined>;
    return value[key]?.clips.map((c) => c.title) ?? null;
  }, FIRST_PAGE_KEY);
  await page.close();
  return titles;
}

/** The rows as the popup shows them: kind and title ("page …", "selection …"). */
const ROW = '.collection li.clip';
const shownRows = (page: Page) =>
  page
    .locator(ROW)
    .evaluateAll((lis) =>
      lis.map((li) => `${(li as HTMLElement).dataset.kind} ${li.querySelector('.clip-title')?.textContent ?? ''}`),
    );

/**
 * Opens the popup with a record of every list of clip rows it ever drew (a MutationObserver from
 * before its first script), so a list replaced after the first paint shows up in the record.
 */
async function openRecordedPopup(ext: ExtensionBrowser, tabId: number): Promise<Page> {
  const page = await ext.context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lists: string[][] };
    w.__lists = [];
    new MutationObserver(() => {
      const rows = [...document.querySelectorAll('.collection li.clip')].map(
        (li) => `${(li as HTMLElement).dataset.kind} ${li.querySelector('.clip-title')?.textContent ?? ''}`,
      );
      if (rows.length && JSON.stringify(rows) !== JSON.stringify(w.__lists.at(-1))) w.__lists.push(rows);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  return page;
}

const lists = (page: Page) => page.evaluate(() => (window as unknown as { __lists: string[][] }).__lists);

test('after a worker restart the popup draws the stored first page once, without a deleted clip', async ({
  server,
}) => {
  const ext = await launchWithExtension();
  try {
    const url = server.url('/news-article.html');
    const article = await ext.context.newPage();
    const popup = await saveArticleAndPassage(ext, article, url, PASSAGE);
    const rows = await shownRows(popup.page);
    expect(rows.toSorted()).toEqual([`page ${TITLE}`, `selection ${TITLE}`]);
    await popup.close();
    await expect.poll(() => storedTitles(ext), { timeout: 10_000 }).toEqual([TITLE, TITLE]);

    const tabId = await tabIdOf(ext, url); // asked through ext.worker, which is gone once stopped
    await stopServiceWorker(ext);
    let page = await openRecordedPopup(ext, tabId);
    // The count beside "Your clips" comes from the worker (facets, asked with the list): it has answered.
    await expect(page.locator('#clips-h + .muted')).toHaveText('2');
    expect(await shownRows(page)).toEqual(rows);
    expect(await lists(page)).toEqual([rows]);

    // Delete the passage; the next popup after a restart must not show it, not even for a frame.
    await page.locator(`${ROW}[data-kind="selection"]`).getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator(ROW)).toHaveCount(1);
    await page.close();
    await stopServiceWorker(ext);
    page = await openRecordedPopup(ext, tabId);
    await expect(page.locator('#clips-h + .muted')).toHaveText('1');
    expect(await lists(page)).toEqual([[`page ${TITLE}`]]);
    await page.close();
  } finally {
    await ext.close();
  }
});
