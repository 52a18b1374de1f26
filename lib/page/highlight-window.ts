/**
 * Decides which mentions are registered as CSS highlights. Chromium revalidates every range of every
 * highlight whenever a highlight changes, so a page with thousands of mentions pays for all of them on
 * each frame that adds one (measured: one ~75 ms frame after marking a 5 MB page). Small pages register
 * every mention at once; past `threshold` mentions only those within a viewport of the screen are
 * registered, following the reader as they scroll, so the browser's work stays proportional to what is
 * near the screen. Mentions are still all known to the store: counts, "scroll to first mention" and
 * hit-testing are unaffected.
 *
 * Nearness is decided per block (IntersectionObserver) and, inside a block holding more than
 * `giantBlock` mentions, by range position: one 2 MB `<pre>` text node held 12,692 mentions, all
 * registered while the block was on screen, and a jump to 90% of it took 2.6 s to show a mark. Such a
 * block's mentions are in text order, which is top-to-bottom order inside one block, so a binary search
 * over their rects finds the slice near the screen with a dozen measurements per scroll frame.
 */
import type { HighlightLayers, Layer } from './highlights';
import type { PageMention } from './mention-store';
import { BLOCK_TAGS } from './skip';

export interface HighlightWindowOptions {
  layers: HighlightLayers;
  /** The layer a mention is drawn in: its entity's type, or 'own' for the reader's own entities. */
  typeOf: (m: PageMention) => Layer;
  /** Registered mentions beyond which only those near the viewport stay registered. */
  threshold?: number;
  /** Mentions in one block beyond which that block is cut by range position. */
  giantBlock?: number;
  /** How far beyond the viewport counts as near. */
  rootMargin?: string;
  win?: Window & typeof globalThis;
  /** Vertical extent of a mention in viewport pixels (tests pass a fake: jsdom has no layout). */
  rectOf?: (m: PageMention) => { top: number; bottom: number };
  /** Next frame (tests pass a fake). */
  requestFrame?: (cb: () => void) => void;
}

interface Block {
  mentions: Set<PageMention>;
  /** Cached text-order array of `mentions` for the binary search; null when stale. */
  ordered: PageMention[] | null;
  /** Made on the first registration: most blocks of a long page are never near the screen. */
  registered: Set<PageMention> | null;
  /**
   * The last cut found mentions below the screen's margin: mentions added after it (text order) lie
   * further down and need no new cut. Measuring a range inside a 2 MB text node is not cheap (one cut
   * per frame while the block was being read cost 370 ms in all on the 2 MB <pre>).
   */
  beyond: boolean;
}

export class HighlightWindow {
  private readonly blocks = new Map<Element, Block>();
  private readonly blockOf = new WeakMap<PageMention, Element>();
  private readonly visible = new Set<Element>();
  private readonly giantVisible = new Set<Element>();
  private observer: IntersectionObserver | null = null;
  private count = 0;
  private registeredCount = 0;
  private frameDue = false;
  private scrollListening = false;
  private range: Range | null = null;
  private readonly onScroll = () => this.scheduleRefine();

  constructor(private readonly o: HighlightWindowOptions) {}

  /** Mentions registered as highlights right now. */
  get registered(): number {
    return this.registeredCount;
  }

  add(m: PageMention): void {
    const el = anchorElement(m);
    if (!el) return;
    this.blockOf.set(m, el);
    let b = this.blocks.get(el);
    if (!b) {
      this.blocks.set(el, (b = { mentions: new Set(), ordered: null, registered: null, beyond: false }));
      this.observer?.observe(el);
    }
    b.mentions.add(m);
    b.ordered = null;
    this.count++;
    if (!this.observer) {
      this.register(b, m);
      if (this.count > (this.o.threshold ?? 600)) this.enterWindowedMode();
    } else if (this.visible.has(el)) {
      if (!this.isGiant(b)) this.register(b, m);
      else if (!b.beyond || !this.giantVisible.has(el)) {
        this.giantVisible.add(el);
        this.scheduleRefine();
      }
    }
  }

  remove(m: PageMention): void {
    const el = this.blockOf.get(m);
    if (!el) return;
    this.blockOf.delete(m);
    const b = this.blocks.get(el);
    if (!b?.mentions.delete(m)) return;
    this.unregister(b, m);
    b.ordered = null;
    b.beyond = false;
    this.count--;
    if (!b.mentions.size) {
      this.blocks.delete(el);
      this.visible.delete(el);
      this.giantVisible.delete(el);
      this.observer?.unobserve(el);
    }
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.win().removeEventListener('scroll', this.onScroll, { capture: true });
    this.scrollListening = false;
  }

  private win(): Window & typeof globalThis {
    return this.o.win ?? window;
  }

  private isGiant(b: Block): boolean {
    return b.mentions.size > (this.o.giantBlock ?? 200);
  }

  private register(b: Block, m: PageMention): void {
    if (b.registered?.has(m)) return;
    (b.registered ??= new Set()).add(m);
    this.registeredCount++;
    this.o.layers.add(this.o.typeOf(m), m.range);
  }

  private unregister(b: Block, m: PageMention): void {
    if (!b.registered?.delete(m)) return;
    if (!b.registered.size) b.registered = null;
    this.registeredCount--;
    this.o.layers.delete(this.o.typeOf(m), m.range);
  }

  private enterWindowedMode(): void {
    const win = this.win();
    if (typeof win.IntersectionObserver !== 'function') return;
    this.observer = new win.IntersectionObserver((entries) => this.onIntersect(entries), {
      rootMargin: this.o.rootMargin ?? '100% 0px',
    });
    // Until the first callback says what is near, keep what is registered; the callback trims it.
    for (const el of this.blocks.keys()) {
      this.visible.add(el);
      this.observer.observe(el);
    }
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (e.isIntersecting) this.show(e.target);
      else this.hide(e.target);
    }
  }

  private show(el: Element): void {
    const b = this.blocks.get(el);
    if (!b) return;
    this.visible.add(el);
    if (this.isGiant(b)) {
      this.giantVisible.add(el);
      this.scheduleRefine();
    } else for (const m of b.mentions) this.register(b, m);
  }

  private hide(el: Element): void {
    this.visible.delete(el);
    this.giantVisible.delete(el);
    const b = this.blocks.get(el);
    if (b?.registered) for (const m of [...b.registered]) this.unregister(b, m);
  }

  /** Giant blocks are re-cut once per frame while the reader scrolls and while their mentions change. */
  private scheduleRefine(): void {
    if (!this.giantVisible.size) return;
    if (!this.scrollListening) {
      // Capture: a scrolling container inside the page does not bubble its scroll to the window.
      this.win().addEventListener('scroll', this.onScroll, { capture: true, passive: true });
      this.scrollListening = true;
    }
    if (this.frameDue) return;
    this.frameDue = true;
    const frame = this.o.requestFrame ?? ((cb: () => void) => this.win().requestAnimationFrame(cb));
    frame(() => {
      this.frameDue = false;
      for (const el of this.giantVisible) this.refine(el);
    });
  }

  /** Registers the mentions of a giant block within one viewport height of the screen, and only those. */
  private refine(el: Element): void {
    const b = this.blocks.get(el);
    if (!b) return;
    if (!this.isGiant(b)) {
      this.giantVisible.delete(el);
      for (const m of b.mentions) this.register(b, m);
      return;
    }
    const list = (b.ordered ??= [...b.mentions]);
    const h = this.win().innerHeight || 800;
    const rect = this.o.rectOf ?? ((m: PageMention) => this.rectOf(m));
    // First mention not entirely above (top - h), first mention entirely below (bottom + h).
    const lo = lowerBound(list.length, (i) => rect(list[i]!).bottom < -h);
    const hi = lowerBound(list.length, (i) => rect(list[i]!).top <= 2 * h, lo);
    b.beyond = hi < list.length;
    const keep = new Set(list.slice(lo, hi));
    for (const m of [...(b.registered ?? [])]) if (!keep.has(m)) this.unregister(b, m);
    for (const m of keep) this.register(b, m);
  }

  private rectOf(m: PageMention): { top: number; bottom: number } {
    const r = (this.range ??= this.win().document.createRange());
    try {
      r.setStart(m.range.startContainer, m.range.startOffset);
      r.setEnd(m.range.endContainer, m.range.endOffset);
    } catch {
      return { top: 0, bottom: 0 };
    }
    const box = r.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom };
  }
}

/** First index in [from, n) where `before(i)` is false, for a predicate true then false along the list. */
function lowerBound(n: number, before: (i: number) => boolean, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The element whose visibility stands for a mention's: the block around its first text node. Not the
 * text's parent: on a page with inline markup every few words that made nearly every mention a block of
 * its own (25,000 blocks, each with its sets and an observation, on the dense 5 MB page).
 */
function anchorElement(m: PageMention): Element | null {
  const parent = m.range.startContainer.parentElement;
  for (let e = parent; e; e = e.parentElement) if (BLOCK_TAGS.has(e.localName)) return e;
  return parent;
}
