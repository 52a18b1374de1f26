// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
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
  it('can be added ahead of the frame, empty, and the frame then goes into it', () => {
    document.documentElement.querySelectorAll(':scope > div').forEach((e) => e.remove());
    const card = cardFrame();
    card.prepareHost();
    card.prepareHost();
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0]!;
    expect(host.shadowRoot).toBeNull(); // closed
    expect(card.exists).toBe(false);
    const frame = card.ensure();
    expect(hosts()).toEqual([host]);
    expect((frame.getRootNode() as ShadowRoot).host).toBe(host);
    expect(card.ensure()).toBe(frame);
    card.drop();
    expect(hosts()).toEqual([]);
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
