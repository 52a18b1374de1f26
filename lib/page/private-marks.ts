/**
 * Draws the marks a page must not learn about: the reader's own entities, the saved passages, the mention
 * under the pointer and the popup's flash. The CSS Custom Highlight API cannot carry them: its registry
 * (CSS.highlights) is the document's, shared with page script, which can list every range in it. A page
 * that writes a name it guesses and reads the registry back would learn whether the reader tracks it, or
 * which of its sentences the reader saved.
 *
 * So these are boxes in a closed shadow root, built from the ranges' client rects. What the page can see:
 * one host element, there whenever the content script runs (made before any mark, whether or not there is
 * one to draw, so its presence says nothing), with a constant style and no attribute, no text, and
 * `display: contents`, so it has no box at all: its size, scroll size (which counts a box's descendants'
 * overflow: a sized host would report how far down the lowest mark is) and client rects are zero. The
 * boxes take no pointer events (elementFromPoint and caret hit-tests pass through them), are cut to the
 * document's scroll area and to every overflow-clipping ancestor of their text (so a mark never widens
 * the page or shows through a closed carousel), and are made anew each time they are placed rather than
 * moved (a moved element would add to the layout shifts the page can observe). They are positioned against
 * the document, so they scroll with it natively, with no z-index: after the page's text, under its
 * raised headers and dialogs.
 *
 * Boxes are placed again on the next frame after anything that can move text under them: a range added,
 * a resize, an inner scroller's scroll, a font load, a change of the document's size or of its nodes.
 */

export type PrivateLayer = 'own' | 'active' | 'flash' | 'clip';

/**
 * Same tints as the highlight sheet (highlight-style.ts), multiplied so the page's text stays its colour.
 * Exported for the end-to-end tests, which tell the layers apart by them.
 */
export const PRIVATE_LOOK: Record<PrivateLayer, string> = {
  own: 'background-color: rgba(0, 170, 150, 0.28); box-shadow: inset 0 -2px 0 rgba(0, 120, 105, 0.9);',
  clip: 'background-color: rgba(60, 200, 120, 0.3);',
  active: 'background-color: rgba(255, 200, 0, 0.6);',
  flash: 'background-color: rgba(255, 120, 0, 0.75);',
};
/** Drawn in this order, later over earlier. */
const ORDER: readonly PrivateLayer[] = ['clip', 'own', 'active', 'flash'];

const XHTML = 'http://www.w3.org/1999/xhtml';
/** Re-attachments allowed to a page that keeps removing the host, so that fighting it cannot loop. */
const MAX_REATTACH = 20;

interface Box {
  range: AbstractRange;
  els: HTMLElement[];
}

export interface PrivateMarksOptions {
  doc?: Document;
  /** Next frame (tests pass their own). */
  requestFrame?: (cb: () => void) => void;
}

/** The host's whole style attribute: constant, so tests (and pages) can tell it, and it says nothing. */
export const PRIVATE_HOST_STYLE = 'display: contents !important; pointer-events: none !important;';

export class PrivateMarks {
  private readonly doc: Document;
  private readonly win: Window & typeof globalThis;
  private readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private origin: HTMLElement | null = null;
  private readonly boxes = new Map<PrivateLayer, Map<AbstractRange, Box>>();
  private readonly abort = new AbortController();
  private readonly requestFrame: (cb: () => void) => void;
  private frameDue = false;
  private reattached = 0;
  private resize: ResizeObserver | null = null;
  private readonly moved: MutationObserver;
  private watching = false;

  constructor(o: PrivateMarksOptions = {}) {
    this.doc = o.doc ?? document;
    this.win = this.doc.defaultView ?? window;
    // The next frame, where the layout the boxes read is due anyway; a hidden tab has no frames, and its
    // layout is nobody's wait (the popup's "reveal" draws in a tab the reader is about to see).
    this.requestFrame =
      o.requestFrame ??
      ((cb) => (this.doc.hidden ? this.win.setTimeout(cb, 0) : this.win.requestAnimationFrame(() => cb())));
    this.host = this.doc.createElementNS(XHTML, 'div');
    // Styles are set through the CSSOM, which a page's style-src policy does not govern (inline markup would be).
    // Important, so no page rule (html > * { display: block !important }) can give it a box, whose scroll
    // size would report how far the marks inside reach.
    this.host.style.setProperty('display', 'contents', 'important');
    this.host.style.setProperty('pointer-events', 'none', 'important');
    // Empty until the first box: a host with nothing inside has no layout object, so attaching it costs
    // the page nothing (see place() for what a box inside did).
    this.root = this.host.attachShadow({ mode: 'closed' });
    this.attach();
    const signal = this.abort.signal;
    // The page may drop the host (a single-page app that rewrites <html>): put it back at once, so that
    // when it comes back says nothing about what there is to draw.
    const reattach = new this.win.MutationObserver(() => {
      if (!this.host.isConnected && this.reattached < MAX_REATTACH) {
        this.reattached++;
        this.attach();
      }
    });
    reattach.observe(this.doc.documentElement, { childList: true });
    const again = () => this.schedule();
    // Text inserted or removed above a mark moves it without resizing the document. Watched only while
    // there is something drawn: most pages never have a private mark, and a big page's load is all mutations.
    this.moved = new this.win.MutationObserver(again);
    this.win.addEventListener('resize', again, { passive: true, signal });
    // Scrolls of inner scrollers move their text under the boxes; the document's own scroll does not.
    this.doc.addEventListener('scroll', (e) => e.target !== this.doc && again(), {
      capture: true,
      passive: true,
      signal,
    });
    this.doc.fonts?.addEventListener?.('loadingdone', again, { signal });
    if (typeof this.win.ResizeObserver === 'function') this.resize = new this.win.ResizeObserver(again);
    signal.addEventListener(
      'abort',
      () => {
        reattach.disconnect();
        this.watch(false);
      },
      { once: true },
    );
  }

  /** The element the page can see (tests check it says nothing). */
  get element(): HTMLElement {
    return this.host;
  }

  add(layer: PrivateLayer, range: AbstractRange): void {
    let map = this.boxes.get(layer);
    if (!map) this.boxes.set(layer, (map = new Map<AbstractRange, Box>()));
    if (map.has(range)) return;
    map.set(range, { range, els: [] });
    this.schedule();
  }

  delete(layer: PrivateLayer, range: AbstractRange): void {
    const box = this.boxes.get(layer)?.get(range);
    if (!box) return;
    for (const el of box.els) el.remove();
    this.boxes.get(layer)!.delete(range);
    this.schedule(); // the others stay; watching stops once none is left
  }

  set(layer: PrivateLayer, ranges: readonly AbstractRange[]): void {
    this.clearLayer(layer);
    for (const r of ranges) this.add(layer, r);
  }

  clearLayer(layer: PrivateLayer): void {
    const map = this.boxes.get(layer);
    if (!map) return;
    for (const box of map.values()) for (const el of box.els) el.remove();
    map.clear();
    this.schedule();
  }

  /** How many ranges a layer draws (tests). */
  count(layer: PrivateLayer): number {
    return this.boxes.get(layer)?.size ?? 0;
  }

  /** Removes every box, keeping the host (its presence must not depend on what is drawn). */
  clearAll(): void {
    for (const layer of this.boxes.keys()) this.clearLayer(layer);
  }

  dispose(): void {
    this.clearAll();
    this.abort.abort();
    this.host.remove();
  }

  private hasBoxes(): boolean {
    for (const map of this.boxes.values()) if (map.size) return true;
    return false;
  }

  private attach(): void {
    // An SVG or other XML document has nowhere to draw HTML boxes; it has nothing marked either.
    if (this.doc.documentElement?.namespaceURI === XHTML) this.doc.documentElement.append(this.host);
  }

  /** Follows the page's changes while boxes are drawn, and stops when none are. */
  private watch(on: boolean): void {
    if (on === this.watching) return;
    this.watching = on;
    if (on) {
      this.moved.observe(this.doc.documentElement, { childList: true, characterData: true, subtree: true });
      this.resize?.observe(this.doc.documentElement);
    } else {
      this.moved.disconnect();
      this.resize?.disconnect();
    }
  }

  private schedule(): void {
    if (this.frameDue || this.abort.signal.aborted) return;
    this.frameDue = true;
    this.requestFrame(() => {
      this.frameDue = false;
      this.place();
    });
  }

  /** Makes every box anew from its range's rects, relative to the boxes' containing block. */
  private place(): void {
    if (this.abort.signal.aborted) return;
    for (const map of this.boxes.values())
      for (const box of map.values()) for (const el of box.els.splice(0)) el.remove();
    this.watch(this.hasBoxes() && !this.abort.signal.aborted);
    if (!this.watching || !this.host.isConnected) return;
    // Where a box at (0, 0) lands: the document's origin, or <html>'s box if the page positioned it. Made
    // with the first box, not with the host: a positioned box under <html> cost the page a layout and a
    // pre-paint of the whole document in the frame after the content script started (8 + 26 + 4 ms of
    // layout, pre-paint and paint on the dense 5 MB bench page, traced), on every page, most of which
    // never draw a private mark. Inside the closed root its coming is seen only as the boxes' own is.
    if (!this.origin) {
      this.origin = this.doc.createElementNS(XHTML, 'div');
      this.origin.style.cssText = 'position: absolute; left: 0; top: 0; width: 0; height: 0;';
      this.root.prepend(this.origin);
    }
    const origin = this.origin.getBoundingClientRect();
    const root = this.doc.documentElement;
    // The document's scroll area in viewport coordinates: no box may reach beyond it.
    const page = new DOMRect(-this.win.scrollX, -this.win.scrollY, root.scrollWidth, root.scrollHeight);
    const clips = new Map<Element, DOMRect | null>();
    for (const layer of ORDER) {
      for (const box of this.boxes.get(layer)?.values() ?? []) {
        // One group per range (its line and element fragments), with no box of its own.
        const group = this.doc.createElementNS(XHTML, 'div');
        group.style.cssText = 'display: contents;';
        for (const r of this.rectsOf(box.range, clips)) {
          const cut = intersect(r, page);
          if (!cut) continue;
          const el = this.doc.createElementNS(XHTML, 'div');
          el.style.cssText =
            `position: absolute; pointer-events: none; visibility: visible; mix-blend-mode: multiply; left: ${cut.left - origin.left}px; ` +
            `top: ${cut.top - origin.top}px; width: ${cut.width}px; height: ${cut.height}px; ${PRIVATE_LOOK[layer]}`;
          group.append(el);
        }
        if (!group.firstChild) continue;
        box.els.push(group);
        this.root.append(group);
      }
    }
  }

  /** The range's line boxes, each cut to what its overflow-clipping ancestors let show. */
  private rectsOf(range: AbstractRange, clips: Map<Element, DOMRect | null>): DOMRect[] {
    const live = this.liveRange(range);
    if (!live) return [];
    const container = live.startContainer;
    const el = container.nodeType === 1 ? (container as Element) : container.parentElement;
    const clip = el ? this.clipOf(el, clips) : null;
    const out: DOMRect[] = [];
    for (const r of live.getClientRects()) {
      if (r.width <= 0 || r.height <= 0) continue;
      const cut = clip ? intersect(r, clip) : r;
      if (cut) out.push(cut);
    }
    return out;
  }

  private liveRange(range: AbstractRange): Range | null {
    if (range instanceof this.win.Range) return range;
    try {
      const r = this.doc.createRange();
      r.setStart(range.startContainer, range.startOffset);
      r.setEnd(range.endContainer, range.endOffset);
      return r;
    } catch {
      return null; // the page changed the text under a static range: nothing to draw
    }
  }

  /** The intersection of the client boxes of `el`'s ancestors that clip overflow; null when none does. */
  private clipOf(el: Element, cache: Map<Element, DOMRect | null>): DOMRect | null {
    if (cache.has(el)) return cache.get(el)!;
    const parent = el.parentElement ?? (el.getRootNode() as ShadowRoot).host ?? null;
    let clip = parent && parent !== this.doc.documentElement ? this.clipOf(parent, cache) : null;
    if (el !== this.doc.body && el !== this.doc.documentElement) {
      const s = this.win.getComputedStyle(el);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const own = el.getBoundingClientRect();
        clip = clip ? (intersect(own, clip) ?? new DOMRect(0, 0, 0, 0)) : own;
      }
    }
    cache.set(el, clip);
    return clip;
  }
}

function intersect(a: DOMRect, b: DOMRect): DOMRect | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return right > left && bottom > top ? new DOMRect(left, top, right - left, bottom - top) : null;
}
