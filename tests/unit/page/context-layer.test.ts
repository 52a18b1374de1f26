// @vitest-environment jsdom
/**
 * When the card's host and frame are made: both at idle moments after the first pass, before the reader
 * moves the pointer, the frame only in a tab someone looks at.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardPort } from '../../../lib/page/card-frame';
import { ContextLayer } from '../../../lib/page/context-layer';
import { HighlightLayers } from '../../../lib/page/highlights';
import { MentionStore } from '../../../lib/page/mention-store';
import { fakeHighlightWindow } from './fake-highlights';

let idle: (() => void)[];
let frames: (() => void)[];
let abort: AbortController;
let visibility: DocumentVisibilityState;

beforeEach(() => {
  idle = [];
  frames = [];
  abort = new AbortController();
  visibility = 'visible';
  document.documentElement.querySelectorAll(':scope > div').forEach((e) => e.remove());
  document.body.innerHTML = '<p>The CSTO met.</p>';
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => idle.push(cb));
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  abort.abort();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function layer(mentions = 1): { made: string[] } {
  const store = new MentionStore({ added: () => undefined, removed: () => undefined });
  const text = document.querySelector('p')!.firstChild as Text;
  for (let i = 0; i < mentions; i++)
    store.add({
      entity: 'csto',
      rule: 0,
      startContainer: text,
      startOffset: 4,
      endContainer: text,
      endOffset: 8,
      pending: false,
    });
  const made: string[] = [];
  const create = document.createElementNS.bind(document);
  vi.spyOn(document, 'createElementNS').mockImplementation(((ns: string, name: string) => {
    made.push(name);
    return create(ns, name);
  }) as typeof document.createElementNS);
  const port: CardPort = {
    postMessage: () => undefined,
    onMessage: { addListener: () => undefined },
    disconnect: () => undefined,
  };
  const l = new ContextLayer({
    doc: document,
    store,
    layers: new HighlightLayers(fakeHighlightWindow().win),
    signal: abort.signal,
    frameUrl: 'about:blank#n=x',
    nonce: 'x',
    connect: () => port,
  });
  l.prepareCard();
  return { made };
}

const run = (queue: (() => void)[]) => {
  for (const cb of queue.splice(0)) cb();
};

describe('the card made ahead of the first pointer move', () => {
  it('adds the host at an idle moment, then the frame at another after a frame, with no pointer move', () => {
    const { made } = layer();
    expect(made).toEqual([]);
    run(idle);
    expect(made).toEqual(['div']);
    // Not in the same idle period: the host's cost and the frame's would make one task.
    run(idle);
    expect(made).toEqual(['div']);
    run(frames);
    run(idle);
    expect(made).toEqual(['div', 'iframe']);
  });

  it('in a tab no one looks at, makes the frame only once the tab is shown', () => {
    visibility = 'hidden';
    const { made } = layer();
    run(idle);
    run(frames);
    run(idle);
    expect(made).toEqual(['div']);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    run(idle);
    expect(made).toEqual(['div', 'iframe']);
  });

  it('makes nothing on a page with nothing marked', () => {
    const { made } = layer(0);
    run(idle);
    run(frames);
    run(idle);
    expect(made).toEqual([]);
  });
});
