/**
 * The card frame: an extension page drawn inside the one host element the content script adds to a page.
 * It asks the background for the card (kb:card answers extension pages only), renders it, and tells its
 * controller nothing but the card's size and its pin/close state. Page script cannot read this document
 * (another origin), cannot message it (runtime messaging is closed to pages), and cannot press its
 * buttons (events from the page never reach it).
 */
import '../../lib/zod-config';
import { render } from 'preact';
import type { Browser, WxtBrowser } from 'wxt/browser';
import Card from '../../components/Card';
import { CARD_CSS } from '../../components/card-style';
import type { Citation } from '../../lib/kb/knowledge';
import { send, type CardFrameEvent, type CardFrameRequest, type CardResponse } from '../../lib/messages';
import { benchMark } from '../../lib/page/bench-marks';
import { isHello, isOwnController, portName } from '../../lib/page/card-channel';
import { parseCardFrameRequest } from '../../lib/protocol/card-frame';
import type { Suppression } from '../../lib/settings/settings';

/** The share of the page's viewport a card may take, and its most, as the in-page card had. */
const MAX_SHARE = 0.7;
const MAX_HEIGHT = 560;

interface Controller {
  port: Pick<Browser.runtime.Port, 'postMessage' | 'disconnect'>;
}

interface State {
  seq: number;
  entity: string;
  response: CardResponse | null;
  shown: boolean;
  focus: boolean;
  pinned: boolean;
  viewportHeight: number;
  /** The height the controller gives the card when it is taller than the room next to the mention. */
  maxHeight: number | null;
  /** "Show 20 more" asked for the next page of passages and it has not come yet. */
  loadingMore?: boolean;
}

/** What the frame's parts share: its document, the one controller it answers, and the card it shows. */
interface Frame {
  browser: WxtBrowser;
  nonce: string;
  inReader: boolean;
  root: HTMLElement;
  status: HTMLElement;
  controller: Controller | null;
  state: State | null;
  cache: Map<string, Promise<CardResponse>>;
  observer: ResizeObserver;
}

export function startCardFrame(browser: WxtBrowser, doc: Document = document): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CARD_CSS);
  doc.adoptedStyleSheets = [sheet];
  const f: Frame = {
    browser,
    nonce: params.get('n') ?? '',
    inReader: params.get('in') === 'reader',
    root: doc.getElementById('card')!,
    status: doc.getElementById('status')!,
    controller: null,
    state: null,
    cache: new Map(),
    observer: new ResizeObserver(() => report(f)),
  };

  // The tab this frame lives in: a port from a content script of another tab is not for this frame.
  // Firefox gives an extension frame inside a web page no tabs API; there the nonce alone names the pair.
  const own: Promise<number | undefined> = browser.tabs?.getCurrent
    ? browser.tabs.getCurrent().then(
        (t) => t?.id,
        () => undefined,
      )
    : Promise.resolve(undefined);
  acceptPorts(f, own);
  if (import.meta.env.FIREFOX && !f.inReader) acceptHandOver(f);

  doc.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.isTrusted) emit(f, { type: 'card:close', to: f.nonce });
  });
}

function fetchCard(f: Frame, entity: string): Promise<CardResponse> {
  let p = f.cache.get(entity);
  if (!p) {
    p = (send(f.browser.runtime, 'kb:card', { entity }) as Promise<CardResponse | undefined>).then(
      (r) => r ?? { card: null, clips: [] },
      (): CardResponse => ({ card: null, clips: [] }),
    );
    f.cache.set(entity, p);
  }
  return p;
}

function emit(f: Frame, e: CardFrameEvent): void {
  try {
    f.controller?.port.postMessage(e);
  } catch {
    // The controller went away (its page navigated): nothing to tell.
  }
}

const cardEl = (f: Frame): HTMLElement | null => f.root.firstElementChild as HTMLElement | null;

const cap = (s: State): number => Math.min(MAX_HEIGHT, Math.round(s.viewportHeight * MAX_SHARE));

/** Reports the card's natural height (up to the viewport cap), independent of the placement cap. */
function report(f: Frame): void {
  const s = f.state;
  const el = cardEl(f);
  if (!s || !el) return;
  const border = el.offsetHeight - el.clientHeight;
  const height = Math.min(el.scrollHeight + border, cap(s));
  emit(f, { type: 'card:size', to: f.nonce, seq: s.seq, width: el.offsetWidth, height, loaded: s.response !== null });
}

function paint(f: Frame): void {
  const s = f.state;
  const { browser, nonce, inReader, root } = f;
  if (!s) {
    render(null, root);
    f.status.textContent = '';
    return;
  }
  render(
    <Card
      key={s.entity}
      card={s.response?.card ?? null}
      clips={s.response?.clips ?? []}
      pinned={s.pinned}
      canSuppress={!inReader}
      onPin={(p) => {
        s.pinned = p;
        emit(f, { type: 'card:pinned', to: nonce, pinned: p });
        paint(f);
      }}
      onClose={() => emit(f, { type: 'card:close', to: nonce })}
      onEntity={(id) => void open(f, { ...s, entity: id, response: null, focus: true }, true)}
      onCite={(c: Citation) => {
        if (inReader) emit(f, { type: 'card:cite', to: nonce, doc: c.doc, start: c.start, end: c.end });
        else
          void send(browser.runtime, 'kb:open-reader', {
            doc: c.doc,
            start: c.start,
            end: c.end,
            entity: s.entity,
          }).catch(() => undefined);
      }}
      onSuppress={(scope: Suppression['scope']) => {
        // The background takes the page from what the browser says about this frame (sender.tab.url, the
        // tab's top page), caps and de-duplicates; the changed summary restarts marking in that tab.
        void send(browser.runtime, 'settings:suppress', { entity: s.entity, scope }).catch(() => undefined);
        emit(f, { type: 'card:close', to: nonce });
      }}
      onOpenClip={(clip) => void send(browser.runtime, 'clips:open', { id: clip.id }).catch(() => undefined)}
      onOpenPassage={(p) =>
        void send(browser.runtime, 'clips:open', { id: p.clipId, start: p.start, end: p.end }).catch(() => undefined)
      }
      onMorePassages={() => void more(f, s)}
      {...(s.loadingMore ? { loadingMore: true } : {})}
      {...(s.response?.yours ? { yours: true } : {})}
      {...(s.response?.fromClips ? { fromClips: s.response.fromClips } : {})}
    />,
    root,
  );
  // Rendered ahead of the hover delay but not shown yet: laid out (so it measures) yet out of sight and
  // out of the accessibility tree.
  root.style.visibility = s.shown ? '' : 'hidden';
  const el = cardEl(f);
  if (el) {
    el.style.maxHeight = `${s.maxHeight ?? cap(s)}px`;
    f.observer.disconnect();
    f.observer.observe(el);
  }
  report(f);
  if (s.shown) reveal(f, s);
}

/**
 * "Show 20 more": the next page of the reader's passages, appended to those shown. Dropped if the card
 * changed meanwhile (another entity, or hidden).
 */
async function more(f: Frame, s: State): Promise<void> {
  const from = s.response?.fromClips;
  if (!from || s.loadingMore) return;
  s.loadingMore = true;
  paint(f);
  const offset = from.offset + from.passages.length;
  const next = await send(f.browser.runtime, 'kb:card', { entity: s.entity, offset }).then(
    (r: CardResponse | undefined) => r?.fromClips,
    () => undefined,
  );
  s.loadingMore = false;
  if (f.state !== s || s.response?.fromClips !== from) return;
  // A clip saved or deleted meanwhile shifts the pages; the total the background gives now is the one to show.
  if (next && next.offset === offset)
    s.response = {
      ...s.response,
      fromClips: {
        ...from,
        passages: [...from.passages, ...next.passages],
        total: next.total,
        complete: next.complete,
      },
    };
  paint(f);
}

/** What a shown card does once: screen readers hear it, keyboard users land in it. */
function reveal(f: Frame, s: State): void {
  f.root.style.visibility = '';
  const card = s.response?.card;
  if (!card) {
    if (s.focus) focusHeading(f);
    return;
  }
  f.status.textContent = `${card.name}: ${card.role}`;
  if (s.focus) {
    focusHeading(f);
    s.focus = false;
  }
  requestAnimationFrame(() => benchMark('context-reader:card-frame-painted'));
}

function focusHeading(f: Frame): void {
  const h = f.root.querySelector<HTMLElement>('h2, [aria-busy]');
  h?.setAttribute('tabindex', '-1');
  h?.focus({ preventScroll: true });
}

/** Shows `next` (rendering its card when it arrives); `fresh` paints at once, before the answer. */
async function open(f: Frame, next: State, fresh: boolean): Promise<void> {
  f.state = next;
  const pending = fetchCard(f, next.entity);
  if (fresh) paint(f);
  const response = await pending;
  if (f.state !== next) return;
  next.response = response;
  paint(f);
}

const fresh = (
  msg: { seq: number; entity: string; viewportHeight: number },
  shown: boolean,
  focus: boolean,
): State => ({
  seq: msg.seq,
  entity: msg.entity,
  response: null,
  shown,
  focus,
  pinned: false,
  viewportHeight: msg.viewportHeight,
  maxHeight: null,
});

function handle(f: Frame, msg: CardFrameRequest): void {
  switch (msg.type) {
    case 'card:prepare':
      void open(f, fresh(msg, false, false), false);
      return;
    case 'card:show': {
      const s = f.state;
      if (s && s.seq === msg.seq && s.entity === msg.entity) {
        s.shown = true;
        s.focus = msg.focus;
        s.viewportHeight = msg.viewportHeight;
        if (s.response) reveal(f, s);
        return;
      }
      void open(f, fresh(msg, true, msg.focus), true);
      return;
    }
    case 'card:place': {
      if (!f.state) return;
      f.state.maxHeight = msg.maxHeight;
      const el = cardEl(f);
      if (el) el.style.maxHeight = `${msg.maxHeight ?? cap(f.state)}px`;
      return;
    }
    case 'card:hide':
      // Clips change while a tab stays open: each hover asks again (during its prefetch, so it costs no wait).
      f.cache.clear();
      f.state = null;
      f.observer.disconnect();
      paint(f);
      return;
  }
}

/**
 * The controller (content script or reader page) opens a port named for the nonce in this frame's URL.
 * Only this extension can open one (pages have no runtime messaging); its requests are read only once
 * the port is known to come from this frame's own tab.
 */
function acceptPorts(f: Frame, own: Promise<number | undefined>): void {
  const { browser, nonce } = f;
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== portName(nonce)) return;
    // The tab check waits for tabs.getCurrent; requests that arrive meanwhile wait on the same answer.
    const trusted = own.then((tab) =>
      isOwnController(
        { name: port.name, senderId: port.sender?.id, senderTab: port.sender?.tab?.id },
        { nonce, extensionId: browser.runtime.id, tab },
      ),
    );
    void trusted.then((ok) => {
      if (!ok) {
        port.disconnect();
        return;
      }
      f.controller?.port.disconnect();
      f.controller = { port };
    });
    port.onMessage.addListener((raw: unknown) => {
      const msg = parseCardFrameRequest(raw, nonce);
      if (!msg) return;
      void trusted.then((ok) => ok && f.controller?.port === port && handle(f, msg));
    });
    port.onDisconnect.addListener(() => {
      if (f.controller?.port !== port) return;
      f.controller = null;
      f.state = null;
      paint(f);
    });
  });
}

/**
 * Firefox: the content script hands over a MessagePort once (lib/page/card-channel.ts explains why this is
 * page-proof). The one hand-over carrying this frame's nonce is taken; nothing after it.
 */
function acceptHandOver(f: Frame): void {
  const onHello = (e: MessageEvent) => {
    const d = e.data as unknown;
    const port = e.ports[0];
    if (!isHello(d, e.ports, f.nonce) || !port) return;
    removeEventListener('message', onHello);
    f.controller?.port.disconnect();
    f.controller = { port: { postMessage: (m: unknown) => port.postMessage(m), disconnect: () => port.close() } };
    port.onmessage = (ev) => {
      const msg = parseCardFrameRequest(ev.data, f.nonce);
      if (msg) handle(f, msg);
    };
  };
  addEventListener('message', onHello);
}
