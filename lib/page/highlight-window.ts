/**
 * Decides which mentions are registered as CSS highlights. Chromium revalidates every range of every
 * highlight whenever a highlight changes, so a page with thousands of mentions pays for all of them on
 * each frame that adds one (measured: one ~75 ms frame after marking a 5 MB page). Small pages register
 * every mention at once; past `threshold` mentions only the blocks within a viewport of the screen are
 * registered, following the reader as they scroll (IntersectionObserver), so the browser's work stays
 * proportional to what is near the screen. Mentions are still all known to the store: counts,
 * "scroll to first mention" and hit-testing are unaffected.
 */
import type { EntityType } from '../kb/schema';
import type { HighlightLayers } from './highlights';
import type { PageMention } from './mention-store';

export interface HighlightWindowOptions {
  layers: HighlightLayers;
  typeOf: (m: PageMention) => EntityType;
  /** Registered mentions beyond which only those near the viewport stay registered. */
  threshold?: number;
  /** How far beyond the viewport counts as near. */
  rootMargin?: string;
  win?: Window & typeof globalThis;
}

export class HighlightWindow {
  private readonly byBlock = new Map<Element, Set<PageMention>>();
  private readonly blockOf = new WeakMap<PageMention, Element>();
  private readonly visible = new Set<Element>();
  private observer: IntersectionObserver | null = null;
  private count = 0;

  constructor(private readonly o: HighlightWindowOptions) {}

  get windowed(): boolean {
    return this.observer !== null;
  }

  add(m: PageMention): void {
    const block = anchorElement(m);
    if (!block) return;
    this.blockOf.set(m, block);
    let set = this.byBlock.get(block);
    if (!set) {
      this.byBlock.set(block, (set = new Set()));
      this.observer?.observe(block);
    }
    set.add(m);
    this.count++;
    if (!this.observer) {
      this.o.layers.add(this.o.typeOf(m), m.range);
      if (this.count > (this.o.threshold ?? 600)) this.enterWindowedMode();
    } else if (this.visible.has(block)) {
      this.o.layers.add(this.o.typeOf(m), m.range);
    }
  }

  remove(m: PageMention): void {
    const block = this.blockOf.get(m);
    if (!block) return;
    this.blockOf.delete(m);
    this.o.layers.delete(this.o.typeOf(m), m.range);
    const set = this.byBlock.get(block);
    if (!set?.delete(m)) return;
    this.count--;
    if (!set.size) {
      this.byBlock.delete(block);
      this.visible.delete(block);
      this.observer?.unobserve(block);
    }
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  private enterWindowedMode(): void {
    const win = this.o.win ?? window;
    if (typeof win.IntersectionObserver !== 'function') return;
    this.observer = new win.IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: this.o.rootMargin ?? '100% 0px' });
    // Until the first callback says what is near, keep what is registered; the callback trims it.
    for (const block of this.byBlock.keys()) {
      this.visible.add(block);
      this.observer.observe(block);
    }
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (e.isIntersecting) this.show(e.target);
      else this.hide(e.target);
    }
  }

  private show(block: Element): void {
    if (this.visible.has(block)) return;
    this.visible.add(block);
    for (const m of this.byBlock.get(block) ?? []) this.o.layers.add(this.o.typeOf(m), m.range);
  }

  private hide(block: Element): void {
    if (!this.visible.delete(block)) return;
    for (const m of this.byBlock.get(block) ?? []) this.o.layers.delete(this.o.typeOf(m), m.range);
  }
}

/** The element whose visibility stands for a mention's: the parent of its first text node. */
function anchorElement(m: PageMention): Element | null {
  return m.range.startContainer.parentElement;
}
