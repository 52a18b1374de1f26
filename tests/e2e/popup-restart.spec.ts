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
import { PASSAGE, TITLE, openLibrary, saveArticleAndPassage, tabIdOf } from './clips-helpers';
import { clipN, importClips } from './collection-helpers';
import { cardFrame, expect, test, waitForMarking } from './fixtures';

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
    const w = window as unknown as {
      __lists: string[][];
      __listTimes: number[];
      __firstReach?: { bottom: number; height: number };
    };
    w.__lists = [];
    w.__listTimes = [];
    new MutationObserver(() => {
      const rows = [...document.querySelectorAll('.collection li.clip')].map(
        (li) => `${(li as HTMLElement).dataset.kind} ${li.querySelector('.clip-title')?.textContent ?? ''}`,
      );
      if (rows.length && JSON.stringify(rows) !== JSON.stringify(w.__lists.at(-1))) {
        w.__lists.push(rows);
        w.__listTimes.push(performance.now());
      }
      // How far the first list drawn reaches down, against the window's height (in the same layout).
      if (rows.length && w.__lists.length === 1 && !w.__firstReach) {
        const last = [...document.querySelectorAll('.collection li.clip')].at(-1)!;
        w.__firstReach = { bottom: last.getBoundingClientRect().bottom, height: innerHeight };
      }
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

test('with more clips than fit, the first frame has the rows in view and the rest follow in order', async ({
  server,
}) => {
  const ext = await launchWithExtension();
  try {
    const library = await openLibrary(ext);
    await importClips(
      library,
      Array.from({ length: 40 }, (_, i) => clipN(i + 1)),
    );
    await library.close();
    // Newest first: clips 40 … 11 are the first page.
    const firstPage = Array.from({ length: 30 }, (_, i) => `Story ${40 - i}: the CSTO and the border`);
    await expect.poll(() => storedTitles(ext), { timeout: 15_000 }).toEqual(firstPage);

    const url = server.url('/news-article.html');
    const article = await ext.context.newPage();
    await article.goto(url);
    // The page's start-up talks to the worker (after its load it marks, then makes its card frame, whose
    // port wakes the worker): let it finish first, so that the worker stopped below stays stopped until
    // the popup opens.
    await waitForMarking(article);
    await (await cardFrame(article)).waitForLoadState('load');
    const tabId = await tabIdOf(ext, url);
    await stopServiceWorker(ext);
    const page = await openRecordedPopup(ext, tabId);
    await expect(page.locator('#clips-h + .muted')).toHaveText('40');
    await expect(page.locator(ROW)).toHaveCount(30);
    const titles = (rows: string[]) => rows.map((r) => r.replace(/^\w+ /, ''));
    expect(titles(await shownRows(page))).toEqual(firstPage);
    // Two lists drawn: the rows a 600 px window can hold (8 of at least 80 px), then all 30, the
    // first a prefix of the second (nothing reordered, nothing drawn twice), and no next page yet.
    const drawn = (await lists(page)).map(titles);
    expect(drawn).toEqual([firstPage.slice(0, 8), firstPage]);
    // Every row a reader could see in the first frame was in it: the first list reached past the window.
    const reach = await page.evaluate(
      () => (window as unknown as { __firstReach: { bottom: number; height: number } }).__firstReach,
    );
    expect(reach.bottom).toBeGreaterThanOrEqual(reach.height);
    // The rest of the rows (a mount effect, like the requests that start the worker) came after the
    // first list was on screen (components/hooks/effects-after-paint.ts).
    const [firstContentfulPaint, restDrawn] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      (window as unknown as { __listTimes: number[] }).__listTimes[1]!,
    ]);
    expect(restDrawn).toBeGreaterThan(firstContentfulPaint);
    // Keyboard order is the list's order: Tab from the eighth row's last button enters the ninth row.
    await page.locator(ROW).nth(7).getByRole('button', { name: 'Delete' }).focus();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('.collection li.clip')].indexOf(document.activeElement!.closest('li.clip')!),
      ),
    ).toBe(8);
    // "Show more" came with the whole list: scrolling to it loads the rest.
    await page.getByRole('button', { name: 'Show more' }).scrollIntoViewIfNeeded();
    await expect(page.locator(ROW)).toHaveCount(40);
    await page.close();
    await article.close();
  } finally {
    await ext.close();
  }
});
