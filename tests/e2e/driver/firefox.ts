/**
 * The driver over real Firefox: puppeteer-core speaks WebDriver BiDi to a stock Firefox (Debian's
 * firefox-esr; no browser download) and installs the built add-on with `browser.installExtension`.
 * Extension pages open only with `--remote-allow-system-access`, under a moz-extension UUID pinned by
 * the `extensions.webextensions.uuids` pref; such a navigation never reports its end to BiDi, so it is
 * started without awaiting it and the tab is polled.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Frame, type LaunchOptions, type Page } from 'puppeteer-core';
import { firefoxPath } from '../../support/find-browser';
import { startRecordProxy, type RecordProxy } from '../../support/record-proxy';
import { askScanStateInExtension, readScanState, scanProbeInPage, type ScanState } from './scan-state';
import type { CardFrameResult, Driver, PageFn, Point, Tab } from './types';

/** The built add-on the lane installs; FIREFOX_EXTENSION_DIR points it at another build (e.g. an MV3 trial). */
export const FIREFOX_EXTENSION_DIR =
  process.env.FIREFOX_EXTENSION_DIR ??
  resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../.output/firefox-mv3');
/** The gecko id in wxt.config.ts. */
export const ADDON_ID = 'context-reader@example.org';
const UUID = '0c3e2a1d-5f6b-4c7d-8e9f-a0b1c2d3e4f5';
const ORIGIN = `moz-extension://${UUID}`;
const VIEWPORT = { width: 1280, height: 800 };

// Re-reads state at a short interval (a poll, not a wait for time to pass).
const pause = () => new Promise((r) => setTimeout(r, 50));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`,
      );
    await pause();
  }
}

/**
 * Sets the tab's viewport. Firefox before 141 lacks the screen-orientation command puppeteer sends with
 * it; there the window's size (set at launch) stands, which the flows tolerate.
 */
async function sizeTab(page: Page, viewport: { width: number; height: number }): Promise<void> {
  try {
    await page.setViewport(viewport);
  } catch (e) {
    if (!/setScreenOrientationOverride/.test(String(e))) throw e;
  }
}

/** Runs `askScanStateInExtension` with the extension's rights (the driver's own extension page). */
type AskScanState = (name: string) => Promise<string | null>;

class FirefoxTab implements Tab {
  constructor(
    readonly page: Page,
    private readonly downloads: string,
    private readonly ask: AskScanState,
  ) {}

  scanState(): Promise<ScanState | null> {
    return readScanState(() => this.page.evaluate(scanProbeInPage), this.ask);
  }

  /**
   * Navigates and waits for the load. Firefox's BiDi has answered `browsingContext.navigate` with
   * NS_BINDING_ABORTED though nothing else navigated the tab (CI in fresh clones, twice, each time to
   * hostile-shadow.html; never in 7 lane runs in a warm checkout, 3 of them with both cores busy), and
   * `browsingContext.reload` the same once (CI at ddd6e00, news-article.html): see `settle`.
   */
  async goto(url: string): Promise<void> {
    await this.settle(`navigation to ${url}`, () => this.page.goto(url, { waitUntil: 'load' }), url);
  }
  async reload(): Promise<void> {
    // A mark in the page's own window tells the document before the reload from the one after it.
    await this.page.evaluate(() => {
      (window as unknown as Record<string, unknown>).__laneBeforeReload = true;
    });
    const url = this.page.url();
    await this.settle(`reload of ${url}`, () => this.page.reload({ waitUntil: 'load' }), url);
  }

  /**
   * Runs a navigation; if BiDi reports NS_BINDING_ABORTED, polls the tab for a fresh document loaded at
   * `url` (no reload mark, readyState complete) and, if none comes, runs the navigation once more. Any
   * other error, or a second failure, stands.
   */
  private async settle(what: string, navigate: () => Promise<unknown>, url: string): Promise<void> {
    try {
      await navigate();
      return;
    } catch (e) {
      if (!/NS_BINDING_ABORTED/.test(String(e))) throw e;
      console.warn(`[firefox] ${what} reported NS_BINDING_ABORTED; checking the tab`);
    }
    const loaded = async () =>
      this.page.evaluate(
        (u) =>
          location.href === u &&
          document.readyState === 'complete' &&
          !(window as unknown as Record<string, unknown>).__laneBeforeReload,
        url,
      );
    const there = await until(
      `the aborted ${what} to settle`,
      async () => ((await loaded()) ? true : undefined),
      5_000,
    ).catch(() => false);
    console.warn(`[firefox] ${what}: ${there ? 'loaded in the tab all the same' : 'not loaded; running it again'}`);
    if (!there) await navigate();
  }
  evaluate<A, R>(fn: PageFn<A, R>, arg: A): Promise<R> {
    return this.page.evaluate(fn as (a: unknown) => R, arg);
  }
  async waitFor<A>(fn: PageFn<A, unknown>, arg: A, timeoutMs = 10_000): Promise<void> {
    await this.page.waitForFunction(fn as (a: unknown) => unknown, { timeout: timeoutMs, polling: 'raf' }, arg);
  }
  async mouseMove(p: Point, steps = 1): Promise<void> {
    await this.page.mouse.move(p.x, p.y, { steps });
  }
  async mouseClick(p: Point): Promise<void> {
    await this.page.mouse.click(p.x, p.y);
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
  }
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  async setInputFiles(selector: string, paths: string[]): Promise<void> {
    const input = await this.page.$(selector);
    if (!input) throw new Error(`no ${selector} on the page`);
    await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(...paths);
  }
  async download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const before = new Set(await readdir(this.downloads));
    await click();
    // Firefox writes a temporary file first and renames it when the download is complete: wait until no
    // temporary file is left and a new file has content.
    return until(
      'the download',
      async () => {
        const now = await readdir(this.downloads);
        if (now.some((f) => f.endsWith('.part'))) return undefined;
        const name = now.find((f) => !before.has(f));
        if (!name) return undefined;
        const bytes = await readFile(join(this.downloads, name));
        return bytes.length ? { name, bytes } : undefined;
      },
      15_000,
    );
  }
  async inCardFrame<A, R>(fn: PageFn<A, R>, arg: A): Promise<CardFrameResult<R> | null> {
    // BiDi reports the card frame (a moz-extension document inside the page) but not its navigation: its
    // URL stays about:blank here, so each child frame is asked where it is.
    let frame: Frame | undefined;
    for (const f of this.page.mainFrame().childFrames()) {
      if (f.detached) continue;
      const href = await f.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && new URL(href).pathname === '/card.html') frame = f;
    }
    const el = await frame?.frameElement().catch(() => null);
    if (!frame || !el) return null;
    const result = (await frame.evaluate(fn as (a: unknown) => R, arg)) as R;
    const box = await el.boundingBox();
    const shown = await el.evaluate((e) => getComputedStyle(e as Element).opacity !== '0');
    return { result, offset: { x: box?.x ?? 0, y: box?.y ?? 0 }, shown };
  }
  async frameText(iframeSelector: string): Promise<string> {
    const frame = await (await this.page.$(iframeSelector))?.contentFrame();
    if (frame) return frame.evaluate(() => document.body.innerText);
    // puppeteer tracks no frames inside a moz-extension page (its navigation is not BiDi's): read the
    // sandboxed frame's document as the browser parsed it from srcdoc instead.
    const text = await this.page.evaluate((sel) => {
      const f = document.querySelector<HTMLIFrameElement>(sel);
      if (!f?.hasAttribute('srcdoc')) return null;
      const doc = new DOMParser().parseFromString(f.srcdoc, 'text/html');
      return doc.body.textContent ?? '';
    }, iframeSelector);
    if (text === null) throw new Error(`no srcdoc frame at ${iframeSelector}`);
    return text;
  }
  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

/** Headless Firefox whose every request goes through the recording proxy, downloads into `downloads`. */
function launchOptions(proxyPort: number, downloads: string): LaunchOptions {
  return {
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Viewports are set per tab (sizeTab): puppeteer's default one needs a BiDi command Firefox 140 lacks.
    defaultViewport: null,
    args: ['--remote-allow-system-access', `--width=${VIEWPORT.width}`, `--height=${VIEWPORT.height}`],
    // Lets the pref below move Firefox's remote-settings server (release builds ignore it otherwise).
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
      // Firefox's own remote-settings sync, off (Mozilla's test harnesses do the same), so that every
      // request left on the recording is the pages' or the extension's.
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      // Every request, loopback included, through the recording proxy (support/record-proxy.ts).
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.no_proxies_on': '',
      // Downloads land in a folder of ours without a dialog.
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
    },
  };
}

export async function launchFirefoxDriver(options: { extensionDir?: string } = {}): Promise<Driver> {
  const dir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const proxy: RecordProxy = await startRecordProxy();
  const downloads = await mkdtemp(join(tmpdir(), 'cr-ff-downloads-'));
  const browser: Browser = await puppeteer.launch(launchOptions(proxy.port, downloads));
  try {
    await browser.installExtension(dir);
  } catch (e) {
    await browser.close();
    throw new Error(`Firefox refused the add-on at ${dir} (run \`npx wxt build -b firefox\` first): ${String(e)}`);
  }
  const tabs = new Set<FirefoxTab>();
  // Asked in the extension page opened below, once it exists (only pages opened after it ask).
  const ask: AskScanState = (name) => privileged.evaluate(askScanStateInExtension, name);

  const openExtensionPage = async (path: string, viewport = VIEWPORT): Promise<FirefoxTab> => {
    const page = await browser.newPage();
    await sizeTab(page, viewport);
    const url = `${ORIGIN}/${path}`;
    page.goto(url).catch(() => undefined);
    await until(
      `${url} to load`,
      async () =>
        (await page.evaluate(() => [location.href, document.readyState])).join(' ') === `${url} complete`
          ? true
          : undefined,
      15_000,
    );
    const tab = new FirefoxTab(page, downloads, ask);
    tabs.add(tab);
    return tab;
  };
  // Privileged calls run in an extension page of their own, opened once (the background is not a BiDi target).
  const privileged = await openExtensionPage('reader.html');
  tabs.delete(privileged);

  const driver: Driver = {
    browser: 'firefox',
    extensionOrigin: ORIGIN,
    async newTab(viewport = VIEWPORT) {
      const page = await browser.newPage();
      await sizeTab(page, viewport);
      const tab = new FirefoxTab(page, downloads, ask);
      tabs.add(tab);
      return tab;
    },
    openExtensionPage,
    async waitForTab(prefix, timeoutMs = 10_000) {
      const known = new Set([privileged.page, ...[...tabs].map((t) => t.page)]);
      const page = await until(
        `a tab at ${prefix}`,
        async () => {
          for (const p of await browser.pages()) {
            if (known.has(p)) continue;
            const href = await p
              .evaluate(() => (document.readyState === 'complete' ? location.href : ''))
              .catch(() => '');
            if (href.startsWith(prefix)) return p;
          }
          return undefined;
        },
        timeoutMs,
      );
      const tab = new FirefoxTab(page, downloads, ask);
      tabs.add(tab);
      return tab;
    },
    inExtension: (fn, arg) => privileged.evaluate(fn, arg),
    takeRequests: () => Promise.resolve(proxy.take()),
    async reset() {
      for (const t of tabs) await t.close();
      tabs.clear();
      // Tabs the extension opened (a citation's reader page) are not in `tabs`.
      for (const p of await browser.pages()) if (p !== privileged.page) await p.close().catch(() => undefined);
      proxy.take();
    },
    fresh: () => launchFirefoxDriver(options),
    async close() {
      await browser.close();
      await proxy.close();
      await rm(downloads, { recursive: true, force: true });
    },
  };
  return driver;
}
