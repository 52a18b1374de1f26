/**
 * The Firefox channel between a content script and its card frame. Firefox delivers a content script's
 * runtime messages and ports to the background only, not to an extension frame inside the page (and
 * gives that frame no tabs API to reach back), so there the two talk over a MessageChannel whose far end
 * is handed to the frame once, by postMessage addressed to the extension's origin only.
 *
 * Why a page cannot use it: the page never holds either port; it cannot reach the frame's window (the
 * iframe sits in a closed shadow root and is not listed in window.frames); and the frame accepts the one
 * hand-over that carries the random nonce of its own URL, which the page cannot read. Chrome uses a
 * runtime port instead (entrypoints/content/run.ts), where the browser vouches for the sender.
 */
import type { CardPort } from './card-frame';
import type { CardFrameRequest } from '../messages';

export const HELLO = 'card-frame:hello';

export function windowPort(frame: HTMLIFrameElement, frameUrl: string, nonce: string): CardPort {
  const channel = new MessageChannel();
  const listeners: ((m: unknown) => void)[] = [];
  channel.port1.onmessage = (e) => {
    for (const fn of listeners) fn(e.data);
  };
  frame.contentWindow?.postMessage({ type: HELLO, nonce }, new URL(frameUrl).origin, [channel.port2]);
  return {
    postMessage: (m: CardFrameRequest) => channel.port1.postMessage(m),
    onMessage: { addListener: (fn) => void listeners.push(fn) },
    disconnect: () => channel.port1.close(),
  };
}

/** The name of the runtime port between a controller and the frame whose URL carries `nonce`. */
export function portName(nonce: string): string {
  return `card-frame:${nonce}`;
}

export interface PortOrigin {
  name: string;
  /** sender.id: the extension that opened the port (set by the browser). */
  senderId: string | undefined;
  /** sender.tab.id, when the browser gives one. */
  senderTab: number | undefined;
}

/**
 * Whether a runtime port is this frame's controller: named for the frame's nonce, opened by this
 * extension, and from the frame's own tab where both tabs are known (Firefox gives a frame no tabs API).
 */
export function isOwnController(
  p: PortOrigin,
  own: { nonce: string; extensionId: string; tab: number | undefined },
): boolean {
  if (!own.nonce || p.name !== portName(own.nonce) || p.senderId !== own.extensionId) return false;
  return own.tab === undefined || p.senderTab === undefined || p.senderTab === own.tab;
}

/** Whether a window message is the one Firefox hand-over for the frame whose nonce is `nonce`. */
export function isHello(
  data: unknown,
  ports: readonly MessagePort[],
  nonce: string,
): data is { type: string; nonce: string } {
  const d = data as { type?: unknown; nonce?: unknown } | null;
  return !!nonce && typeof d === 'object' && d !== null && d.type === HELLO && d.nonce === nonce && ports.length === 1;
}
