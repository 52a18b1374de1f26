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
}

export function startCardFrame(browser: WxtBrowser, doc: Document = document): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const nonce = params.get('n') ?? '';
  const inReader = params.get('in') === 'reader';
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CARD_CSS);
  doc.adoptedStyleSheets = [sheet];
  const root = doc.getElementById('card')!;
  const status = doc.getElementById('status')!;

  // The tab this frame lives in: a port from a content script of another tab is not for this frame.
  // Firefox gives an extension frame inside a web page no tabs API; there the nonce alone names the pair.
  const own: Promise<number | undefined> = browser.tabs?.getCurrent
    ? browser.tabs.getCurrent().then(
        (t) => t?.id,
        () => undefined,
      )
    : Promise.resolve(undefined);
  let controller: Controller | null = null;
  let state: State | null = null;
  const cache = new Map<string, Promise<CardResponse>>();

  const fetchCard = (entity: string): Promise<CardResponse> => {
    let p = cache.get(entity);
    if (!p) {
      p = (send(browser.runtime, 'kb:card', { entity }) as Promise<CardResponse | undefined>).then(
        (r) => r ?? { card: null, clips: [] },
        (): CardResponse => ({ card: null, clips: [] }),
      );
      cache.set(entity, p);
    }
    return p;
  };

  const emit = (e: CardFrameEvent): void => {
    try {
      controller?.port.postMessage(e);
    } catch {
      // The controller went away (its page navigated): nothing to tell.
    }
  };

  const cardEl = (): HTMLElement | null => root.firstElementChild as HTMLElement | null;

  const cap = (s: State): number => Math.min(MAX_HEIGHT, Math.round(s.viewportHeight * MAX_SHARE));

  /** Reports the card's natural height (up to the viewport cap), independent of the placement cap. */
  const report = (): void => {
    const s = state;
    const el = cardEl();
    if (!s || !el) return;
    const border = el.offsetHeight - el.clientHeight;
    const height = Math.min(el.scrollHeight + border, cap(s));
    emit({ type: 'card:size', to: nonce, seq: s.seq, width: el.offsetWidth, height, loaded: s.response !== null });
  };
  const observer = new ResizeObserver(() => report());

  const paint = (): void => {
    const s = state;
    if (!s) {
      render(null, root);
      status.textContent = '';
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
          emit({ type: 'card:pinned', to: nonce, pinned: p });
          paint();
        }}
        onClose={() => emit({ type: 'card:close', to: nonce })}
        onEntity={(id) => void open({ ...s, entity: id, response: null, focus: true }, true)}
        onCite={(c: Citation) => {
          if (inReader) emit({ type: 'card:cite', to: nonce, doc: c.doc, start: c.start, end: c.end });
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
          emit({ type: 'card:close', to: nonce });
        }}
        onOpenClip={(clip) => void send(browser.runtime, 'clips:open', { id: clip.id }).catch(() => undefined)}
        {...(s.response?.yours ? { yours: true } : {})}
        {...(s.response?.fromClips ? { fromClips: s.response.fromClips } : {})}
      />,
      root,
    );
    // Rendered ahead of the hover delay but not shown yet: laid out (so it measures) yet out of sight and
    // out of the accessibility tree.
    root.style.visibility = s.shown ? '' : 'hidden';
    const el = cardEl();
    if (el) {
      el.style.maxHeight = `${s.maxHeight ?? cap(s)}px`;
      observer.disconnect();
      observer.observe(el);
    }
    report();
    if (s.shown) reveal(s);
  };

  /** What a shown card does once: screen readers hear it, keyboard users land in it. */
  const reveal = (s: State): void => {
    root.style.visibility = '';
    const card = s.response?.card;
    if (!card) {
      if (s.focus) focusHeading();
      return;
    }
    status.textContent = `${card.name}: ${card.role}`;
    if (s.focus) {
      focusHeading();
      s.focus = false;
    }
    requestAnimationFrame(() => benchMark('context-reader:card-frame-painted'));
  };

  const focusHeading = (): void => {
    const h = root.querySelector<HTMLElement>('h2, [aria-busy]');
    h?.setAttribute('tabindex', '-1');
    h?.focus({ preventScroll: true });
  };

  /** Shows `next` (rendering its card when it arrives); `keep` keeps the answer when it is the same entity. */
  const open = async (next: State, fresh: boolean): Promise<void> => {
    state = next;
    const pending = fetchCard(next.entity);
    if (fresh) paint();
    const response = await pending;
    if (state !== next) return;
    next.response = response;
    paint();
  };

  const handle = (msg: CardFrameRequest): void => {
    switch (msg.type) {
      case 'card:prepare':
        void open(
          {
            seq: msg.seq,
            entity: msg.entity,
            response: null,
            shown: false,
            focus: false,
            pinned: false,
            viewportHeight: msg.viewportHeight,
            maxHeight: null,
          },
          false,
        );
        return;
      case 'card:show': {
        const s = state;
        if (s && s.seq === msg.seq && s.entity === msg.entity) {
          s.shown = true;
          s.focus = msg.focus;
          s.viewportHeight = msg.viewportHeight;
          if (s.response) reveal(s);
          return;
        }
        void open(
          {
            seq: msg.seq,
            entity: msg.entity,
            response: null,
            shown: true,
            focus: msg.focus,
            pinned: false,
            viewportHeight: msg.viewportHeight,
            maxHeight: null,
          },
          true,
        );
        return;
      }
      case 'card:place': {
        if (!state) return;
        state.maxHeight = msg.maxHeight;
        const el = cardEl();
        if (el) el.style.maxHeight = `${msg.maxHeight ?? cap(state)}px`;
        return;
      }
      case 'card:hide':
        // Clips change while a tab stays open: each hover asks again (during its prefetch, so it costs no wait).
        cache.clear();
        state = null;
        observer.disconnect();
        paint();
        return;
    }
  };

  // The controller (content script or reader page) opens a port named for the nonce in this frame's URL.
  // Only this extension can open one (pages have no runtime messaging); its requests are read only once
  // the port is known to come from this frame's own tab.
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
      controller?.port.disconnect();
      controller = { port };
    });
    port.onMessage.addListener((raw: unknown) => {
      const msg = parseCardFrameRequest(raw, nonce);
      if (!msg) return;
      void trusted.then((ok) => ok && controller?.port === port && handle(msg));
    });
    port.onDisconnect.addListener(() => {
      if (controller?.port !== port) return;
      controller = null;
      state = null;
      paint();
    });
  });

  if (import.meta.env.FIREFOX && !inReader) {
    // Firefox: the content script hands over a MessagePort once (lib/page/card-channel.ts explains why
    // this is page-proof). The one hand-over carrying this frame's nonce is taken; nothing after it.
    const onHello = (e: MessageEvent) => {
      const d = e.data as unknown;
      const port = e.ports[0];
      if (!isHello(d, e.ports, nonce) || !port) return;
      removeEventListener('message', onHello);
      controller?.port.disconnect();
      controller = { port: { postMessage: (m: unknown) => port.postMessage(m), disconnect: () => port.close() } };
      port.onmessage = (ev) => {
        const msg = parseCardFrameRequest(ev.data, nonce);
        if (msg) handle(msg);
      };
    };
    addEventListener('message', onHello);
  }

  doc.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.isTrusted) emit({ type: 'card:close', to: nonce });
  });
}
