// @vitest-environment jsdom
/**
 * HighlightWindow: which mentions are registered as highlights. A fake layout stands in for the browser's
 * (jsdom has none): paragraphs one under the other in a column 800 px wide, an optional sidebar to its
 * right that comes last in the source, and a scroll position; inside a giant block, mention i sits at
 * `placeOf(i)` px from the top of the page (i × 20 unless a test lays its lines out otherwise). Frames run when the test says.
 */
import { fakeHighlightWindow } from './fake-highlights';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HighlightWindow, type Box } from '../../../lib/page/highlight-window';
import { HighlightLayers } from '../../../lib/page/highlights';
import type { PageMention } from '../../../lib/page/mention-store';

const LINE = 20;
/** Page y of a giant block's mention i (tests change it: text that wraps anew, lines of uneven density). */
let placeOf: (i: number) => number;
const PARA = 400;
const VIEW = { w: 1280, h: 800 };
let scrollY = 0;
/** Page y of every laid-out block (its height is PARA, or the giant's lines). */
let layout: Map<Element, { y: number; height: number; left: number; right: number }>;
let measured = { mentions: 0, blocks: 0, hits: 0 };
let clock = 0;
let timers: { at: number; cb: () => void }[] = [];
let touched = 0;
let frames: (() => void)[] = [];
let resized: (() => void) | null = null;
let registry: Map<string, Set<AbstractRange>>;
/** Every window a test made: disposed before the next test, as each listens on jsdom's one window. */
const made: HighlightWindow[] = [];

function fakeWin(): Window & typeof globalThis {
  class FakeRO {
    constructor(cb: () => void) {
      resized = cb;
    }
    observe() {}
    disconnect() {
      resized = null;
    }
  }
  return Object.assign(Object.create(window) as Window & typeof globalThis, {
    ResizeObserver: FakeRO,
    innerHeight: VIEW.h,
    innerWidth: VIEW.w,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
    document,
  });
}

/** The box the window measures (counted). */
function boxOf(el: Element): Box {
  measured.blocks++;
  return boxIn(el);
}

function boxIn(el: Element): Box {
  const l = layout.get(el);
  if (!l) return { top: 0, bottom: 0, left: 0, right: 0 }; // not rendered
  return { top: l.y - scrollY, bottom: l.y + l.height - scrollY, left: l.left, right: l.right };
}

function elementAt(x: number, y: number): Element | null {
  measured.hits++;
  for (const [el, l] of layout)
    if (x >= l.left && x < l.right && y + scrollY >= l.y && y + scrollY < l.y + l.height) return el;
  return document.body;
}

function setup(giantBlock = 50) {
  const fake = fakeHighlightWindow();
  registry = fake.registry;
  // Counts every change to a highlight: each makes Chromium paint all registered ranges again.
  const Base = fake.win.Highlight as unknown as new () => Set<AbstractRange>;
  fake.win.Highlight = class extends Base {
    override add(r: AbstractRange) {
      touched++;
      return super.add(r);
    }
    override delete(r: AbstractRange) {
      touched++;
      return super.delete(r);
    }
  } as unknown as typeof Highlight;
  const index = new Map<PageMention, number>();
  measured = { mentions: 0, blocks: 0, hits: 0 };
  const w = new HighlightWindow({
    layers: new HighlightLayers(fake.win),
    typeOf: () => 'organisation',
    threshold: 10,
    giantBlock,
    win: fakeWin(),
    rectOf: (m) => {
      measured.mentions++;
      const top = placeOf(index.get(m)!) - scrollY;
      return { top, bottom: top + LINE };
    },
    boxOf,
    elementAt,
    requestFrame: (cb) => void frames.push(cb),
    timers: {
      now: () => clock,
      setTimeout: (cb, ms) => {
        const t = { at: clock + ms, cb };
        timers.push(t);
        return t;
      },
      clearTimeout: (t) => void (timers = timers.filter((x) => x !== t)),
    },
  });
  made.push(w);
  return { w, index };
}

function mentionsIn(el: Element, n: number, index: Map<PageMention, number>, offset = 0): PageMention[] {
  const text = el.firstChild as Text;
  return Array.from({ length: n }, (_, i) => {
    const m: PageMention = {
      entity: 'csto',
      rule: 0,
      startContainer: text,
      startOffset: 0,
      endContainer: text,
      endOffset: 1,
      pending: false,
    };
    index.set(m, offset + i);
    return m;
  });
}

const registeredRanges = () => new Set([...registry.values()].flatMap((h) => [...h]));
/** The range the current test's window draws a mention with (made only while it is registered). */
const drawnRange = (m: PageMention) => made.at(-1)!.drawnRange(m);
/** Whether a mention's range is registered. */
const isDrawn = (m: PageMention) => {
  const r = drawnRange(m);
  return r !== undefined && registeredRanges().has(r);
};
const registered = () => registeredRanges().size;
/** A giant block's mentions within a band of the screen, in the fake layout. */
const inBand = (all: PageMention[], index: Map<PageMention, number>, band: readonly [number, number]) =>
  new Set(
    all.filter((m) => {
      const top = placeOf(index.get(m)!) - scrollY;
      return within({ top, bottom: top + LINE }, band);
    }),
  );
/**
 * A giant block's run is near the screen: every mention within NEED drawn, none beyond KEEP (its ends are
 * guessed; FILL is where they aim).
 */
const expectNear = (all: PageMention[], index: Map<PageMention, number>) => {
  const shown = drawn(all);
  for (const m of inBand(all, index, NEED)) expect(shown.has(m), `mention ${index.get(m)} drawn`).toBe(true);
  const keep = inBand(all, index, KEEP);
  for (const m of shown) expect(keep.has(m), `mention ${index.get(m)} within KEEP`).toBe(true);
  return shown;
};
/** The mentions drawn: exactly those with a range, each range registered. */
const drawn = (all: PageMention[]) => {
  expect(registered()).toBe(all.filter((m) => drawnRange(m)).length);
  return new Set(all.filter(isDrawn));
};
const runFrames = () => {
  for (const cb of frames.splice(0)) cb();
};
/** Moves the clock on, running the timers that come due. */
const advance = (ms: number) => {
  clock += ms;
  for (const t of timers.filter((t) => t.at <= clock)) {
    timers = timers.filter((x) => x !== t);
    t.cb();
  }
};
const scrollTo = (y: number) => {
  scrollY = y;
  window.dispatchEvent(new Event('scroll'));
  runFrames();
};

/**
 * A `<tag>x</tag>` that `place` puts in the page, laid out at `box` (in the column unless it says
 * otherwise), with `n` mentions (not yet added to the window).
 */
function block(
  place: (el: Element) => void,
  box: { y: number; height: number; left?: number; right?: number },
  n: number,
  index: Map<PageMention, number>,
  tag = 'p',
): { el: Element; mentions: PageMention[] } {
  const el = document.createElement(tag);
  el.textContent = 'x';
  place(el);
  layout.set(el, { left: 0, right: 800, ...box });
  return { el, mentions: mentionsIn(el, n, index) };
}

const append = (el: Element) => {
  document.body.append(el);
};

/** `n` paragraphs of the column, each with `per` mentions, added in document order. */
function column(w: HighlightWindow, index: Map<PageMention, number>, n: number, per: number) {
  const paras = Array.from({ length: n }, (_, i) => block(append, { y: i * PARA, height: PARA }, per, index));
  for (const p of paras) for (const m of p.mentions) w.add(m);
  return paras;
}

/** Bands around the screen, in screen heights (lib/page/highlight-window.ts). */
const NEED = [-0.5, 1.5] as const;
const FILL = [-2, 3] as const;
const KEEP = [-3, 4] as const;

const within = (b: { top: number; bottom: number }, band: readonly [number, number]) =>
  b.bottom > b.top && b.bottom >= band[0] * VIEW.h && b.top <= band[1] * VIEW.h;

/** Indexes of the paragraphs within a band of the screen, in the fake layout. */
const parasIn = (paras: { el: Element }[], band: readonly [number, number]) =>
  paras.flatMap(({ el }, i) => (within(boxIn(el), band) ? [i] : []));

/** Indexes of the paragraphs whose mentions are all registered (and of none that are partly). */
function registeredParas(paras: { el: Element; mentions: PageMention[] }[]): number[] {
  const ranges = registeredRanges();
  return paras.flatMap(({ mentions }, i) => {
    const n = mentions.filter((m) => ranges.has(drawnRange(m)!)).length;
    if (n && n !== mentions.length) throw new Error(`paragraph ${i} is partly registered`);
    return n ? [i] : [];
  });
}

beforeEach(() => {
  for (const w of made.splice(0)) w.dispose();
  scrollY = 0;
  placeOf = (i) => i * LINE;
  clock = 0;
  timers = [];
  frames = [];
  resized = null;
  layout = new Map();
  document.body.innerHTML = '';
});

describe('HighlightWindow', () => {
  it('registers everything on a small page', () => {
    const { w, index } = setup();
    for (const m of block(append, { y: 0, height: PARA }, 8, index).mentions) w.add(m);
    expect(registered()).toBe(8);
    expect(frames).toEqual([]);
  });

  it('past the threshold, registers what is near the screen in the next frame, in batches, and follows a jump', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 200, 3);
    runFrames();
    // The first four paragraphs, registered before the threshold, cover what must be: nothing changes.
    expect(parasIn(paras, NEED)).toEqual([0, 1, 2, 3]);
    expect(registeredParas(paras)).toEqual([0, 1, 2, 3]);
    // A few dozen boxes, not one per paragraph.
    expect(measured.blocks).toBeLessThan(40);

    measured.blocks = 0;
    scrollTo(120 * PARA);
    expect(registeredParas(paras)).toEqual(parasIn(paras, FILL));
    expect(parasIn(paras, FILL)).toEqual([115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126]);
    expect(measured.blocks).toBeLessThan(60);

    // A small scroll stays inside what is registered: the highlights are not touched.
    const before = touched;
    scrollTo(120 * PARA + 300);
    expect(parasIn(paras, NEED).every((i) => registeredParas(paras).includes(i))).toBe(true);
    expect(touched).toBe(before);

    // Further down something within NEED is missing: FILL comes in, and what is past KEEP goes.
    const kept = registeredParas(paras);
    scrollTo(124 * PARA);
    const keep = parasIn(paras, KEEP);
    const expected = [...new Set([...kept.filter((i) => keep.includes(i)), ...parasIn(paras, FILL)])].sort(
      (a, b) => a - b,
    );
    expect(registeredParas(paras)).toEqual(expected);
    expect(expected[0]).toBe(117);
  });

  it('finds a block on screen that document order puts elsewhere (a sidebar late in the source)', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 100, 3);
    const aside = document.body.appendChild(document.createElement('aside'));
    const sideMentions = block(
      (el) => aside.append(el),
      { y: 100, height: 300, left: 900, right: 1200 },
      2,
      index,
    ).mentions;
    for (const m of sideMentions) w.add(m);
    scrollTo(0);
    for (const m of sideMentions) expect(isDrawn(m)).toBe(true);
    // Far down the column the sidebar is far above: it goes, the column's paragraphs there come.
    scrollTo(60 * PARA);
    for (const m of sideMentions) expect(isDrawn(m)).toBe(false);
    expect(registeredParas(paras)).toEqual(parasIn(paras, FILL));
  });

  it('while the reader scrolls, hit-tests the screen at most every 100 ms, and once after the scroll', () => {
    const { w, index } = setup(1000);
    column(w, index, 100, 3);
    const aside = document.body.appendChild(document.createElement('aside'));
    // Out of the flow and out of document order: only a hit test finds it.
    const sideMentions = block(
      (el) => aside.append(el),
      { y: 27 * PARA + 300, height: 300, left: 900, right: 1200 },
      2,
      index,
    ).mentions;
    for (const m of sideMentions) w.add(m);
    runFrames();
    advance(1000);
    // A burst of scroll frames 16 ms apart down to the sidebar: one hit test round in 100 ms.
    measured.hits = 0;
    for (let i = 1; i <= 5; i++) {
      scrollTo(25 * PARA + i * 200);
      advance(16);
    }
    const during = measured.hits;
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThanOrEqual(9);
    expect(isDrawn(sideMentions[0]!)).toBe(false);
    // The scroll stops on it: 100 ms later the screen is hit-tested again and the sidebar is marked.
    advance(100);
    runFrames();
    expect(measured.hits).toBeGreaterThan(during);
    for (const m of sideMentions) expect(isDrawn(m)).toBe(true);
  });

  it('measures a block added while windowed once, in the next frame, and registers it only when near', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 50, 3);
    runFrames();
    measured.blocks = 0;
    // Content appended at the bottom (far below the screen) and inserted near the top.
    const farMentions = block(append, { y: 50 * PARA, height: PARA }, 2, index).mentions;
    const nearMentions = block((el) => paras[1]!.el.after(el), { y: PARA + 10, height: 10 }, 2, index).mentions;
    for (const m of [...farMentions, ...nearMentions]) w.add(m);
    expect(frames.length).toBe(1);
    runFrames();
    expect(measured.blocks).toBe(2);
    for (const m of nearMentions) expect(isDrawn(m)).toBe(true);
    for (const m of farMentions) expect(isDrawn(m)).toBe(false);
    // Document order kept: a jump to the end finds the appended paragraph by the binary search.
    scrollTo(49 * PARA);
    for (const m of farMentions) expect(isDrawn(m)).toBe(true);
    // And the one inserted near the top sits between its neighbours: back at the top it is found again.
    scrollTo(0);
    for (const m of nearMentions) expect(isDrawn(m)).toBe(true);
  });

  it('keeps document order as a walk adds a run of blocks before the last one, without comparing far-apart nodes', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 60, 3);
    runFrames();
    // Content inserted between paragraphs 9 and 10 (a rescan walks it in order): 20 paragraphs 10 px tall.
    let after = paras[9]!.el;
    const inserted = Array.from({ length: 20 }, (_, i) => {
      const b = block((el) => after.after(el), { y: 10 * PARA - 200 + i * 10, height: 10 }, 2, index);
      after = b.el;
      return b;
    });
    const compare = vi.spyOn(Element.prototype, 'compareDocumentPosition');
    for (const p of inserted) for (const m of p.mentions) w.add(m);
    // The first goes by a binary search; each later one right after the one before, seen a step away.
    expect(compare.mock.calls.length).toBeLessThan(12);
    compare.mockRestore();
    runFrames();
    // Found by the walk along document order from the binary search, where they sit.
    scrollTo(10 * PARA - 400);
    for (const p of inserted) for (const m of p.mentions) expect(isDrawn(m)).toBe(true);
    // A block a little out of order (its mention confirmed after later ones'): among the last few.
    const lateMentions = block((el) => paras[57]!.el.after(el), { y: 58 * PARA - 5, height: 5 }, 2, index).mentions;
    const compared = vi.spyOn(Element.prototype, 'compareDocumentPosition');
    for (const m of lateMentions) w.add(m);
    expect(compared).not.toHaveBeenCalled();
    compared.mockRestore();
    runFrames();
    scrollTo(58 * PARA - 400);
    for (const m of lateMentions) expect(isDrawn(m)).toBe(true);
  });

  it('keeps document order for blocks nested in the block added before them, stepping into it', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 60, 3);
    runFrames();
    // A <section> with text of its own and two paragraphs inside, between paragraphs 29 and 30.
    const y = 30 * PARA - 300;
    const section = block((el) => paras[29]!.el.after(el), { y, height: 300 }, 2, index, 'section');
    for (const m of section.mentions) w.add(m);
    const compare = vi.spyOn(Element.prototype, 'compareDocumentPosition');
    const inner = [0, 1].map((i) =>
      block((el) => section.el.append(el), { y: y + 100 + i * 100, height: 100 }, 2, index),
    );
    for (const p of inner) for (const m of p.mentions) w.add(m);
    // Each found a step into the block before it: no comparison of nodes.
    expect(compare).not.toHaveBeenCalled();
    compare.mockRestore();
    runFrames();
    scrollTo(y - 200);
    for (const p of [section, ...inner]) for (const m of p.mentions) expect(isDrawn(m)).toBe(true);
  });

  it('checks again when the document changes size, with no scroll (content removed above moved everything up)', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 100, 3);
    runFrames();
    expect(registeredParas(paras)).toEqual([0, 1, 2, 3]);
    for (const l of layout.values()) l.y -= 20 * PARA;
    expect(resized).not.toBeNull();
    resized!();
    runFrames();
    expect(parasIn(paras, NEED)).toEqual([18, 19, 20, 21, 22, 23]);
    expect(registeredParas(paras)).toEqual(parasIn(paras, FILL));
  });

  it('cuts a giant block by range position, and follows the reader when they jump', () => {
    const { w, index } = setup();
    const all = block(append, { y: 0, height: 5000 * LINE }, 5000, index, 'pre').mentions;
    for (const m of all) w.add(m);
    runFrames();
    // Screen 0–800 px, two screens below it: about mentions 0..120 (top ≤ 2400 px).
    expect(expectNear(all, index).size).toBeGreaterThan(100);
    // A handful of rects: a binary search for each end of the run reads ~13.
    expect(measured.mentions).toBeLessThanOrEqual(5);
    // Jump to the middle of the block: after one frame, what is registered is what is near the new screen,
    // found from a guess with a few rects (a binary search over 5,000 mentions reads ~26).
    let rects = measured.mentions;
    scrollTo(2500 * LINE);
    expectNear(all, index);
    expect(isDrawn(all[0]!)).toBe(false);
    expect(measured.mentions - rects).toBeLessThanOrEqual(4);
    // A small scroll inside it changes nothing, and measures nothing: the block moved, not its text.
    const before = touched;
    rects = measured.mentions;
    scrollTo(2500 * LINE + 300);
    expect(touched).toBe(before);
    expect(measured.mentions).toBe(rects);
    // Reading on, screen after screen: each batch guesses from the mentions read last, four rects at most.
    for (let y = 2500 * LINE + 800; y < 2500 * LINE + 8000; y += 800) {
      rects = measured.mentions;
      scrollTo(y);
      expectNear(all, index);
      expect(measured.mentions - rects).toBeLessThanOrEqual(4);
    }
  });

  it('finds the run near the screen however unevenly the mentions are spread down a giant block', () => {
    const { w, index } = setup();
    // Dense at the top, sparse further down: mention i at i² / 50 px (the last at 500,000 px).
    placeOf = (i) => Math.round((i * i) / 50);
    const all = block(append, { y: 0, height: 500_000 + LINE }, 5000, index, 'pre').mentions;
    for (const m of all) w.add(m);
    runFrames();
    expectNear(all, index);
    for (const y of [400_000, 2_000, 120_000, 499_200, 0]) {
      const rects = measured.mentions;
      scrollTo(y);
      expectNear(all, index);
      // Never much more than a binary search's two dozen, however far off the guess.
      expect(measured.mentions - rects).toBeLessThanOrEqual(60);
    }
  });

  it('puts mentions drawn out of text order in their place (pending ones a later mention confirmed)', () => {
    const { w, index } = setup();
    const all = block(append, { y: 0, height: 5000 * LINE }, 5000, index, 'pre').mentions;
    for (const [i, m] of all.entries()) m.seq = i;
    // The scan draws every other mention as it goes; the rest wait for evidence further down the page.
    for (const m of all.filter((_, i) => i % 2 === 0)) w.add(m);
    runFrames();
    scrollTo(1200 * LINE);
    // Then the evidence comes: the waiting ones are drawn all at once, in the order they were waiting.
    for (const m of all.filter((_, i) => i % 2 === 1).reverse()) w.add(m);
    runFrames();
    expectNear(all, index);
    for (const y of [3000 * LINE, 600 * LINE]) {
      scrollTo(y);
      expectNear(all, index);
    }
  });

  it('lets a header go when the reader has gone far down a giant block below it', () => {
    const { w, index } = setup();
    const header = block(append, { y: 0, height: PARA }, 3, index);
    const pre = block(append, { y: PARA, height: 5000 * LINE }, 5000, index, 'pre');
    for (const [i, m] of pre.mentions.entries()) index.set(m, i + PARA / LINE);
    for (const m of [...header.mentions, ...pre.mentions]) w.add(m);
    runFrames();
    expect(header.mentions.every(isDrawn)).toBe(true);
    scrollTo(2500 * LINE);
    expectNear(pre.mentions, index);
    expect(header.mentions.some(isDrawn)).toBe(false);
  });

  it('measures a giant block again when its text is laid out anew (the window narrowed)', () => {
    const { w, index } = setup();
    const pre = block(append, { y: 0, height: 5000 * LINE }, 5000, index, 'pre');
    for (const m of pre.mentions) w.add(m);
    scrollTo(1000 * LINE);
    expectNear(pre.mentions, index);
    // Narrower: every line wraps in two, the block is twice as tall, each mention twice as far down.
    placeOf = (i) => i * 2 * LINE;
    layout.set(pre.el, { ...layout.get(pre.el)!, height: 10_000 * LINE, right: 400 });
    resized!();
    runFrames();
    expectNear(pre.mentions, index);
    expect(isDrawn(pre.mentions[1000]!)).toBe(false);
  });

  it('does not measure again for mentions added below a cut that already reached past the screen', () => {
    const { w, index } = setup();
    const all = block(append, { y: 0, height: 3000 * LINE }, 3000, index, 'pre').mentions;
    for (const m of all.slice(0, 1000)) w.add(m);
    runFrames();
    const run = expectNear(all, index);
    const before = measured.mentions;
    for (const m of all.slice(1000)) w.add(m);
    runFrames();
    expect(measured.mentions).toBe(before);
    expect(drawn(all)).toEqual(run);
    // A scroll measures again.
    scrollTo(1500 * LINE);
    expect(measured.mentions).toBeGreaterThan(before);
    expect(isDrawn(all[1500]!)).toBe(true);
  });

  it('a giant block read a little at a time (as the scan goes) is measured a few times, not in every frame', () => {
    const { w, index } = setup();
    const all = block(append, { y: 0, height: 3000 * LINE }, 3000, index, 'pre').mentions;
    for (let i = 0; i < all.length; i += 20) {
      for (const m of all.slice(i, i + 20)) w.add(m);
      runFrames();
    }
    // What NEED holds is registered (mentions 0..60: top ≤ 1,200 px), within FILL at most.
    for (const m of all.slice(0, 61)) expect(isDrawn(m)).toBe(true);
    expect(w.registered).toBeLessThanOrEqual(121);
    // Until the run reaches past the screen, each frame looks at the mention after it (a binary search
    // when a batch is due); past it, nothing is measured at all.
    expect(measured.mentions).toBeLessThan(120);
  });

  it('forgets removed mentions and their blocks, and stops listening when disposed', () => {
    const { w, index } = setup(1000);
    const paras = column(w, index, 20, 3);
    runFrames();
    for (const p of paras.slice(0, 10)) for (const m of p.mentions) w.remove(m);
    for (const p of paras.slice(0, 10)) layout.delete(p.el);
    scrollTo(0);
    expect(registered()).toBe(0);
    // The removed blocks left document order: the binary search still finds the rest.
    scrollTo(12 * PARA);
    expect(registeredParas(paras)).toEqual(parasIn(paras, FILL));
    expect(registeredParas(paras)[0]).toBe(10);
    for (const m of paras.flatMap((p) => p.mentions)) w.remove(m);
    expect(registered()).toBe(0);
    expect(w.registered).toBe(0);
    w.dispose();
    expect(resized).toBeNull();
    window.dispatchEvent(new Event('scroll'));
    expect(frames).toEqual([]);
  });
});
