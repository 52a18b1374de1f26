/**
 * The content script's part in clipping: tell the popup about the page (selection, canonical URL) and
 * mark the passages saved from this page again, with the 'clip' highlight layer, never with DOM nodes.
 * Extraction itself is injected only when saving (entrypoints/extract-page.ts), and the background
 * stores the result: IndexedDB opened here would be the page's.
 */
import { browser } from 'wxt/browser';
import { anchorQuote } from '../../lib/clips/text-anchor';
import { readMetadata } from '../../lib/clips/page-metadata';
import type { BackgroundRequest, ClipPassagesResponse, PageClipStateResponse, TabRequest } from '../../lib/messages';
import { HighlightLayers } from '../../lib/page/highlights';

export interface InstallClipsOptions {
  signal: AbortSignal;
  /**
   * Where saved passages are drawn. Its own layers by default, so that turning mention marking off
   * (which disposes the mention layers) does not hide what the reader saved.
   */
  layers?: HighlightLayers;
  /** Called when the collection changed (cached cards list the clips that mention an entity). */
  onChange?: () => void;
  doc?: Document;
}

/** Retries for passages of pages that render their text late (single-page apps). */
const RETRY_MS = [1_000, 4_000];

export function installClips({ signal, layers = new HighlightLayers(), onChange, doc = document }: InstallClipsOptions): void {
  const isTop = window === window.top;
  let generation = 0;

  const canonical = (): string | undefined => {
    try {
      return readMetadata(doc).canonicalUrl;
    } catch {
      return undefined;
    }
  };

  /** Asks the background for this page's saved selections and marks each one that can be found. */
  async function mark(): Promise<void> {
    const mine = ++generation;
    const request: BackgroundRequest = { type: 'clips:for-page', url: doc.URL, ...(canonical() ? { canonical: canonical()! } : {}) };
    const res = (await browser.runtime.sendMessage(request).catch(() => null)) as ClipPassagesResponse | null;
    if (mine !== generation || signal.aborted || !res) return;
    let pending = res.passages;
    const draw = () => {
      if (mine !== generation || signal.aborted || !doc.body) return;
      const missed: typeof pending = [];
      for (const p of pending) {
        const range = anchorQuote(doc.body, p.selection);
        if (!range) {
          missed.push(p);
          continue;
        }
        // A StaticRange costs nothing to keep as the page changes; a live Range is updated on every mutation.
        layers.add('clip', new StaticRange({ startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset }));
      }
      pending = missed;
    };
    layers.clearLayer('clip');
    draw();
    for (const ms of RETRY_MS) {
      if (pending.length === 0) break;
      await new Promise((r) => setTimeout(r, ms));
      draw();
    }
  }

  const listener = (raw: unknown): Promise<unknown> | undefined => {
    if (signal.aborted) return undefined;
    const msg = raw as TabRequest;
    switch (msg?.type) {
      case 'page:clip-state': {
        const sel = doc.getSelection();
        const c = canonical();
        const res: PageClipStateResponse = { url: doc.URL, hasSelection: !!sel && !sel.isCollapsed && sel.toString().trim().length > 0, ...(c ? { canonical: c } : {}) };
        return Promise.resolve(res);
      }
      case 'clips:changed':
        onChange?.();
        if (isTop) void mark();
        return undefined;
      default:
        return undefined;
    }
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener(
    'abort',
    () => {
      browser.runtime.onMessage.removeListener(listener);
      layers.clearLayer('clip');
    },
    { once: true },
  );

  // Saved passages are looked up from the top frame only: one lookup per page, not one per ad frame.
  if (isTop) void mark();
}
