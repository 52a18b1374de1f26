/**
 * Page objects for the clipping tests: the popup opened on a tab (`popup.html?tab=ID`, since
 * Playwright cannot open the real popup), the library page, selecting text, and a way to empty the
 * collection between tests that share one browser.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { FIRST_PAGE_KEY } from '../../lib/clips/first-page';
import type { ExtensionBrowser } from '../support/browser';
import { selectTextInPage } from './driver/in-page';
import { marks, waitForMarking } from './fixtures';

/**
 * The id of the tab showing `url`, as the extension sees it. Without the "tabs" permission tab.url is
 * hidden from the extension, so each tab's content script is asked for its address.
 */
export async function tabIdOf(ext: ExtensionBrowser, url: string): Promise<number> {
  type Chrome = {
    tabs: {
      query(q: object): Promise<{ id?: number; url?: string }[]>;
      sendMessage(id: number, m: object, o: object): Promise<{ url?: string } | undefined>;
    };
  };
  const id = await ext.worker.evaluate(async (u) => {
    const { chrome } = globalThis as unknown as { chrome: Chrome };
    for (const t of await chrome.tabs.query({})) {
      if (t.id === undefined) continue;
      if (t.url?.startsWith(u)) return t.id;
      const state = await chrome.tabs
        .sendMessage(t.id, { type: 'page:clip-state' }, { frameId: 0 })
        .catch(() => undefined);
      if (state?.url?.startsWith(u)) return t.id;
    }
    return undefined;
  }, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

/** The demo article's headline and a passage of it, which the clipping tests save. */
export const TITLE = 'Security chiefs meet as CSTO weighs Afghan border plan';
export const PASSAGE = 'seized more than five tonnes of narcotics in one stage last year';

export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionBrowser, tabId: number, context: BrowserContext = ext.context): Promise<PopupPage> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
    const popup = new PopupPage(page);
    await expect(page.locator('.page-status .status')).not.toHaveText('Reading this page…');
    return popup;
  }

  get status() {
    return this.page.locator('.page-status .status');
  }
  get notice() {
    return this.page.locator('.notice .notice-text').first();
  }
  get clips() {
    return this.page.locator('.collection li.clip');
  }
  clip(text: string | RegExp) {
    return this.clips.filter({ hasText: text });
  }
  async savePage(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Save page|Update saved page)$/ }).click();
  }
  async saveSelection(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save selection' }).click();
  }
  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search your clips' }).fill(text);
  }
  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * Opens `url` in `page`, selects `select` when given (before the popup opens, as a reader would), and
 * saves the page from a popup on that tab. Returns the open popup.
 */
export async function savePageFromPopup(
  ext: ExtensionBrowser,
  page: Page,
  url: string,
  select?: string,
): Promise<PopupPage> {
  await page.goto(url);
  await waitForMarking(page);
  if (select) await selectText(page, select);
  const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
  await popup.savePage();
  await expect(popup.notice).toHaveText(/Page saved/);
  return popup;
}

/** Saves the page and `passage` of it: the collection most clipping tests start from. */
export async function saveArticleAndPassage(
  ext: ExtensionBrowser,
  page: Page,
  url: string,
  passage: string,
): Promise<PopupPage> {
  const popup = await savePageFromPopup(ext, page, url, passage);
  await popup.saveSelection();
  await expect(popup.clips).toHaveCount(2);
  return popup;
}

export async function openLibrary(
  ext: ExtensionBrowser,
  context: BrowserContext = ext.context,
  hash = '',
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`chrome-extension://${ext.extensionId}/library.html${hash}`);
  await expect(page.locator('.top h1')).toBeVisible();
  return page;
}

/** Selects the first occurrence of `text` in the page (the text may span elements). */
export async function selectText(page: Page, text: string): Promise<void> {
  const ok = await page.evaluate(selectTextInPage, text);
  if (!ok) throw new Error(`"${text}" not found on the page`);
}

/** Texts drawn in the saved-passage layer, read from the main world. */
export async function clipMarks(page: Page): Promise<string[]> {
  return (await marks(page)).filter((m) => m.layer === 'clip').map((m) => m.text);
}

/**
 * Empties the collection (the tests share one browser, and IndexedDB outlives a test's tab), and the
 * first page the background keeps for the popup (lib/clips/first-page.ts), which describes those clips:
 * a write around the worker, like the library's import, which tells the worker (clips:refresh).
 */
export async function clearClips(ext: ExtensionBrowser): Promise<void> {
  await clearObjectStore(ext, 'clips');
  await ext.worker.evaluate(
    (key) =>
      (
        globalThis as unknown as { chrome: { storage: { session: { remove(k: string): Promise<void> } } } }
      ).chrome.storage.session.remove(key),
    FIRST_PAGE_KEY,
  );
}

/** Empties one table of the background's database; the schema stays. */
export async function clearObjectStore(ext: ExtensionBrowser, name: string): Promise<void> {
  await ext.worker.evaluate(
    (store) =>
      new Promise<void>((resolve) => {
        const req = indexedDB.open('context-reader');
        // No database yet: do not create one at a version Dexie did not write.
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onerror = () => resolve();
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve();
            return;
          }
          const tx = db.transaction(store, 'readwrite');
          tx.objectStore(store).clear();
          tx.oncomplete = tx.onerror = () => {
            db.close();
            resolve();
          };
        };
      }),
    name,
  );
}

/** Every stored clip, oldest first, as the collection's own JSON export sees it (read in the library page). */
export async function exportedClips(page: Page): Promise<Record<string, unknown>[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await download;
  const dir = await mkdtemp(join(tmpdir(), 'cr-export-'));
  const path = join(dir, 'export.json');
  await file.saveAs(path);
  const text = await readFile(path, 'utf8');
  await rm(dir, { recursive: true, force: true });
  const json = JSON.parse(text) as { format: string; version: number; clips: Record<string, unknown>[] };
  expect(json.format).toBe('context-reader-clips');
  expect(json.version).toBe(1);
  return json.clips;
}
