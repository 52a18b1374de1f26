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
import type { CardFrameEvent, CardFrameRequest } from '../messages';
import { benchMark } from './bench-marks';
import type { HighlightLayers } from './highlights';
import { liveRange, mentionAtPoint, mentionAtSelection } from './hit-test';
import { HoverIntent } from './hover-intent';
import type { MentionStore, PageMention } from './mention-store';
import { placeCard } from './position';

/** Created in the XHTML namespace so the card also works in XML documents, where createElement has none. */
const XHTML = 'http://www.w3.org/1999/xhtml';
/** Room around the card inside the frame for its shadow. Must match the frame's body padding. */
export const CARD_FRAME_PAD = 12;
const CARD_WIDTH = 400;

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

/** The part of a runtime.Port this layer uses. */
export interface CardPort {
  postMessage(msg: CardFrameRequest): void;
  onMessage: { addListener(fn: (msg: unknown) => void): void };
  disconnect(): void;
}

interface Shown {
  mention: PageMention;
  anchor: DOMRect;
  seq: number;
}

export class ContextLayer {
  private host: HTMLElement | null = null;
  private frame: HTMLIFrameElement | null = null;
  private port: CardPort | null = null;
  /** Requests made before the frame finished loading: only the last of each kind matters. */
  private queued: CardFrameRequest[] = [];
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
      range!.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    }
    this.intent.showNow(m);
    this.show(m, true);
  }

  private onPointerMove(e: PointerEvent): void {
    // A page's script can dispatch pointer events of its own: only the reader's pointer counts.
    if (!e.isTrusted || e.pointerType === 'touch') return;
    this.lastPointer = { x: e.clientX, y: e.clientY };
    if (this.host !== null && e.target === this.host) return; // over the card; its frame has the pointer
    // Warm the frame once the page has something to show, long before a hover delay ends.
    if (!this.frame && this.o.store.all.size > 0) this.ensureFrame();
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

  private post(msg: CardFrameRequest): void {
    this.ensureFrame();
    if (this.port) {
      this.port.postMessage(msg);
      return;
    }
    this.queued = [...this.queued.filter((q) => q.type !== msg.type && !(msg.type === 'card:hide' && q.type === 'card:show')), msg];
  }

  private prepare(m: PageMention): void {
    if (this.shown || this.intent.pending !== m) return;
    const seq = ++this.seq;
    this.prepared = { mention: m, seq };
    this.post({ type: 'card:prepare', to: this.o.nonce, seq, entity: m.entity, viewportHeight: this.viewportHeight() });
  }

  private show(mention: PageMention, focus: boolean): void {
    const range = liveRange(this.o.doc, mention);
    const rects = range ? [...range.getClientRects()] : [];
    const anchor =
      (!focus && rects.find((r) => this.lastPointer.y >= r.top - 2 && this.lastPointer.y <= r.bottom + 2)) || rects[0] || range?.getBoundingClientRect() || new DOMRect(0, 0, 0, 0);
    if (focus && !this.shown) this.restoreFocus ??= this.o.doc.activeElement;
    // A prepared card keeps its sequence number, so the size already reported for it places it at once.
    const seq = this.prepared?.mention === mention ? this.prepared.seq : ++this.seq;
    this.prepared = null;
    this.shown = { mention, anchor, seq };
    this.post({ type: 'card:show', to: this.o.nonce, seq, entity: mention.entity, focus, viewportHeight: this.viewportHeight() });
    this.o.layers.set('active', [mention.range]);
    this.place();
    if (focus) this.frame?.focus();
  }

  private viewportHeight(): number {
    return this.o.doc.defaultView?.innerHeight ?? 800;
  }

  private ensureFrame(): HTMLIFrameElement {
    if (this.host?.isConnected && this.frame) return this.frame;
    this.host?.remove();
    const doc = this.o.doc;
    const host = doc.createElementNS(XHTML, 'div') as HTMLElement;
    // Constant, so the host tells a page nothing about whether or where a card is open.
    host.setAttribute('style', 'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;');
    const root = host.attachShadow({ mode: 'closed' });
    const frame = doc.createElementNS(XHTML, 'iframe') as HTMLIFrameElement;
    frame.setAttribute('title', 'Context card');
    frame.setAttribute('allowtransparency', 'true');
    this.hideFrame(frame);
    let loads = 0;
    frame.addEventListener('load', () => {
      // A page may navigate a child frame it can see in window.frames: a frame that loads a second time
      // is no longer ours for certain, so it is replaced.
      if (++loads > 1) {
        this.replaceFrame();
        return;
      }
      const port = this.o.connect(frame);
      port.onMessage.addListener((m) => {
        const e = m as CardFrameEvent;
        if (e && e.to === this.o.nonce) this.receive(e);
      });
      this.port = port;
      const queued = this.queued;
      this.queued = [];
      for (const q of queued) port.postMessage(q);
    });
    frame.addEventListener('pointerenter', (e) => e.isTrusted && this.intent.enterCard());
    frame.addEventListener('pointerleave', (e) => e.isTrusted && this.intent.leaveCard());
    frame.src = this.o.frameUrl;
    root.append(frame);
    // Appended to <html>, not <body>: a page that swaps its body (SPA) keeps the card alive.
    doc.documentElement.append(host);
    this.port?.disconnect();
    this.port = null;
    this.host = host;
    this.frame = frame;
    return frame;
  }

  private replaceFrame(): void {
    this.port?.disconnect();
    this.port = null;
    this.host?.remove();
    this.host = null;
    this.frame = null;
    this.size = null;
    if (this.shown) this.intent.close();
  }

  private hideFrame(frame: HTMLIFrameElement): void {
    // Kept laid out at card width while hidden so the frame renders and measures ahead of the hover
    // delay; opacity rather than visibility so that the browser keeps painting it, aria-hidden and
    // inert so that it is out of the accessibility tree and focus order until it is shown.
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('tabindex', '-1');
    frame.setAttribute('inert', '');
    frame.setAttribute(
      'style',
      `all: initial; position: fixed; left: 0; top: 0; border: 0; width: ${CARD_WIDTH + 2 * CARD_FRAME_PAD}px; height: 600px; opacity: 0; pointer-events: none; color-scheme: normal; background: transparent;`,
    );
  }

  /** Positions the frame next to its mention from the size the frame reported, and reveals it. */
  private place(): void {
    const s = this.shown;
    const frame = this.frame;
    if (!s || !frame) return;
    const win = this.o.doc.defaultView!;
    const ready = this.size !== null && this.size.seq >= s.seq;
    const width = Math.min(CARD_WIDTH, win.innerWidth - 16);
    const height = ready ? this.size!.height : 80;
    const rtl = (this.rtl ??= win.getComputedStyle(this.o.doc.documentElement).direction === 'rtl');
    const p = placeCard(s.anchor, { width, height }, { width: win.innerWidth, height: win.innerHeight }, rtl);
    const shownHeight = p.maxHeight !== undefined ? Math.max(120, Math.min(height, p.maxHeight)) : height;
    frame.removeAttribute('aria-hidden');
    frame.removeAttribute('tabindex');
    frame.removeAttribute('inert');
    frame.setAttribute(
      'style',
      `all: initial; position: fixed; border: 0; left: ${p.left - CARD_FRAME_PAD}px; top: ${p.top - CARD_FRAME_PAD}px; width: ${width + 2 * CARD_FRAME_PAD}px; height: ${shownHeight + 2 * CARD_FRAME_PAD}px; color-scheme: normal; background: transparent;`,
    );
    this.post({ type: 'card:place', to: this.o.nonce, maxHeight: p.maxHeight !== undefined ? shownHeight : null });
    if (ready && this.size!.loaded && this.paintedSeq !== s.seq) {
      this.paintedSeq = s.seq;
      win.requestAnimationFrame(() => benchMark('context-reader:card-painted'));
    }
  }

  private hide(): void {
    this.shown = null;
    this.o.layers.clearLayer('active');
    if (this.frame) this.hideFrame(this.frame);
    this.prepared = null;
    if (this.port) this.port.postMessage({ type: 'card:hide', to: this.o.nonce });
    else this.queued = []; // a card asked for before the frame loaded is no longer wanted
    const back = this.restoreFocus as HTMLElement | null;
    this.restoreFocus = null;
    if (back && typeof back.focus === 'function' && back.isConnected) back.focus({ preventScroll: true });
    else if (this.frame && this.o.doc.activeElement === this.host) this.frame.blur();
  }

  private dispose(): void {
    this.port?.disconnect();
    this.port = null;
    this.host?.remove();
    this.host = null;
    this.frame = null;
  }
}
