/**
 * Helpers for the hostile-page suite: a plain Chromium without the extension to compare the DOM against,
 * an error watch over the page (every frame, every world) and the extension's service worker, and
 * readers of CSS.highlights that work inside shadow roots, frames and non-HTML documents.
 */
import { chromium, type Browser, type ConsoleMessage, type Frame, type Page } from '@playwright/test';
import { chromiumPath, type ExtensionBrowser } from '../support/browser';
import { cardLocator, EXTENSION_HOSTS, test as base, waitForMarking } from './fixtures';
export { CARD_HOST, cardLocator, EXTENSION_HOSTS } from './fixtures';

export {
  afterPendingTasks,
  expect,
  highlightRanges,
  markTexts,
  restPointer,
  scanStateOf,
  waitForMarking,
  type HighlightRange,
} from './fixtures';

export const EXT_SCHEME = 'chrome-extension://';

export interface ErrorWatch {
  /** Errors attributed to the extension: uncaught in a page (any frame, any world) or logged, or logged by the worker. */
  readonly extension: string[];
  /** Every uncaught page error and console error, for diagnosis (minus the server's favicon 404). */
  readonly all: string[];
  stop(): void;
}

export function watchErrors(page: Page, ext: ExtensionBrowser): ErrorWatch {
  const extension: string[] = [];
  const all: string[] = [];
  const onPageError = (e: Error) => {
    const s = `pageerror: ${e.message}\n${e.stack ?? ''}`;
    all.push(s);
    if (s.includes(EXT_SCHEME)) extension.push(s);
  };
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    if (/\/favicon\.ico$/.test(url) || /favicon\.ico/.test(m.text())) return;
    const s = `console.error: ${m.text()} @ ${url}`;
    all.push(s);
    if (s.includes(EXT_SCHEME)) extension.push(s);
  };
  const onWorkerConsole = (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') extension.push(`service worker ${m.type()}: ${m.text()}`);
  };
  page.on('pageerror', onPageError);
  page.on('console', onConsole);
  ext.worker.on('console', onWorkerConsole);
  return {
    extension,
    all,
    stop() {
      page.off('pageerror', onPageError);
      page.off('console', onConsole);
      ext.worker.off('console', onWorkerConsole);
    },
  };
}

/** The suite's fixtures: a plain Chromium (no extension) per worker and an error watch per test. */
export const test = base.extend<{ errors: ErrorWatch }, { plain: Browser }>({
  plain: [
    async ({}, use) => {
      const executablePath = chromiumPath();
      const browser = await chromium.launch({
        ...(executablePath ? { executablePath } : {}),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu'],
      });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  errors: async ({ page, ext }, use) => {
    const watch = watchErrors(page, ext);
    await use(watch);
    watch.stop();
  },
});

/** Opens `url` in the plain Chromium, runs `act`, returns what `read` reads; the context is closed after. */
export async function inPlain<T>(
  plain: Browser,
  url: string,
  read: (page: Page) => Promise<T>,
  act?: (page: Page) => Promise<void>,
): Promise<T> {
  const context = await plain.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForLoadState('load');
    if (act) await act(page);
    return await read(page);
  } finally {
    await context.close();
  }
}

/** The document's markup with the extension's host element taken out (a clone: the page is not touched). */
export async function snapshot(frame: Page | Frame): Promise<string> {
  return frame.evaluate((hosts) => {
    const clone = document.documentElement.cloneNode(true) as Element;
    for (const host of clone.querySelectorAll(hosts)) host.remove();
    // Markup of open shadow roots too (the page's own, in document order).
    const shadows: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches(hosts)) continue;
        if (el.shadowRoot) {
          shadows.push(`#shadow(${el.id || el.tagName}): ${el.shadowRoot.innerHTML}`);
          walk(el.shadowRoot);
        }
      }
    };
    walk(document);
    return [clone.outerHTML, ...shadows].join('\n');
  }, EXTENSION_HOSTS);
}

/** SHA-256 of snapshot(), for pages too big to ship their markup to the test process twice. */
export async function snapshotHash(frame: Page | Frame): Promise<{ length: number; hash: string }> {
  return frame.evaluate(async (hosts) => {
    const clone = document.documentElement.cloneNode(true) as Element;
    for (const host of clone.querySelectorAll(hosts)) host.remove();
    const html = clone.outerHTML;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(html));
    return {
      length: html.length,
      hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
    };
  }, EXTENSION_HOSTS);
}

export async function waitForMarkingIn(frame: Frame, timeout = 15_000): Promise<void> {
  await waitForMarking(frame, timeout);
}

/**
 * Viewport point (of the top page) at the centre of the first character of the n-th occurrence of
 * `text` in `frame`, searching the document and its open shadow roots; scrolls it into view first.
 */
export async function pointIn(page: Page, frame: Frame, text: string, nth = 0): Promise<{ x: number; y: number }> {
  const p = await frame.evaluate(
    ({ text, nth }) => {
      const roots: Node[] = [document.documentElement];
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      let seen = 0;
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          const parent = n.parentElement;
          if (parent && /^(script|style|textarea|title)$/i.test(parent.tagName)) continue;
          let at = n.data.indexOf(text);
          while (at >= 0) {
            if (seen++ === nth) {
              const r = document.createRange();
              r.setStart(n, at);
              r.setEnd(n, at + text.length);
              (parent as Element | null)?.scrollIntoView?.({ block: 'center' });
              const rect = r.getClientRects()[0]!;
              return { x: rect.left + Math.min(rect.width / 2, 12), y: rect.top + rect.height / 2 };
            }
            at = n.data.indexOf(text, at + 1);
          }
        }
      }
      return null;
    },
    { text, nth },
  );
  if (!p) throw new Error(`"${text}" not found in ${frame.url()}`);
  let { x, y } = p;
  // Add the offsets of the frame elements on the way up.
  for (let f: Frame | null = frame; f && f.parentFrame(); f = f.parentFrame()) {
    const el = await f.frameElement();
    const box = await el.boundingBox();
    if (!box) throw new Error('frame not visible');
    const border = await el.evaluate((e) => {
      const s = getComputedStyle(e as Element);
      return {
        x: parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
        y: parseFloat(s.borderTopWidth) + parseFloat(s.paddingTop),
      };
    });
    x += box.x + border.x;
    y += box.y + border.y;
  }
  return { x, y };
}

/** Moves the pointer onto a point the way a person would (from nearby, in steps). */
export async function pointAt(page: Page, p: { x: number; y: number }): Promise<void> {
  await page.mouse.move(p.x - 30, p.y - 30);
  await page.mouse.move(p.x, p.y, { steps: 4 });
}

/** The card's heading, in the card frame of `frame` (cards belong to the frame whose text was hovered). */
export async function cardHeading(frame: Page | Frame) {
  return (await cardLocator(frame)).locator('h2');
}

/** CDP TaskDuration/ScriptDuration (seconds of main-thread work) of a page, summed since it was enabled. */
export interface TaskReading {
  task: number;
  script: number;
  at: number;
  /** Wall-clock seconds from an earlier reading to this one. */
  seconds(earlier: TaskReading): number;
}

export async function taskSeconds(page: Page): Promise<() => Promise<TaskReading>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    const at = performance.now();
    return {
      task: get('TaskDuration'),
      script: get('ScriptDuration'),
      at,
      seconds: (earlier) => (at - earlier.at) / 1000,
    };
  };
}

/** Records a measurement on the test (annotations) and prints it (the list reporter shows stdout). */
export function note(type: string, description: string): void {
  test.info().annotations.push({ type, description });
  console.log(`[${type}] ${test.info().title}: ${description}`);
}
