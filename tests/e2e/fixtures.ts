/**
 * Playwright fixtures: one Chromium with the built extension per worker, a localhost page server, a
 * fresh tab per test with the extension's storage reset, and page objects for the steps tests repeat.
 */
import { test as base, expect, type Frame, type Locator, type Page } from '@playwright/test';
import { LAYERS, PREFIX_LENGTH } from '../../lib/page/highlights';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';

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
export type WorkerGlobal = typeof globalThis & { chrome: { storage: { local: { clear(): Promise<void>; get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } };

async function resetExtensionStorage(ext: ExtensionBrowser): Promise<void> {
  await ext.worker.evaluate(() => (globalThis as WorkerGlobal).chrome.storage.local.clear());
}

/** Waits until the content script has finished its first full pass over the page. */
export async function waitForMarking(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('context-reader:done').length > 0, null, { timeout: 15_000 });
}

export interface HighlightRange {
  layer: string;
  text: string;
  /** '' in the document; the shadow host's id (or tag) when the range sits in a shadow root. */
  shadow: string;
  /** Tag names of the range's ancestors (innermost first) up to its root, lower-cased. */
  ancestors: string[];
  /** Whether an ancestor is editable (contenteditable / designMode) or a form field. */
  editable: boolean;
}

/** Every range of every context-reader highlight in `frame`, read in the main world, without sorting across trees. */
export async function highlightRanges(frame: Page | Frame): Promise<HighlightRange[]> {
  return frame.evaluate(({ layers, prefixLength }) => {
    const out: { layer: string; text: string; shadow: string; ancestors: string[]; editable: boolean; key: number[] }[] = [];
    const reg = (CSS as unknown as { highlights?: Map<string, Iterable<AbstractRange>> }).highlights;
    if (!reg) return [];
    // The extension's names: a random prefix per document, then the layer's index (lib/page/highlights.ts).
    const ours = new RegExp(`^[a-z][0-9a-z]{${prefixLength - 1}}[0-9a-z]$`);
    for (const [name, h] of reg) {
      if (!ours.test(name)) continue;
      const layer = layers[parseInt(name.slice(prefixLength), 36)];
      if (!layer) continue;
      for (const r of h) {
        const live = document.createRange();
        try {
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
        } catch {
          continue;
        }
        const root = r.startContainer.getRootNode();
        const shadow = root instanceof ShadowRoot ? (root.host.id || root.host.tagName.toLowerCase()) : '';
        const ancestors: string[] = [];
        let editable = false;
        for (let el = r.startContainer.parentElement; el; el = el.parentElement) {
          ancestors.push(el.tagName.toLowerCase());
          if ((el as HTMLElement).isContentEditable || /^(textarea|input|select|option)$/i.test(el.tagName)) editable = true;
        }
        // Document-order key within the tree: path of child indexes.
        const key: number[] = [];
        for (let n: Node | null = r.startContainer; n && n.parentNode; n = n.parentNode) key.unshift([...n.parentNode.childNodes].indexOf(n as ChildNode));
        key.push(r.startOffset);
        out.push({ layer, text: live.toString(), shadow, ancestors, editable, key });
      }
    }
    out.sort((a, b) => (a.shadow < b.shadow ? -1 : a.shadow > b.shadow ? 1 : 0) || cmp(a.key, b.key));
    function cmp(a: number[], b: number[]): number {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
      return a.length - b.length;
    }
    return out.map(({ key: _key, ...rest }) => rest);
  }, { layers: [...LAYERS] as string[], prefixLength: PREFIX_LENGTH });
}

/** Every range the extension draws, with its layer and text, in document order, read from the main world. */
export async function marks(frame: Page | Frame): Promise<Mark[]> {
  return (await highlightRanges(frame)).map(({ layer, text }) => ({ layer, text }));
}

const NON_TYPE_LAYERS = new Set(['active', 'flash', 'quote', 'clip']);

/** Texts of the type-layer marks (not active/flash/quote/clip), whitespace collapsed, soft hyphens dropped. */
export async function markTexts(frame: Page | Frame): Promise<string[]> {
  return (await highlightRanges(frame)).filter((m) => !NON_TYPE_LAYERS.has(m.layer)).map((m) => m.text.replace(/\s+/g, ' ').replace(/\u00ad/g, ''));
}

/**
 * Centre of the n-th occurrence of `text` in the page's rendered text, found by walking text nodes in the
 * main world (the occurrence may span elements, as in `<b>Nikolai</b> Patrushev`).
 */
export async function pointOf(page: Page, text: string, nth = 0): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(
    ({ text, nth }) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      const starts: number[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = (n as Text).parentElement;
        if (parent && ['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT'].includes(parent.tagName)) continue;
        starts.push(all.length);
        nodes.push(n as Text);
        all += (n as Text).data;
      }
      let idx = -1;
      for (let i = 0; i <= nth; i++) idx = all.indexOf(text, idx + 1);
      if (idx < 0) return null;
      const find = (off: number) => {
        let i = starts.length - 1;
        while (i > 0 && starts[i]! > off) i--;
        return { node: nodes[i]!, offset: off - starts[i]! };
      };
      const a = find(idx);
      const b = find(idx + text.length - 1);
      const r = document.createRange();
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset + 1);
      r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const rect = r.getClientRects()[0]!;
      return { x: rect.left + Math.min(rect.width / 2, 12), y: rect.top + rect.height / 2 };
    },
    { text, nth },
  );
  if (!p) throw new Error(`"${text}" not found on the page`);
  return p;
}

/**
 * The one element the extension adds to a page: its shadow root is closed and holds only the card frame.
 * It carries no attribute of its own; its constant inline style is how a test (or a page) can tell it.
 */
export const CARD_HOST = 'div[style^="all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0;"]';

/**
 * The card frame under `frame` (the page's or a subframe's own card), once it exists: the content script
 * creates it once the pointer moves over a page with marks. Reaching into it is the test's privilege
 * (Playwright's frame tree); a page's script cannot.
 */
export async function cardFrame(frame: Page | Frame): Promise<Frame> {
  const parent = 'mainFrame' in frame ? frame.mainFrame() : frame;
  const find = () => parent.childFrames().filter((f) => f.url().includes('/card.html') && !f.isDetached()).at(-1);
  await expect.poll(() => find() !== undefined, { timeout: 10_000, message: 'no card frame under this frame' }).toBe(true);
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
