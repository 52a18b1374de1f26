/**
 * Playwright fixtures: one Chromium with the built extension per worker, a localhost page server, a
 * fresh tab per test with the extension's storage reset, and page objects for the steps tests repeat.
 */
import { test as base, expect, type Frame, type Locator, type Page } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { PAGE_PREVIEWS_DELAYS } from '../../lib/page/hover-intent';
import { HIGHLIGHT_NAMES, highlightRangesInPage, pointOfTextInPage, type HighlightRange } from './driver/in-page';
import { privateMarks } from './private-marks';
import { CARD_HOST_STYLE } from '../../lib/page/card-frame';
import { PRIVATE_HOST_STYLE } from '../../lib/page/private-marks';
import { askScanStateInExtension, readScanState, scanProbeInPage, type ScanState } from './driver/scan-state';

export interface Mark {
  layer: string;
  text: string;
}

export const test = base.extend<{ page: Page }, { ext: ExtensionBrowser; server: TestServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  ext: [
    async ({}, use) => {
      const ext = await launchWithExtension();
      await use(ext);
      await ext.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ ext }, use) => {
    const page = await ext.context.newPage();
    await use(page);
    await page.close();
    await resetExtensionStorage(ext);
  },
});

export { expect };

/** The extension API as seen from the service worker, typed only as far as the tests use it. */
export type WorkerGlobal = typeof globalThis & {
  chrome: {
    storage: {
      local: {
        clear(): Promise<void>;
        get(k: string): Promise<Record<string, unknown>>;
        set(v: object): Promise<void>;
      };
    };
  };
};

/**
 * Settings back to defaults: the summary in storage.local and the full settings in the background's
 * database (lib/settings/store.ts; Dexie closes its connection on the delete and reopens on next use).
 */
async function resetExtensionStorage(ext: ExtensionBrowser): Promise<void> {
  await ext.worker.evaluate(async () => {
    await (globalThis as WorkerGlobal).chrome.storage.local.clear();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase('context-reader-settings');
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
  });
}

/**
 * Waits until the content script has finished its first full pass over `target` (a page or one of its
 * frames), asked through the extension's service worker (driver/scan-state.ts): pages see no signal.
 * Polled from here with plain evaluations, so a page that traps its own rAF or listeners cannot stall it.
 */
/** What the content script of a page or frame says of its marking; null while none answers. */
export async function scanStateOf(target: Page | Frame): Promise<ScanState | null> {
  const context = ('context' in target ? target : target.page()).context();
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) return null;
  return readScanState(
    () => target.evaluate(scanProbeInPage),
    (name) => worker.evaluate(askScanStateInExtension, name),
  );
}

export async function waitForMarking(target: Page | Frame, timeout = 15_000): Promise<void> {
  await expect
    .poll(async () => (await scanStateOf(target))?.done ?? false, { timeout, message: 'the page is not marked yet' })
    .toBe(true);
}

export type { HighlightRange };

/** Every range of every context-reader highlight in `frame`, read in the main world, without sorting across trees. */
export async function highlightRanges(frame: Page | Frame): Promise<HighlightRange[]> {
  return frame.evaluate(highlightRangesInPage, HIGHLIGHT_NAMES);
}

/**
 * Every mark the extension draws, with its layer and text: the highlights, read from the main world as a
 * page could, then the private marks (the reader's own entities, saved passages, active and flash), which
 * only the test harness can read (private-marks.ts).
 */
export async function marks(frame: Page | Frame): Promise<Mark[]> {
  const pub = (await highlightRanges(frame)).map(({ layer, text }) => ({ layer, text }));
  return [...pub, ...(await privateMarks(frame))];
}

const NON_TYPE_LAYERS = new Set(['active', 'flash', 'quote', 'clip']);

/** Texts of the type-layer marks (not active/flash/quote/clip), whitespace collapsed, soft hyphens dropped. */
export async function markTexts(frame: Page | Frame): Promise<string[]> {
  return (await marks(frame))
    .filter((m) => !NON_TYPE_LAYERS.has(m.layer))
    .map((m) => m.text.replace(/\s+/g, ' ').replace(/\u00ad/g, ''));
}

/**
 * Centre of the n-th occurrence of `text` in the page's rendered text, found by walking text nodes in the
 * main world (the occurrence may span elements, as in `<b>Nikolai</b> Patrushev`).
 */
export async function pointOf(page: Page, text: string, nth = 0): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(pointOfTextInPage, { text, nth });
  if (!p) throw new Error(`"${text}" not found on the page`);
  return p;
}

/**
 * The one element the extension adds to a page: its shadow root is closed and holds only the card frame.
 * It carries no attribute of its own; its constant inline style is how a test (or a page) can tell it.
 */
export const CARD_HOST = `div[style="${CARD_HOST_STYLE}"]`;

/**
 * Both elements the extension adds to a page: the card's host and the private marks' host
 * (lib/page/private-marks.ts), each with a constant style, no other attribute and a closed shadow root.
 */
export const EXTENSION_HOSTS = `${CARD_HOST}, div[style="${PRIVATE_HOST_STYLE}"]`;

/**
 * The card frame under `frame` (the page's or a subframe's own card), once it exists: the content script
 * creates it at an idle moment after marking a page (or at the first pointer move, if sooner). Reaching
 * into it is the test's privilege (Playwright's frame tree); a page's script cannot.
 */
export async function cardFrame(frame: Page | Frame): Promise<Frame> {
  const parent = 'mainFrame' in frame ? frame.mainFrame() : frame;
  const find = () =>
    parent
      .childFrames()
      .filter((f) => f.url().includes('/card.html') && !f.isDetached())
      .at(-1);
  await expect
    .poll(() => find() !== undefined, { timeout: 10_000, message: 'no card frame under this frame' })
    .toBe(true);
  return find()!;
}

/** The card as the reader sees it. Every test reads the card through this, so another browser's driver can swap it. */
export async function cardLocator(frame: Page | Frame): Promise<Locator> {
  return (await cardFrame(frame)).locator('.card');
}

/** Hovers the n-th occurrence of `text` and waits for the card to show. */
export async function hoverMention(page: Page, text: string, nth = 0): Promise<Locator> {
  const { x, y } = await pointOf(page, text, nth);
  await page.mouse.move(x - 30, y - 30);
  await page.mouse.move(x, y, { steps: 4 });
  const card = await cardLocator(page);
  await expect(card.locator('h2')).toBeVisible();
  return card;
}

/**
 * Waits until every task the page (and the content script, which shares its event loop) had queued is
 * done: two rendering frames, then two rounds of zero-delay timers behind any the scanner scheduled (its
 * mutation flush is such a timer). A wait on the page's own queue, never on the clock.
 */
export async function afterPendingTasks(frame: Page | Frame): Promise<void> {
  await frame.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0))),
      ),
  );
}

/**
 * Moves the pointer to `p`, then waits until, by the page's own record of that pointer event, it has
 * rested past the card's show and hide delays (lib/page/hover-intent.ts): the moment a card would have
 * appeared or closed. For assertions that something did NOT happen on hover, which has no state to wait on.
 */
export async function restPointer(page: Page, p: { x: number; y: number }): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __crLastPointer?: number };
    w.__crLastPointer = undefined;
    addEventListener('pointermove', (e) => (w.__crLastPointer = e.timeStamp), { capture: true, passive: true });
  });
  await page.mouse.move(p.x, p.y, { steps: 2 });
  const { show, hide } = PAGE_PREVIEWS_DELAYS;
  await page.waitForFunction(
    (ms) => {
      const at = (window as unknown as { __crLastPointer?: number }).__crLastPointer;
      return at !== undefined && performance.now() - at > ms;
    },
    show + hide + 100,
  );
}
