/**
 * The driver over Playwright's Chromium with the built extension (support/browser.ts): the Chromium lane
 * runs the shared flows under Playwright's runner through this.
 */
import type { Page } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from '../../support/browser';
import { askScanStateInExtension, readScanState, scanProbeInPage, type ScanState } from './scan-state';
import type { CardFrameResult, Driver, PageFn, Point, Tab } from './types';

// The driver's functions are typed by their own argument; Playwright's generics want its Unboxed<A>.
type Loose<R> = (arg: unknown) => R | Promise<R>;

const VIEWPORT = { width: 1280, height: 800 };

class ChromiumTab implements Tab {
  constructor(
    readonly page: Page,
    private readonly ext: ExtensionBrowser,
  ) {}
  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }
  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
  }
  evaluate<A, R>(fn: PageFn<A, R>, arg: A): Promise<R> {
    return this.page.evaluate(fn as Loose<R>, arg as unknown);
  }
  scanState(): Promise<ScanState | null> {
    return readScanState(
      () => this.page.evaluate(scanProbeInPage),
      (name) => this.ext.worker.evaluate(askScanStateInExtension, name),
    );
  }
  async waitFor<A>(fn: PageFn<A, unknown>, arg: A, timeoutMs = 10_000): Promise<void> {
    await this.page.waitForFunction(fn as Loose<unknown>, arg as unknown, { timeout: timeoutMs });
  }
  async mouseMove(p: Point, steps = 1): Promise<void> {
    await this.page.mouse.move(p.x, p.y, { steps });
  }
  async mouseClick(p: Point): Promise<void> {
    await this.page.mouse.click(p.x, p.y);
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  async setInputFiles(selector: string, paths: string[]): Promise<void> {
    await this.page.locator(selector).setInputFiles(paths);
  }
  async download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), click()]);
    const { readFile } = await import('node:fs/promises');
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  }
  async inCardFrame<A, R>(fn: PageFn<A, R>, arg: A): Promise<CardFrameResult<R> | null> {
    const frame = this.page
      .mainFrame()
      .childFrames()
      .filter(
        (f) =>
          !f.isDetached() && new URL(f.url()).pathname === '/card.html' && f.url().startsWith('chrome-extension://'),
      )
      .at(-1);
    const el = await frame?.frameElement().catch(() => null);
    if (!frame || !el) return null;
    const result = await frame.evaluate(fn as Loose<R>, arg as unknown);
    const box = await el.boundingBox();
    const shown = await el.evaluate((e) => getComputedStyle(e as Element).opacity !== '0');
    return { result, offset: { x: box?.x ?? 0, y: box?.y ?? 0 }, shown };
  }
  frameText(iframeSelector: string): Promise<string> {
    return this.page.frameLocator(iframeSelector).locator('body').innerText();
  }
  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

/** Wraps a running Chromium with the extension (the Playwright worker fixture's `ext`). */
export function chromiumDriver(ext: ExtensionBrowser, ownsBrowser = false): Driver {
  const origin = `chrome-extension://${ext.extensionId}`;
  let seen: string[] = [];
  // Playwright reports the service worker's fetches as context requests, so the worker is covered too.
  ext.context.on('request', (r) => void seen.push(r.url()));
  const watchSockets = (p: Page) => p.on('websocket', (w) => void seen.push(w.url()));
  ext.context.pages().forEach(watchSockets);
  ext.context.on('page', watchSockets);
  const tabs = new Set<ChromiumTab>();
  const newTab = async (viewport = VIEWPORT) => {
    const page = await ext.context.newPage();
    await page.setViewportSize(viewport);
    const tab = new ChromiumTab(page, ext);
    tabs.add(tab);
    return tab;
  };
  return {
    browser: 'chromium',
    extensionOrigin: origin,
    newTab,
    async openExtensionPage(path, viewport = VIEWPORT) {
      const tab = await newTab(viewport);
      await tab.goto(`${origin}/${path}`);
      return tab;
    },
    async waitForTab(prefix, timeoutMs = 10_000) {
      const page =
        ext.context.pages().find((p) => p.url().startsWith(prefix)) ??
        (await ext.context.waitForEvent('page', {
          predicate: (p) => p.url().startsWith(prefix) || !p.url().startsWith('about:'),
          timeout: timeoutMs,
        }));
      await page.waitForURL((u) => u.href.startsWith(prefix), { timeout: timeoutMs });
      await page.waitForLoadState('load');
      const tab = new ChromiumTab(page, ext);
      tabs.add(tab);
      return tab;
    },
    inExtension: <A, R>(fn: PageFn<A, R>, arg: A) => ext.worker.evaluate(fn as Loose<R>, arg as unknown),
    takeRequests: () => {
      const out = seen;
      seen = [];
      return Promise.resolve(out);
    },
    async reset() {
      for (const p of ext.context.pages()) await p.close().catch(() => undefined);
      tabs.clear();
      seen = [];
    },
    fresh: async () => chromiumDriver(await launchWithExtension(), true),
    close: async () => {
      if (ownsBrowser) await ext.close();
    },
  };
}
