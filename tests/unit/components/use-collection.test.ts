// @vitest-environment jsdom
/**
 * When the clip list's requests go out (components/hooks/use-collection.ts): the mount's request waits
 * for Preact's effects (after the first paint), a keystroke's request goes out in the commit that shows
 * it, with no frame in between. Preact's after-paint scheduling is replaced by a queue this test
 * flushes, so "no frame yet" is a state, not a wait.
 */
import { h, options, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCollection, type Collection } from '../../../components/hooks/use-collection';
import type { ClipsClient } from '../../../lib/clips/client';
import type { ClipRequest } from '../../../lib/messages';

let frames: (() => void)[] = [];
beforeEach(() => {
  frames = [];
  // Preact calls this to run effects after the next frame; the frame comes when the test says so.
  options.requestAnimationFrame = (flush) => void frames.push(flush);
  // A state change renders at once (Preact defers it to a microtask), so a test reads its commit.
  options.debounceRendering = (rerender) => rerender();
});
afterEach(() => {
  // Preact's defaults: neither is set.
  options.requestAnimationFrame = undefined;
  options.debounceRendering = undefined;
});
const frame = () => frames.splice(0).forEach((f) => f());

function mount() {
  const sent: ClipRequest[] = [];
  const client = {
    call: (msg: ClipRequest) => {
      sent.push(msg);
      return new Promise(() => undefined); // never answered: only what is sent, and when, is tested
    },
  } as unknown as ClipsClient;
  let col!: Collection;
  function Probe() {
    col = useCollection(client, 30, []);
    return null;
  }
  const root = document.createElement('div');
  render(h(Probe, {}), root);
  const lists = () => sent.filter((m) => m.type === 'clips:list').map((m) => (m as { query: string }).query);
  return { col: () => col, lists };
}

describe('useCollection: when the list is asked for', () => {
  it('asks for the first list only once the first frame has come (after the paint)', () => {
    const { lists } = mount();
    expect(lists()).toEqual([]);
    frame();
    expect(lists()).toEqual(['']);
  });

  it("asks for a keystroke's list in the commit that shows it, before any frame", () => {
    const { col, lists } = mount();
    frame();
    col().setQuery('p');
    expect(lists()).toEqual(['', 'p']);
    col().setQuery('pa');
    expect(lists()).toEqual(['', 'p', 'pa']);
    expect(frames.length).toBe(0); // no effect of the list's was left waiting for a frame
  });

  it('a key typed before the first frame is asked for at once, once, after the first list', () => {
    const { col, lists } = mount();
    // Preact runs a component's pending effects before it renders it again: the mount's request goes
    // first (its answer is dropped, being older), then the keystroke's, in the same commit.
    col().setQuery('cs');
    expect(lists()).toEqual(['', 'cs']);
    frame();
    expect(lists()).toEqual(['', 'cs']);
  });
});
