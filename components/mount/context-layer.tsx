/**
 * Hover context on a document: the scanner's mentions, hit-testing under the pointer, the hover timing
 * and the card in a shadow root. Shared by the content script (any page) and the reader page (the
 * bundled documents). The only node it adds to the page is the card's host element, created the first
 * time a card is shown.
 */
import { render } from 'preact';
import type { CardData, Citation } from '../../lib/kb/knowledge';
import type { CardResponse, ClipRef } from '../../lib/messages';
import { HighlightLayers } from '../../lib/page/highlights';
import { liveRange, mentionAtPoint, mentionAtSelection } from '../../lib/page/hit-test';
import { HoverIntent } from '../../lib/page/hover-intent';
import type { MentionStore, PageMention } from '../../lib/page/mention-store';
import { placeCard } from '../../lib/page/position';
import { HOST_ATTRIBUTE } from '../../lib/page/skip';
import type { Suppression } from '../../lib/settings/settings';
import Card from '../Card';
import { CARD_CSS } from '../card-style';

/** Created in the XHTML namespace so the card also works in XML documents, where createElement has none. */
const XHTML = 'http://www.w3.org/1999/xhtml';

export interface ContextLayerOptions {
  doc: Document;
  store: MentionStore;
  layers: HighlightLayers;
  signal: AbortSignal;
  getCard: (entity: string) => Promise<CardResponse>;
  onCite: (cite: Citation, entity: string) => void;
  onSuppress?: (entity: string, scope: Suppression['scope']) => void;
  onOpenClip: (clip: ClipRef) => void;
  /** Open shadow roots to hit-test into. */
  shadowRoots?: () => ShadowRoot[];
}

interface Shown {
  entity: string;
  /** The mention the card belongs to, or null when switched to a related entity. */
  mention: PageMention | null;
  anchor: DOMRect;
  response: CardResponse | null;
}

export class ContextLayer {
  private host: HTMLElement | null = null;
  private mountPoint: HTMLElement | null = null;
  private live: HTMLElement | null = null;
  private shown: Shown | null = null;
  private pinned = false;
  private readonly cache = new Map<string, Promise<CardResponse>>();
  /** Answers already in hand (prefetched while the pointer rested), so the card paints once, with data. */
  private readonly ready = new Map<string, CardResponse>();
  private rtl: boolean | undefined;
  private readonly intent: HoverIntent<PageMention>;
  private frame = 0;
  private lastPointer = { x: 0, y: 0 };
  private restoreFocus: Element | null = null;
  /** Entity whose card is already rendered, hidden, waiting for the hover delay to end. */
  private prepared: string | null = null;

  constructor(private readonly o: ContextLayerOptions) {
    this.intent = new HoverIntent<PageMention>({
      prefetch: (m) => void this.fetch(m.entity).then(() => this.prepare(m)),
      show: (m) => {
        performance.mark('context-reader:card-due');
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
    this.intent.showNow(m);
    this.show(m, true);
    return true;
  }

  private fetch(entity: string): Promise<CardResponse> {
    let p = this.cache.get(entity);
    if (!p) {
      p = this.o.getCard(entity).catch((): CardResponse => ({ card: null, clips: [] }));
      p.then((r) => this.ready.set(entity, r));
      this.cache.set(entity, p);
    }
    return p;
  }

  /** Forgets cached cards (clips changed). */
  invalidate(): void {
    this.cache.clear();
    this.ready.clear();
  }

  private onPointerMove(e: PointerEvent): void {
    if (e.pointerType === 'touch') return;
    this.lastPointer = { x: e.clientX, y: e.clientY };
    const overHost = this.host !== null && e.target === this.host;
    if (overHost) {
      this.intent.enterCard();
      return;
    }
    this.intent.leaveCard();
    if (this.frame) return;
    const win = this.o.doc.defaultView;
    if (!win) return;
    this.frame = win.requestAnimationFrame(() => {
      this.frame = 0;
      const { x, y } = this.lastPointer;
      const hit = mentionAtPoint(this.o.store, this.o.doc, x, y, this.o.shadowRoots?.() ?? []);
      this.intent.over(hit ? hit.mention : null);
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.shown) {
      this.intent.close();
      e.stopPropagation();
    }
  }

  private show(mention: PageMention, focus: boolean): void {
    const range = liveRange(this.o.doc, mention);
    const rects = range ? [...range.getClientRects()] : [];
    const anchor =
      rects.find((r) => this.lastPointer.y >= r.top - 2 && this.lastPointer.y <= r.bottom + 2) ?? rects[0] ?? range?.getBoundingClientRect() ?? new DOMRect(0, 0, 0, 0);
    this.open(mention.entity, mention, anchor, focus);
    this.o.layers.set('active', [mention.range]);
  }

  private open(entity: string, mention: PageMention | null, anchor: DOMRect, focus: boolean): void {
    if (focus && !this.shown) this.restoreFocus = this.o.doc.activeElement;
    const ready = this.ready.get(entity);
    const wasPrepared = ready !== undefined && !this.shown && this.prepared === entity;
    this.shown = { entity, mention, anchor, response: ready ?? null };
    // Rendered while the pointer rested: only placing and revealing it is left for this frame.
    if (wasPrepared) this.place(focus);
    else this.paint(focus);
    if (ready) {
      if (ready.card) {
        requestAnimationFrame(() => performance.mark('context-reader:card-painted'));
        this.announce(ready.card);
      }
      return;
    }
    void this.fetch(entity).then((response) => {
      if (this.shown?.entity !== entity) return;
      this.shown.response = response;
      this.paint(focus);
      if (response.card) requestAnimationFrame(() => performance.mark('context-reader:card-painted'));
      if (response.card) this.announce(response.card);
    });
  }

  private ensureHost(): HTMLElement {
    if (this.host && this.host.isConnected) return this.mountPoint!;
    const doc = this.o.doc;
    const host = doc.createElementNS(XHTML, 'div') as HTMLElement;
    host.setAttribute(HOST_ATTRIBUTE, '');
    host.setAttribute('style', 'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
    sheet.replaceSync(CARD_CSS);
    root.adoptedStyleSheets = [sheet];
    const mount = doc.createElementNS(XHTML, 'div') as HTMLElement;
    mount.className = 'frame';
    const live = doc.createElementNS(XHTML, 'div') as HTMLElement;
    live.className = 'sr-only';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    root.append(live, mount);
    mount.addEventListener('pointerleave', () => this.intent.leaveCard());
    mount.addEventListener('pointerenter', () => this.intent.enterCard());
    // Appended to <html>, not <body>: a page that swaps its body (SPA) keeps the card alive.
    doc.documentElement.append(host);
    this.host = host;
    this.mountPoint = mount;
    this.live = live;
    return mount;
  }

  /**
   * Renders the card of the mention the pointer rests on, hidden, before the hover delay ends: creating
   * the host, rendering and the layout it forces then happen while the reader is still waiting, and the
   * card can appear within a frame of the delay.
   */
  private prepare(m: PageMention): void {
    if (this.shown || this.intent.pending !== m) return;
    const response = this.ready.get(m.entity);
    if (!response?.card) return;
    const mount = this.ensureHost();
    mount.style.visibility = 'hidden';
    this.renderCard({ entity: m.entity, mention: m, anchor: new DOMRect(), response });
    this.prepared = m.entity;
  }

  private paint(focus: boolean): void {
    const s = this.shown;
    if (!s) return;
    this.ensureHost();
    this.renderCard(s);
    this.place(focus);
  }

  private renderCard(s: Shown): void {
    const mount = this.mountPoint!;
    const card: CardData | null = s.response?.card ?? null;
    render(
      <Card
        card={card}
        clips={s.response?.clips ?? []}
        pinned={this.pinned}
        canSuppress={!!this.o.onSuppress}
        onPin={(p) => {
          this.pinned = p;
          this.intent.setPinned(p);
          this.paint(false);
        }}
        onClose={() => this.intent.close()}
        onEntity={(id) => this.open(id, null, (this.shown ?? s).anchor, true)}
        onCite={(c) => this.o.onCite(c, (this.shown ?? s).entity)}
        onSuppress={(scope) => {
          this.o.onSuppress?.((this.shown ?? s).entity, scope);
          this.intent.close();
        }}
        onOpenClip={(c) => this.o.onOpenClip(c)}
        {...(s.response?.yours ? { yours: true } : {})}
        {...(s.response?.fromClips ? { fromClips: s.response.fromClips } : {})}
      />,
      mount,
    );
  }

  /** Positions the rendered card next to its mention and reveals it. */
  private place(focus: boolean): void {
    const s = this.shown;
    const mount = this.mountPoint;
    if (!s || !mount) return;
    this.prepared = null;
    const win = this.o.doc.defaultView!;
    const cardEl = mount.firstElementChild as HTMLElement | null;
    cardEl?.style.removeProperty('max-height');
    const box = mount.getBoundingClientRect();
    // The page's direction, read once: asking for computed style on every show forces a style pass.
    const rtl = (this.rtl ??= win.getComputedStyle(this.o.doc.documentElement).direction === 'rtl');
    const place = placeCard(s.anchor, { width: box.width, height: box.height }, { width: win.innerWidth, height: win.innerHeight }, rtl);
    mount.style.left = `${place.left}px`;
    mount.style.top = `${place.top}px`;
    mount.dataset.placement = place.above ? 'above' : 'below';
    if (place.maxHeight !== undefined) cardEl?.style.setProperty('max-height', `${Math.max(120, place.maxHeight)}px`);
    mount.style.visibility = '';
    if (focus) (mount.querySelector('h2, [aria-busy]') as HTMLElement | null)?.setAttribute('tabindex', '-1');
    if (focus) (mount.querySelector('h2, [aria-busy]') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private announce(card: CardData): void {
    if (this.live) this.live.textContent = `${card.name}: ${card.role}`;
  }

  private hide(): void {
    this.shown = null;
    this.prepared = null;
    this.pinned = false;
    this.o.layers.clearLayer('active');
    if (this.mountPoint) render(null, this.mountPoint);
    if (this.live) this.live.textContent = '';
    const back = this.restoreFocus as HTMLElement | null;
    this.restoreFocus = null;
    if (back && typeof back.focus === 'function' && back.isConnected) back.focus({ preventScroll: true });
  }

  private dispose(): void {
    if (this.mountPoint) render(null, this.mountPoint);
    this.host?.remove();
    this.host = null;
  }
}
