/**
 * The background's one message listener: it decides who is calling from `sender` (set by the browser,
 * never by the message), refuses callers a handler does not accept, parses the request with its zod
 * schema, and only then runs the handler. Refusals are logged with the type, never the payload (a
 * payload may hold the reader's notes or a page's text).
 */
import { isRequestType, requests, type Caller, type RequestOf, type RequestType } from './requests';

/** The part of runtime.MessageSender this needs. */
export interface Sender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** A content script in a web page: everything about the page comes from `sender`. */
export interface ContentContext {
  caller: 'content';
  tabId: number;
  frameId: number;
  /** The sending frame's URL. */
  url: string;
  /** The tab's top-frame URL (undefined where the browser does not give it). */
  topUrl?: string;
}
/** A page of the extension's own origin; `tab` when it is shown inside a tab (the card frame). */
export interface ExtensionContext {
  caller: 'extension';
  url: string;
  tab?: { id?: number; url?: string };
}
export type CallerContext = ContentContext | ExtensionContext;

export type Handler<K extends RequestType, R> = (req: RequestOf<K>, ctx: CallerContext) => R | Promise<R>;
export type Handlers<P extends { [K in RequestType]: { res: unknown } }> = {
  [K in RequestType]: Handler<K, P[K]['res']>;
};

/** The answer a refused request gets, so that callers fail at once instead of waiting. */
export const REFUSED = {
  ok: false,
  error: { name: 'RefusedError', message: 'The extension refused this request.' },
} as const;

export interface RouterOptions {
  /** browser.runtime.id */
  extensionId: string;
  /** browser.runtime.getURL('/') */
  extensionBase: string;
  log?: (message: string) => void;
}

function sameOrigin(url: string | undefined, base: string): boolean {
  if (!url) return false;
  try {
    const a = new URL(url);
    const b = new URL(base);
    // Not URL.origin: it is "null" for chrome-extension: and moz-extension: URLs.
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}

/** Who sent a message, from what the browser says about the sender; null for anyone else. */
export function classify(sender: Sender, opts: RouterOptions): CallerContext | null {
  if (sender.id !== opts.extensionId) return null;
  if (sameOrigin(sender.url, opts.extensionBase)) {
    // An extension page, even inside a web page's tab (the card frame): its document is the extension's
    // and runs in the extension's process, so page script cannot speak for it.
    return {
      caller: 'extension',
      url: sender.url!,
      ...(sender.tab
        ? {
            tab: {
              ...(sender.tab.id !== undefined && { id: sender.tab.id }),
              ...(sender.tab.url !== undefined && { url: sender.tab.url }),
            },
          }
        : {}),
    };
  }
  if (sender.tab?.id === undefined || sender.tab.id < 0 || !sender.url) return null;
  return {
    caller: 'content',
    tabId: sender.tab.id,
    frameId: sender.frameId ?? 0,
    url: sender.url,
    ...(sender.tab.url ? { topUrl: sender.tab.url } : {}),
  };
}

export type Listener = (raw: unknown, sender: Sender) => Promise<unknown> | undefined;

export function createRouter<P extends { [K in RequestType]: { res: unknown } }>(
  handlers: Handlers<P>,
  opts: RouterOptions,
): Listener {
  const log = opts.log ?? ((m: string) => console.warn(m));
  return (raw, sender) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (!isRequestType(type)) {
      log(`Context Reader: refused an unknown message (${typeof type === 'string' ? type.slice(0, 40) : typeof type})`);
      return Promise.resolve(REFUSED);
    }
    const ctx = classify(sender, opts);
    const spec = requests[type];
    const allowed: readonly Caller[] = spec.from;
    if (!ctx || !allowed.includes(ctx.caller)) {
      log(`Context Reader: refused ${type} from ${ctx?.caller ?? 'an unknown sender'}`);
      return Promise.resolve(REFUSED);
    }
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      log(`Context Reader: refused a malformed ${type}`);
      return Promise.resolve(REFUSED);
    }
    const handler = handlers[type] as Handler<typeof type, unknown>;
    return Promise.resolve().then(() => handler(parsed.data, ctx));
  };
}
