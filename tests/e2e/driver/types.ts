/**
 * The thin driver layer the shared flows (tests/e2e/flows/) are written against: one interface, one
 * implementation over Playwright's Chromium (driver/chromium.ts) and one over puppeteer-core's Firefox
 * through WebDriver BiDi (driver/firefox.ts). Every input is a real, trusted mouse or keyboard event;
 * reads run in the page's main world, as page script would see it.
 */
import type { ScanState } from './scan-state';

export type BrowserName = 'chromium' | 'firefox';

export interface Point {
  x: number;
  y: number;
}

/** A serialisable function run in a page (or an extension page) with one argument. */
export type PageFn<A, R> = (arg: A) => R | Promise<R>;

export interface CardFrameResult<R> {
  result: R;
  /** The frame element's top-left corner in the page's viewport. */
  offset: Point;
  /** Whether the frame is shown (not the transparent, warm frame kept ahead of a hover). */
  shown: boolean;
}

export interface Tab {
  /** Navigates and waits for the load event (web pages; extension pages open with `Driver.openExtensionPage`). */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs `fn` in the page's own (main) world, as the page's script would: Playwright's main world in
   * Chromium, WebDriver BiDi's window realm without a sandbox in Firefox (the attacker flow relies on it).
   * In Firefox an object of another compartment (an extension API's answer in an extension page) cannot be
   * returned ("Property access denied"): return it as JSON.
   */
  evaluate<A, R>(fn: PageFn<A, R>, arg: A): Promise<R>;
  /**
   * How far the extension's marking of this page got, asked of its content script through the extension
   * (driver/scan-state.ts); null before a content script answers. Pages see no such signal.
   */
  scanState(): Promise<ScanState | null>;
  /** Waits until `fn` returns a truthy value in the page. */
  waitFor<A>(fn: PageFn<A, unknown>, arg: A, timeoutMs?: number): Promise<void>;
  mouseMove(p: Point, steps?: number): Promise<void>;
  mouseClick(p: Point): Promise<void>;
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  bringToFront(): Promise<void>;
  /** Sets the files of the `<input type=file>` matched by `selector` (the user picking files). */
  setInputFiles(selector: string, paths: string[]): Promise<void>;
  /** Runs `click` (the person's click that starts a download) and returns the downloaded file. */
  download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }>;
  /**
   * Runs `fn` in the card frame of the top page (the extension's card.html inside the page's host
   * element), with where that frame sits in the viewport and whether it is shown (the host keeps it
   * transparent until a card is placed); null when the page has no card frame. Reaching into it is the
   * test's privilege (the browser's frame tree); page script cannot.
   */
  inCardFrame<A, R>(fn: PageFn<A, R>, arg: A): Promise<CardFrameResult<R> | null>;
  /** The rendered text of the body of the frame `iframeSelector` points at (sandboxed frames included). */
  frameText(iframeSelector: string): Promise<string>;
  close(): Promise<void>;
}

export interface Driver {
  readonly browser: BrowserName;
  /** `chrome-extension://ID` or `moz-extension://UUID`, no trailing slash. */
  readonly extensionOrigin: string;
  newTab(viewport?: { width: number; height: number }): Promise<Tab>;
  /** Opens `path` (e.g. `popup.html?tab=3`) of the extension in a new tab and waits for its document to load. */
  openExtensionPage(path: string, viewport?: { width: number; height: number }): Promise<Tab>;
  /** The next tab to open whose URL starts with `prefix` (e.g. the reader page a citation opens). */
  waitForTab(prefix: string, timeoutMs?: number): Promise<Tab>;
  /** Runs `fn` with the extension's privileges (Chromium: the service worker; Firefox: an extension page). */
  inExtension<A, R>(fn: PageFn<A, R>, arg: A): Promise<R>;
  /** Every URL the browser requested (pages, frames, extension pages and the background) since the last call. */
  takeRequests(): Promise<string[]>;
  /** Closes every tab the flow opened (the driver's own extension page stays) and forgets recorded requests. */
  reset(): Promise<void>;
  /** A second browser with a fresh profile and the same extension, for flows that move data between profiles. */
  fresh(): Promise<Driver>;
  close(): Promise<void>;
}
