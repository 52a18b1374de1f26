/**
 * The content script's part in clipping: tell the popup about the page (selection, canonical URL), and
 * mark the passages the reader saved from this page when the reader asks for them, in the private 'clip'
 * layer (lib/page/private-marks.ts): boxes in a closed shadow root, never the page's highlight registry.
 *
 * Nothing is asked on page load: the page learns nothing about the collection, and a page load does not wake the service worker. The background sends
 * the passages only after a gesture of the reader in an extension page (the popup's "Show your saved
 * passages", or saving a selection). Extraction itself is injected only when saving
 * (entrypoints/extract-page.ts), and the background stores the result: IndexedDB opened here would be
 * the page's.
 */
import { anchorQuote } from '../../lib/clips/text-anchor';
import { readMetadata } from '../../lib/clips/page-metadata';
import { readPassages, readRemoved } from '../../lib/guards';
import type { PageClipStateResponse, Passage, TabProtocol, TabRequest } from '../../lib/messages';
import type { HighlightLayers } from '../../lib/page/highlights';

export interface InstallClipsOptions {
  signal: AbortSignal;
  /**
   * Where saved passages are drawn: layers of their own, so that turning mention marking off (which
   * disposes the mention layers) does not hide what the reader saved, sharing the document's private
   * marks (the 'clip' layer must never reach the page-readable highlight registry).
   */
  layers: HighlightLayers;
  /** Called when the collection changed (cached cards list the clips that mention an entity). */
  onChange?: () => void;
  doc?: Document;
}

/** Retries for passages of pages that render their text late (single-page apps). */
const RETRY_MS = [1_000, 4_000];

/** Answers one message from the extension (`undefined`: not this frame's to answer). */
export type TabHandler = (raw: unknown) => Promise<unknown> | undefined;

/** Sets the clip layer up and returns the answers to the popup's and the background's clip messages. */
export function installClips({ signal, layers, onChange, doc = document }: InstallClipsOptions): TabHandler {
  const isTop = window === window.top;
  let generation = 0;
  /** What the reader asked to see on this page, kept to drop a deleted passage's mark. */
  let shown: Passage[] = [];

  /** Marks each passage that can be found; retries the rest while a late-rendering page fills in. */
  function mark(passages: Passage[]): number {
    const mine = ++generation;
    shown = passages;
    let marked = 0;
    let pending = passages;
    const draw = () => {
      if (mine !== generation || signal.aborted || !doc.body) return;
      const missed = markFound(doc.body, layers, pending);
      marked += pending.length - missed.length;
      pending = missed;
    };
    layers.clearLayer('clip');
    draw();
    void (async () => {
      for (const ms of RETRY_MS) {
        if (pending.length === 0 || mine !== generation) break;
        await new Promise((r) => setTimeout(r, ms));
        draw();
      }
    })();
    return marked;
  }

  const listener = (raw: unknown): Promise<unknown> | undefined => {
    if (signal.aborted) return undefined;
    const msg = raw as TabRequest;
    switch (msg?.type) {
      case 'page:clip-state':
        return Promise.resolve(clipState(doc));
      case 'page:show-passages': {
        if (!isTop) return undefined;
        const passages = readPassages(raw);
        if (!passages) return undefined;
        const res: TabProtocol['page:show-passages']['res'] = { marked: mark(passages) };
        return Promise.resolve(res);
      }
      case 'clips:changed': {
        onChange?.();
        const gone = new Set(readRemoved(raw));
        if (isTop && shown.some((p) => gone.has(p.id))) mark(shown.filter((p) => !gone.has(p.id)));
        return undefined;
      }
      default:
        return undefined;
    }
  };
  signal.addEventListener('abort', () => layers.clearLayer('clip'), { once: true });
  return listener;
}

/** Marks each passage found in `body`; returns those not found (yet). */
function markFound(body: HTMLElement, layers: HighlightLayers, passages: Passage[]): Passage[] {
  const missed: Passage[] = [];
  for (const p of passages) {
    const range = anchorQuote(body, p.selection);
    if (!range) {
      missed.push(p);
      continue;
    }
    // A StaticRange costs nothing to keep as the page changes; a live Range is updated on every mutation.
    layers.add(
      'clip',
      new StaticRange({
        startContainer: range.startContainer,
        startOffset: range.startOffset,
        endContainer: range.endContainer,
        endOffset: range.endOffset,
      }),
    );
  }
  return missed;
}

/** The page's address, its canonical link (a claim the background checks) and whether text is selected. */
function clipState(doc: Document): PageClipStateResponse {
  const sel = doc.getSelection();
  let canonical: string | undefined;
  try {
    canonical = readMetadata(doc).canonicalUrl;
  } catch {
    canonical = undefined;
  }
  const text = sel && !sel.isCollapsed ? sel.toString().replace(/\s+/g, ' ').trim() : '';
  // A name-sized selection, for the popup's "Track “…”"; the popup is the extension's own page.
  const name = text.length >= 2 && text.length <= 120 && text.split(' ').length <= 8 ? text : undefined;
  return {
    url: doc.URL,
    hasSelection: text.length > 0,
    ...(canonical ? { canonical } : {}),
    ...(name ? { selection: name } : {}),
  };
}
