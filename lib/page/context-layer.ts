/**
 * Hover context on a document: hit-testing under the pointer, the hover timing, and the card frame that
 * shows the card. Used by the content script (any page) and the reader page (the bundled documents).
 *
 * The card itself is drawn by an extension page (card.html) in an iframe: a page's script cannot read a
 * frame of another origin, and window.find() does not reach into it, so no card text, clip title or note
 * ever enters the page's document. The one node added to the page is a host element whose closed shadow
 * root holds nothing but that iframe. This controller only learns the card's size and its pin/close
 * state; it acts on trusted events only, so a page cannot drive it with synthetic pointer or key events.
 */
import type { CardFrameEvent } from '../messages';
import { benchMark } from './bench-marks';
import { CARD_WIDTH, CardFrame, type CardPort } from './card-frame';
import type { HighlightLayers } from './highlights';
import { liveRange, mentionAtPoint, mentionAtSelection } from './hit-test';
import { HoverIntent } from './hover-intent';
import type { MentionStore, PageMention } from './mention-store';
import { placeCard } from './position';

export type { CardPort } from './card-frame';

/**
 * Document order where the two ranges share a tree; across trees (a mention in an open shadow root and
 * one in the document, where compareBoundaryPoints throws) the order they are laid out on screen.
 */
function readingOrder(a: Range, b: Range): number {
  try {
    return a.compareBoundaryPoints(Range.START_TO_START, b);
  } catch {
    const ra = a.getBoundingClientRect();
    const rb = b.getBoundingClientRect();
    return ra.top - rb.top || ra.left - rb.left;
  }
}

export interface ContextLayerOptions {
  doc: Document;
  store: MentionStore;
  layers: HighlightLayers;
  signal: AbortSignal;
  /** The card page's URL, its nonce in the fragment. */
  frameUrl: string;
  /** The nonce this layer's frame answers to. */
  nonce: string;
  /**
   * Opens a port to the card frame (runtime.connect named for the nonce: extension messaging, which pages
   * can neither open nor read). Called once the frame has loaded, so that its listener is there.
   */
  connect: (frame: HTMLIFrameElement) => CardPort;
  /** The reader page moves to a cited passage itself (the frame asks; web pages never get this). */
  onCite?: (cite: { doc: string; start: number; end: number }) => void;
  /** Open shadow roots to hit-test into. */
  shadowRoots?: () => ShadowRoot[];
}

interface Shown {
  mention: PageMention;
  anchor: DOMRect;
  seq: number;
}

export class ContextLayer {
  private readonly card: CardFrame;
  private shown: Shown | null = null;
  private readonly intent: HoverIntent<PageMention>;
  private raf = 0;
  private lastPointer = { x: 0, y: 0 };
  private restoreFocus: Element | null = null;
  private seq = 0;
  /** The mention whose card the frame rendered while the pointer rested, and that request's number. */
  private prepared: { mention: PageMention; seq: number } | null = null;
  /** The last size the frame reported, and for which request. */
  private size: { seq: number; width: number; height: number; loaded: boolean } | null = null;
  /** Whether the shown card has been reported painted (bench build only). */
  private paintedSeq = -1;
  private rtl: boolean | undefined;

  constructor(private readonly o: ContextLayerOptions) {
    this.card = new CardFrame({
      doc: o.doc,
      frameUrl: o.frameUrl,
      nonce: o.nonce,
      connect: o.connect,
      onEvent: (e) => this.receive(e),
      onPointer: (inside) => (inside ? this.intent.enterCard() : this.intent.leaveCard()),
      onReplaced: () => {
        this.size = null;
        if (this.shown) this.intent.close();
      },
    });
    this.intent = new HoverIntent<PageMention>({
      prefetch: (m) => this.prepare(m),
      show: (m) => {
        benchMark('context-reader:card-due');
        this.show(m, false);
      },
      hide: () => this.hide(),
    });
    const opts = { passive: true, capture: true, signal: o.signal } as const;
    o.doc.addEventListener('pointermove', (e) => this.onPointerMove(e), opts);
    o.doc.addEventListener('keydown', (e) => this.onKeyDown(e), { capture: true, signal: o.signal });
    o.signal.addEventListener('abort', () => this.dispose(), { once: true });
  }

  /**
   * Adds the card's host element, then its frame, ahead of the reader's first pointer move, each at an
   * idle moment, when the page has something to show (lib/page/card-frame.ts `prepareHost`). The frame
   * made at the first move instead cost that move a relayout and a repaint of the page (the longest
   * task of the move 37 ms on the dense 5 MB page and 48 ms on the one-paragraph page, against 1–3 ms
   * alone); at idle nothing waits for them. Only in a tab someone looks at: a tab opened in the
   * background gets its frame when it is first shown, so that a reader's thirty background tabs do
   * not load thirty cards.
   */
  prepareCard(): void {
    if (this.o.store.all.size === 0 || this.o.signal.aborted) return;
    const doc = this.o.doc;
    const win = doc.defaultView;
    const idle = (fn: () => void) => {
      if (win?.requestIdleCallback) win.requestIdleCallback(fn, { timeout: 2000 });
      else setTimeout(fn, 200);
    };
    const frame = () => {
      if (this.o.signal.aborted || this.card.exists) return;
      if (doc.visibilityState === 'hidden') {
        doc.addEventListener('visibilitychange', () => idle(frame), { once: true, signal: this.o.signal });
        return;
      }
      this.card.ensure();
    };
    idle(() => {
      if (this.o.signal.aborted) return;
      this.card.prepareHost();
      // The frame after the host has been painted: the two in one frame made one task of both costs.
      if (win?.requestAnimationFrame) win.requestAnimationFrame(() => idle(frame));
      else idle(frame);
    });
  }

  /** Shows the card for the mention at the selection or caret (keyboard shortcut). */
  showAtSelection(): boolean {
    const m = mentionAtSelection(this.o.store, this.o.doc.getSelection());
    if (!m) return false;
    this.openNow(m);
    return true;
  }

  /**
   * Opens the card of the next (1) or previous (-1) mention in reading order: from the open card's
   * mention, else from the viewport (the first mention in view, then below; the last one above).
   */
  step(direction: 1 | -1): boolean {
    const list = this.ordered();
    if (!list.length) return false;
    const current = this.shown?.mention;
    let i: number;
    if (current && list.some((x) => x.m === current)) {
      const at = list.findIndex((x) => x.m === current);
      i = at + direction;
    } else {
      const view = this.o.doc.defaultView!.innerHeight;
      if (direction === 1) {
        i = list.findIndex((x) => x.r.getBoundingClientRect().bottom > 0);
      } else {
        i = list.findLastIndex((x) => x.r.getBoundingClientRect().top < view);
      }
    }
    if (i < 0 || i >= list.length) return false;
    this.openNow(list[i]!.m);
    return true;
  }

  /** Drawn mentions with live ranges, in document order. */
  private ordered(): { m: PageMention; r: Range }[] {
    const out: { m: PageMention; r: Range }[] = [];
    for (const m of this.o.store.all) {
      if (m.pending) continue;
      const r = liveRange(this.o.doc, m);
      if (r && r.getClientRects().length) out.push({ m, r });
    }
    return out.sort((a, b) => readingOrder(a.r, b.r));
  }

  private openNow(m: PageMention): void {
    if (!this.shown) this.restoreFocus = this.o.doc.activeElement;
    // A mention out of view is brought into view first: the card always opens next to what it explains.
    const range = liveRange(this.o.doc, m);
    const win = this.o.doc.defaultView!;
    const box = range?.getBoundingClientRect();
    if (box && (box.top < 0 || box.bottom > win.innerHeight || box.left < 0 || box.right > win.innerWidth)) {
      range!.startContainer.parentElement?.scrollIntoView({
        block: 'center',
        inline: 'nearest',
        behavior: 'instant' as ScrollBehavior,
      });
    }
    this.intent.showNow(m);
    this.show(m, true);
  }

  private onPointerMove(e: PointerEvent): void {
    // A page's script can dispatch pointer events of its own: only the reader's pointer counts.
    if (!e.isTrusted || e.pointerType === 'touch') return;
    this.lastPointer = { x: e.clientX, y: e.clientY };
    if (this.card.hostElement !== null && e.target === this.card.hostElement) return; // over the card; its frame has the pointer
    // Warm the frame once the page has something to show, long before a hover delay ends.
    if (!this.card.exists && this.o.store.all.size > 0) this.card.ensure();
    if (this.raf) return;
    const win = this.o.doc.defaultView;
    if (!win) return;
    this.raf = win.requestAnimationFrame(() => {
      this.raf = 0;
      const { x, y } = this.lastPointer;
      const hit = mentionAtPoint(this.o.store, this.o.doc, x, y, this.o.shadowRoots?.() ?? []);
      this.intent.over(hit ? hit.mention : null);
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!e.isTrusted) return;
    if (e.key === 'Escape' && this.shown) {
      this.intent.close();
      e.stopPropagation();
    }
  }

  /** Called with the frame's events, already checked to come from this extension and this layer's frame. */
  receive(e: CardFrameEvent): void {
    switch (e.type) {
      case 'card:size':
        this.size = { seq: e.seq, width: e.width, height: e.height, loaded: e.loaded };
        if (this.shown && (e.seq === this.shown.seq || e.seq > this.shown.seq)) this.place();
        return;
      case 'card:pinned':
        this.intent.setPinned(e.pinned);
        return;
      case 'card:close':
        this.intent.close();
        return;
      case 'card:cite':
        this.o.onCite?.({ doc: e.doc, start: e.start, end: e.end });
        return;
      default:
        return;
    }
  }

  private prepare(m: PageMention): void {
    if (this.shown || this.intent.pending !== m) return;
    const seq = ++this.seq;
    this.prepared = { mention: m, seq };
    this.card.post({
      type: 'card:prepare',
      to: this.o.nonce,
      seq,
      entity: m.entity,
      viewportHeight: this.viewportHeight(),
    });
  }

  private show(mention: PageMention, focus: boolean): void {
    const range = liveRange(this.o.doc, mention);
    const rects = range ? [...range.getClientRects()] : [];
    const anchor =
      (!focus && rects.find((r) => this.lastPointer.y >= r.top - 2 && this.lastPointer.y <= r.bottom + 2)) ||
      rects[0] ||
      range?.getBoundingClientRect() ||
      new DOMRect(0, 0, 0, 0);
    if (focus && !this.shown) this.restoreFocus ??= this.o.doc.activeElement;
    // A prepared card keeps its sequence number, so the size already reported for it places it at once.
    const seq = this.prepared?.mention === mention ? this.prepared.seq : ++this.seq;
    this.prepared = null;
    this.shown = { mention, anchor, seq };
    this.card.post({
      type: 'card:show',
      to: this.o.nonce,
      seq,
      entity: mention.entity,
      focus,
      viewportHeight: this.viewportHeight(),
    });
    this.o.layers.set('active', [new StaticRange(mention)]);
    this.place();
    if (focus) this.card.focus();
  }

  private viewportHeight(): number {
    return this.o.doc.defaultView?.innerHeight ?? 800;
  }

  /** Positions the frame next to its mention from the size the frame reported, and reveals it. */
  private place(): void {
    const s = this.shown;
    if (!s || !this.card.exists) return;
    const win = this.o.doc.defaultView!;
    const ready = this.size !== null && this.size.seq >= s.seq;
    const width = Math.min(CARD_WIDTH, win.innerWidth - 16);
    const height = ready ? this.size!.height : 80;
    const rtl = (this.rtl ??= win.getComputedStyle(this.o.doc.documentElement).direction === 'rtl');
    const p = placeCard(s.anchor, { width, height }, { width: win.innerWidth, height: win.innerHeight }, rtl);
    const shownHeight = p.maxHeight !== undefined ? Math.max(120, Math.min(height, p.maxHeight)) : height;
    this.card.reveal({ left: p.left, top: p.top, width, height: shownHeight });
    this.card.post({ type: 'card:place', to: this.o.nonce, maxHeight: p.maxHeight !== undefined ? shownHeight : null });
    if (ready && this.size!.loaded && this.paintedSeq !== s.seq) {
      this.paintedSeq = s.seq;
      win.requestAnimationFrame(() => benchMark('context-reader:card-painted'));
    }
  }

  private hide(): void {
    this.shown = null;
    this.o.layers.clearLayer('active');
    this.card.conceal();
    this.prepared = null;
    this.card.hideCard();
    const back = this.restoreFocus as HTMLElement | null;
    this.restoreFocus = null;
    if (back && typeof back.focus === 'function' && back.isConnected) back.focus({ preventScroll: true });
    else this.card.blurIfFocused();
  }

  private dispose(): void {
    this.card.drop();
  }
}
