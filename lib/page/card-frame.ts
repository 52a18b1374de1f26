/**
 * The one node the extension adds to a page: a host element whose closed shadow root holds nothing but
 * the card's iframe (card.html, an extension page). This module owns that element, its placement on
 * screen and the port to the frame; what to show and when is lib/page/context-layer.ts's concern.
 */
import type { CardFrameEvent, CardFrameRequest } from '../messages';

/** Created in the XHTML namespace so the card also works in XML documents, where createElement has none. */
const XHTML = 'http://www.w3.org/1999/xhtml';
/** Room around the card inside the frame for its shadow. Must match the frame's body padding (components/card-style.ts). */
export const CARD_FRAME_PAD = 12;
export const CARD_WIDTH = 400;

/**
 * The host's whole style attribute: constant, so the host tells a page nothing about whether or where a
 * card is open. A 0×0 box with the frame fixed-positioned inside it: the frame's containing block is the
 * viewport, so its box adds nothing to the host's scrollable overflow and nothing of the host measures
 * the card (its scrollWidth and scrollHeight stay 0, shown or not). A frame placed inside the host
 * instead (a block moved by a transform, in a host with size and layout contained: a relayout boundary,
 * which took 15–24 ms of layout off the reader's first pointer move on the dense 5 MB page) made the
 * host's scroll size the card's corner and size, open or not, readable by any page's script; a host
 * covering the viewport hid every element from a page's IntersectionObserver v2. Both were reverted
 * (2026-11-28).
 */
export const CARD_HOST_STYLE =
  'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';

/** The part of a runtime.Port the host uses (lib/page/card-channel.ts makes one for Firefox). */
export interface CardPort {
  postMessage(msg: CardFrameRequest): void;
  onMessage: { addListener(fn: (msg: unknown) => void): void };
  disconnect(): void;
}

export interface CardFrameOptions {
  doc: Document;
  /** The card page's URL, its nonce in the fragment. */
  frameUrl: string;
  /** The nonce this frame answers to. */
  nonce: string;
  /** Opens a port to the frame once it has loaded (so that its listener is there). */
  connect: (frame: HTMLIFrameElement) => CardPort;
  /** The frame's events. */
  onEvent: (e: CardFrameEvent) => void;
  /** The reader's pointer entered (true) or left (false) the card. */
  onPointer: (inside: boolean) => void;
  /** The frame was dropped (it loaded a second time) and will be made afresh when next needed. */
  onReplaced: () => void;
}

export class CardFrame {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private frame: HTMLIFrameElement | null = null;
  private port: CardPort | null = null;
  /** Requests made before the frame finished loading: only the last of each kind matters. */
  private queued: CardFrameRequest[] = [];

  constructor(private readonly o: CardFrameOptions) {}

  /** The host element, once made (pointer events over the card reach the page retargeted to it). */
  get hostElement(): HTMLElement | null {
    return this.host;
  }

  get exists(): boolean {
    return this.frame !== null;
  }

  post(msg: CardFrameRequest): void {
    this.ensure();
    if (this.port) {
      this.port.postMessage(msg);
      return;
    }
    this.queued = [
      ...this.queued.filter((q) => q.type !== msg.type && !(msg.type === 'card:hide' && q.type === 'card:show')),
      msg,
    ];
  }

  /** Tells a loaded frame to hide its card; a card asked for before the frame loaded is no longer wanted. */
  hideCard(): void {
    if (this.port) this.port.postMessage({ type: 'card:hide', to: this.o.nonce });
    else this.queued = [];
  }

  /**
   * Adds the host element, its closed shadow root still empty, unless it is there. The first element
   * the extension adds to a laid-out page costs the page a relayout and, at the next hit test, a
   * pre-paint of the whole document (dense 5 MB page: a 37 ms `caretPositionFromPoint` in a probe, and
   * the reader's first pointer move one 80-230 ms task when the host and frame were made then). Made
   * at an idle moment after the first pass (the content script's `onFirstPass`), the host takes that
   * cost off the reader's first move; the frame added into it later costs 6-8 ms there.
   */
  prepareHost(): void {
    if (this.host?.isConnected) return;
    this.drop();
    const doc = this.o.doc;
    const host: HTMLElement = doc.createElementNS(XHTML, 'div');
    host.setAttribute('style', CARD_HOST_STYLE);
    this.root = host.attachShadow({ mode: 'closed' });
    // Appended to <html>, not <body>: a page that swaps its body (SPA) keeps the card alive.
    doc.documentElement.append(host);
    this.host = host;
  }

  ensure(): HTMLIFrameElement {
    if (this.host?.isConnected && this.frame) return this.frame;
    // A page that removed the host took the frame with it: both are made again.
    this.prepareHost();
    const doc = this.o.doc;
    const frame = doc.createElementNS(XHTML, 'iframe') as HTMLIFrameElement;
    frame.setAttribute('title', 'Context card');
    frame.setAttribute('allowtransparency', 'true');
    this.conceal(frame);
    let loads = 0;
    frame.addEventListener('load', () => {
      // Should a page ever reach the frame and navigate it, it is no longer ours for certain: a frame
      // that loads a second time is dropped.
      if (++loads > 1) {
        this.drop();
        this.o.onReplaced();
        return;
      }
      const port = this.o.connect(frame);
      port.onMessage.addListener((m) => {
        const e = m as CardFrameEvent;
        if (e && e.to === this.o.nonce) this.o.onEvent(e);
      });
      this.port = port;
      const queued = this.queued;
      this.queued = [];
      for (const q of queued) port.postMessage(q);
    });
    frame.addEventListener('pointerenter', (e) => e.isTrusted && this.o.onPointer(true));
    frame.addEventListener('pointerleave', (e) => e.isTrusted && this.o.onPointer(false));
    frame.src = this.o.frameUrl;
    this.root!.append(frame);
    this.frame = frame;
    return frame;
  }

  /** Shows the frame at a viewport box (the card's own box; the frame adds its padding around it). */
  reveal(box: { left: number; top: number; width: number; height: number }): void {
    const frame = this.frame;
    if (!frame) return;
    frame.removeAttribute('aria-hidden');
    frame.removeAttribute('tabindex');
    frame.removeAttribute('inert');
    frame.setAttribute(
      'style',
      `all: initial; position: fixed; border: 0; left: ${box.left - CARD_FRAME_PAD}px; top: ${box.top - CARD_FRAME_PAD}px; width: ${box.width + 2 * CARD_FRAME_PAD}px; height: ${box.height + 2 * CARD_FRAME_PAD}px; color-scheme: normal; background: transparent;`,
    );
  }

  /**
   * Hides the frame but keeps it laid out at card width, so it renders and measures ahead of the hover
   * delay: opacity rather than visibility so that the browser keeps painting it, aria-hidden and inert
   * so that it is out of the accessibility tree and the focus order until it is shown.
   */
  conceal(frame: HTMLIFrameElement | null = this.frame): void {
    if (!frame) return;
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('tabindex', '-1');
    frame.setAttribute('inert', '');
    frame.setAttribute(
      'style',
      `all: initial; position: fixed; left: 0; top: 0; border: 0; width: ${CARD_WIDTH + 2 * CARD_FRAME_PAD}px; height: 600px; opacity: 0; pointer-events: none; color-scheme: normal; background: transparent;`,
    );
  }

  focus(): void {
    this.frame?.focus();
  }

  /** Takes focus out of the frame when it holds it (the card closed with nowhere to return to). */
  blurIfFocused(): void {
    if (this.frame && this.o.doc.activeElement === this.host) this.frame.blur();
  }

  drop(): void {
    this.port?.disconnect();
    this.port = null;
    this.host?.remove();
    this.host = null;
    this.root = null;
    this.frame = null;
  }
}
