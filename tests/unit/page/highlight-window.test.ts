// @vitest-environment jsdom
/**
 * HighlightWindow: which mentions are registered as highlights. Blocks come and go with a stand-in
 * IntersectionObserver; inside a giant block, mentions are cut by position (a fake layout: mention i
 * sits at i × 20 px from the top of the page).
 */
import { fakeHighlightWindow } from './fake-highlights';
import { beforeEach, describe, expect, it } from 'vitest';
import { HighlightWindow } from '../../../lib/page/highlight-window';
import { HighlightLayers } from '../../../lib/page/highlights';
import type { PageMention } from '../../../lib/page/mention-store';

const LINE = 20;
let measured = 0;
let scrollY = 0;
let frames: (() => void)[] = [];
let io: { cb: (e: IntersectionObserverEntry[]) => void; observed: Set<Element> } | null = null;
let registry: Map<string, Set<AbstractRange>>;

function fakeWin(): Window & typeof globalThis {
  class FakeIO {
    observed = new Set<Element>();
    constructor(public cb: (e: IntersectionObserverEntry[]) => void) {
      // The test drives the observer the code under test constructs, so it keeps a handle on it.
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      io = this;
    }
    observe(el: Element) {
      this.observed.add(el);
    }
    unobserve(el: Element) {
      this.observed.delete(el);
    }
    disconnect() {}
  }
  return Object.assign(Object.create(window) as Window & typeof globalThis, {
    IntersectionObserver: FakeIO,
    innerHeight: 800,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
    document,
  });
}

function setup(giantBlock = 50) {
  const fake = fakeHighlightWindow();
  registry = fake.registry;
  const hwin = fake.win;
  const index = new Map<PageMention, number>();
  measured = 0;
  const w = new HighlightWindow({
    layers: new HighlightLayers(hwin),
    typeOf: () => 'organisation',
    threshold: 10,
    giantBlock,
    win: fakeWin(),
    rectOf: (m) => {
      measured++;
      const top = index.get(m)! * LINE - scrollY;
      return { top, bottom: top + LINE };
    },
    requestFrame: (cb) => void frames.push(cb),
  });
  return { w, index };
}

function mentionsIn(el: Element, n: number, index: Map<PageMention, number>, offset = 0): PageMention[] {
  const text = el.firstChild as Text;
  return Array.from({ length: n }, (_, i) => {
    const m: PageMention = {
      entity: 'csto',
      rule: 0,
      range: new StaticRange({ startContainer: text, startOffset: 0, endContainer: text, endOffset: 1 }),
      pending: false,
    };
    index.set(m, offset + i);
    return m;
  });
}

const registered = () => [...registry.values()].reduce((n, h) => n + h.size, 0);
const runFrames = () => {
  for (const cb of frames.splice(0)) cb();
};

beforeEach(() => {
  scrollY = 0;
  frames = [];
  io = null;
  document.body.innerHTML = '<pre id="giant">x</pre><p id="a">x</p><p id="b">x</p>';
});

describe('HighlightWindow', () => {
  it('registers everything on a small page', () => {
    const { w, index } = setup();
    for (const m of mentionsIn(document.getElementById('a')!, 8, index)) w.add(m);
    expect(registered()).toBe(8);
  });

  it('past the threshold, registers only the blocks near the screen', () => {
    const { w, index } = setup(1000);
    for (const m of mentionsIn(document.getElementById('a')!, 6, index)) w.add(m);
    for (const m of mentionsIn(document.getElementById('b')!, 6, index)) w.add(m);
    io!.cb([{ target: document.getElementById('b')!, isIntersecting: false } as unknown as IntersectionObserverEntry]);
    expect(registered()).toBe(6);
    io!.cb([{ target: document.getElementById('b')!, isIntersecting: true } as unknown as IntersectionObserverEntry]);
    expect(registered()).toBe(12);
  });

  it('cuts a giant block by range position, and follows the reader when they jump', () => {
    const { w, index } = setup();
    const giant = document.getElementById('giant')!;
    const all = mentionsIn(giant, 5000, index);
    for (const m of all) w.add(m);
    runFrames();
    // Screen 0–800 px, one screen of margin each way: mentions 0..79 (top ≤ 1600 px).
    expect(w.registered).toBe(81);
    expect(registered()).toBe(81);
    // Jump to the middle of the block: after one frame, what is registered is what is near the new screen.
    scrollY = 2500 * LINE;
    window.dispatchEvent(new Event('scroll'));
    runFrames();
    const near = all.filter((m) => {
      const top = index.get(m)! * LINE - scrollY;
      return top + LINE >= -800 && top <= 1600;
    });
    expect(w.registered).toBe(near.length);
    expect([...registry.values()][0]!.has(near[0]!.range)).toBe(true);
    expect([...registry.values()][0]!.has(all[0]!.range)).toBe(false);
  });

  it('does not measure again for mentions added below a cut that already reached past the screen', () => {
    const { w, index } = setup();
    const giant = document.getElementById('giant')!;
    const all = mentionsIn(giant, 3000, index);
    for (const m of all.slice(0, 1000)) w.add(m);
    runFrames();
    expect(w.registered).toBe(81);
    const before = measured;
    for (const m of all.slice(1000)) w.add(m);
    runFrames();
    expect(measured).toBe(before);
    expect(w.registered).toBe(81);
    // A scroll measures again.
    scrollY = 1500 * LINE;
    window.dispatchEvent(new Event('scroll'));
    runFrames();
    expect(measured).toBeGreaterThan(before);
    expect([...registry.values()][0]!.has(all[1500]!.range)).toBe(true);
  });

  it('forgets removed mentions and stops observing empty blocks', () => {
    const { w, index } = setup(1000);
    const a = mentionsIn(document.getElementById('a')!, 11, index);
    for (const m of a) w.add(m);
    expect(io!.observed.size).toBe(1);
    for (const m of a) w.remove(m);
    expect(registered()).toBe(0);
    expect(w.registered).toBe(0);
    expect(io!.observed.size).toBe(0);
  });
});
