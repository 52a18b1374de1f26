// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { CardFrame, type CardPort } from '../../../lib/page/card-frame';

function cardFrame(): CardFrame {
  const port: CardPort = {
    postMessage: () => undefined,
    onMessage: { addListener: () => undefined },
    disconnect: () => undefined,
  };
  return new CardFrame({
    doc: document,
    frameUrl: 'about:blank#n=x',
    nonce: 'x',
    connect: () => port,
    onEvent: () => undefined,
    onPointer: () => undefined,
    onReplaced: () => undefined,
  });
}

const hosts = () => [...document.documentElement.children].filter((e) => e.localName === 'div');

describe('the card host', () => {
  it('can be added ahead of time with an empty, sandboxed frame, which ensure() then points at the card', () => {
    document.documentElement.querySelectorAll(':scope > div').forEach((e) => e.remove());
    const card = cardFrame();
    card.prepareHost();
    card.prepareHost();
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0]!;
    expect(host.shadowRoot).toBeNull(); // closed
    expect(card.exists).toBe(false);
    const frame = card.ensure();
    expect(card.exists).toBe(true);
    expect(hosts()).toEqual([host]);
    expect((frame.getRootNode() as ShadowRoot).host).toBe(host);
    // The frame made ahead of time, now pointed at the card page and no longer sandboxed.
    expect(frame.getAttribute('src')).toBe('about:blank#n=x');
    expect(frame.hasAttribute('sandbox')).toBe(false);
    expect(card.ensure()).toBe(frame);
    card.drop();
    expect(hosts()).toEqual([]);
  });

  it('loads nothing and runs nothing in the frame until ensure()', () => {
    // The host's shadow root is closed: it is caught as attachShadow returns it.
    const attach = vi.spyOn(Element.prototype, 'attachShadow');
    const card = cardFrame();
    card.prepareHost();
    const root = attach.mock.results[0]!.value as ShadowRoot;
    attach.mockRestore();
    const seen = root.querySelector('iframe');
    expect(seen).not.toBeNull();
    expect(seen!.getAttribute('sandbox')).toBe('');
    expect(seen!.hasAttribute('src')).toBe(false);
    expect(card.exists).toBe(false);
    expect(card.ensure()).toBe(seen);
    card.drop();
  });

  it('is made again, with a new frame, when a page removed it', () => {
    const card = cardFrame();
    const first = card.ensure();
    hosts()[0]!.remove();
    card.prepareHost();
    expect(hosts()).toHaveLength(1);
    const second = card.ensure();
    expect(second).not.toBe(first);
    expect((second.getRootNode() as ShadowRoot).host).toBe(hosts()[0]);
    card.drop();
  });
});
