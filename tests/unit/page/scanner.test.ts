// @vitest-environment jsdom
/**
 * PageScanner's queue, slices and windows under a fake clock and scheduler (as hover-intent.test.ts):
 * the clock advances only when the matcher works, yields and frames run when the test says so.
 */
import { fakeHighlightWindow } from './fake-highlights';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalogue } from '../../../lib/kb/schema';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';
import { HighlightLayers } from '../../../lib/page/highlights';
import type { ScanScheduler } from '../../../lib/page/scan-scheduler';
import { PageScanner } from '../../../lib/page/scanner';

const fact = { text: 't', doc: 'd', quote: 'quote text', start: 0, end: 10 };
const catalogue = Catalogue.parse({
  entities: [
    {
      id: 'csto',
      type: 'organisation',
      name: 'CSTO',
      role: 'r',
      facts: [fact],
      aliases: [{ text: 'CSTO' }, { text: 'Collective Security Treaty Organization', case: 'insensitive' }],
    },
    {
      id: 'patrushev',
      type: 'person',
      name: 'Nikolai Patrushev',
      role: 'r',
      facts: [fact],
      aliases: [{ text: 'Nikolai Patrushev' }, { text: 'Patrushev' }],
    },
    {
      id: 'kanal',
      type: 'operation',
      name: 'Operation Kanal',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'Operation Kanal', case: 'insensitive' },
        { text: 'Channel', requires: { near: ['operation'], page: ['kanal'] } },
      ],
    },
  ],
});
const spec = buildSpec(catalogue);

/** A matcher whose work costs fake time: by default 1 ms per 1,000 characters read. */
class CostlyMatcher extends Matcher {
  constructor(
    private readonly clock: FakeScheduler,
    /** ms per character read from `from` on (tests make some text dearer than the rest). */
    private readonly cost: (from: number) => number = () => 1 / 1000,
  ) {
    super(spec);
  }
  override scan(text: string, from = 0, to = text.length) {
    this.clock.t += (to - from) * this.cost(from);
    return super.scan(text, from, to);
  }
}

/**
 * A matcher whose first run costs `coldMs` whatever its length (code not yet compiled), every other window
 * 0.25 ms per 1,000 characters. The first run is its first window, or with `coldAt: 'names'` its first
 * window that finds a name (the mention path's first run).
 */
class ColdMatcher extends Matcher {
  private warm = false;
  constructor(
    private readonly clock: FakeScheduler,
    private readonly coldMs: number,
    private readonly coldAt: 'window' | 'names' = 'window',
  ) {
    super(spec);
  }
  override scan(text: string, from = 0, to = text.length) {
    const found = super.scan(text, from, to);
    const cold = !this.warm && (this.coldAt === 'window' || found.mentions.length + found.pending.length > 0);
    this.clock.t += cold ? this.coldMs : ((to - from) * 0.25) / 1000;
    if (cold) this.warm = true;
    return found;
  }
}

class FakeScheduler implements ScanScheduler {
  t = 0;
  yields = 0;
  private paint: ((inFrame: boolean) => void)[] = [];
  private frames: (() => void)[] = [];
  now = () => this.t;
  /** Clock readings at every yield and rest: the ends of slices. */
  ends: number[] = [];
  /** ms the page takes between two slices (0: nothing of the page's runs, slices follow each other). */
  pageWork = 0;
  rests = 0;
  rest = () => {
    this.rests++;
    this.ends.push(this.t);
    return Promise.resolve();
  };
  /** When set, slices wait for `step()` instead of following each other at once. */
  hold = false;
  private held: (() => void)[] = [];
  yield = () => {
    this.yields++;
    this.ends.push(this.t);
    this.t += this.pageWork;
    return this.hold ? new Promise<void>((r) => this.held.push(r)) : Promise.resolve();
  };
  /** Lets the waiting slice run. */
  async step(): Promise<void> {
    for (const r of this.held.splice(0)) r();
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }
  soon = 0;
  yieldSoon = () => {
    this.soon++;
    return this.hold ? new Promise<void>((r) => this.held.push(r)) : Promise.resolve();
  };
  beforePaint = (cb: (inFrame: boolean) => void) => void this.paint.push(cb);
  frame = (cb: () => void) => void this.frames.push(cb);
  setTimeout = (cb: () => void) => setTimeout(cb, 0);
  clearTimeout = (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>);
  /** The page's next frame, after its layout and before its paint (`inFrame` false: the fallback task). */
  painted(inFrame = true): void {
    for (const cb of this.paint.splice(0)) cb(inFrame);
  }
  runFrames(): void {
    for (const cb of this.frames.splice(0)) cb();
  }
}

const inBlock = (s: PageScanner, el: Element) =>
  s.store.mentionsOf('csto').some((m) => m.startContainer.parentElement === el);

/** Highlights as plain sets on a stand-in window: jsdom has no CSS Custom Highlight API. */
function fakeLayers(): { layers: HighlightLayers; registered: () => number } {
  const { win, registry } = fakeHighlightWindow();
  return { layers: new HighlightLayers(win), registered: () => [...registry.values()].reduce((n, h) => n + h.size, 0) };
}

/** Lets the scanner's pump run every slice it can without new frames or paints. */
async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < 200; i++) await Promise.resolve();
}

let abort: AbortController;
let sched: FakeScheduler;
beforeEach(() => {
  abort = new AbortController();
  sched = new FakeScheduler();
});
/** Undoes what `fake` set, after each test. */
const undo: (() => void)[] = [];
afterEach(() => {
  abort.abort();
  // jsdom has no hit-testing: tests that need it set their own, which must not leak into the next.
  delete (document as { elementFromPoint?: unknown }).elementFromPoint;
  for (const u of undo.splice(0).reverse()) u();
});

/** Stands in for what jsdom lacks (layout's rects, a hidden tab) until the test ends. */
function fake(target: object, key: string, value: unknown): void {
  const had = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, writable: true, value });
  undo.push(() => {
    if (had) Object.defineProperty(target, key, had);
    else Reflect.deleteProperty(target, key);
  });
}

/**
 * One paragraph of `sentences` sentences, inline markup in each, as the page's body; a range's rect says
 * it is below the screen past character `screenEnd` of the paragraph's text (jsdom has no layout).
 */
function giantParagraph(sentences: number, screenEnd: number): { giant: HTMLElement; chars: number } {
  document.body.innerHTML = `<p id="giant">${'<b>The CSTO</b> met in Moscow again. '.repeat(sentences)}</p>`;
  const giant = document.getElementById('giant')!;
  const pos = new Map<Node, number>();
  let chars = 0;
  const walker = document.createTreeWalker(giant, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    pos.set(n, chars);
    chars += (n as Text).data.length;
  }
  fake(Range.prototype, 'getBoundingClientRect', function (this: Range) {
    return { top: pos.get(this.startContainer)! + this.startOffset > screenEnd ? 10_000 : 0 };
  });
  return { giant, chars };
}

function scanner(extra: Partial<ConstructorParameters<typeof PageScanner>[0]> = {}) {
  const { layers, registered } = fakeLayers();
  const s = new PageScanner({
    matcher: new CostlyMatcher(sched),
    layers,
    signal: abort.signal,
    scheduler: sched,
    sliceMs: 16,
    runMs: 20,
    ...extra,
  });
  return { s, registered };
}

describe('PageScanner queue', () => {
  it('asks nothing of layout outside a frame, then marks the blocks on screen in it, ahead of the walk', async () => {
    document.body.innerHTML = Array.from(
      { length: 300 },
      (_, i) => `<p id="p${i}">Paragraph ${i} names the CSTO. ${'filler '.repeat(200)}</p>`,
    ).join('');
    const target = document.getElementById('p280')!;
    let probes = 0;
    document.elementFromPoint = () => {
      probes++;
      return target;
    };
    const { s } = scanner({ windowChars: 4096 });
    let viewportSeenAt = -1;
    // The scanner's own signal (no performance mark outside the bench build), seen at the moment it is given.
    const signals = s as unknown as { mark(name: string): void };
    const origMark = signals.mark.bind(s);
    signals.mark = (name: string) => {
      if (name === 'context-reader:viewport') viewportSeenAt = s.store.mentionsOf('csto').length;
      origMark(name);
    };
    sched.hold = true;
    try {
      s.start();
      // No frame yet: nothing runs (a slice would only hold the frame back) and layout is never asked for.
      for (let i = 0; i < 3; i++) await sched.step();
      expect(probes).toBe(0);
      expect(s.stats.slices).toBe(0);
      // The frame, after its layout: the screen's block is looked up and marked before the frame paints,
      // in one slice of its own; the walk from the top comes after.
      sched.painted();
      expect(probes).toBeGreaterThan(0);
      expect(inBlock(s, target)).toBe(true);
      expect(s.stats.slices).toBe(1);
      expect(s.store.mentionsOf('csto').length).toBe(1);
      // Registered is not yet seen: the screen counts as marked in the task after the frame that paints it.
      expect(viewportSeenAt).toBe(-1);
      const paintedAt = sched.t;
      await new Promise((r) => setTimeout(r, 0));
      expect(s.stats.viewportMs).toBe(paintedAt);
      // The block on screen was marked while most of the page was still unread.
      expect(viewportSeenAt).toBeGreaterThan(0);
      expect(viewportSeenAt).toBeLessThan(280);
      sched.hold = false;
      await sched.step();
      await settle();
      // Every paragraph once: the walk stepped over the block it had already marked.
      expect(s.store.counts().get('csto')).toBe(300);
      const pageChars = [...document.querySelectorAll('p')].reduce((n, p) => n + p.textContent.length + 1, 0);
      expect(s.stats.chars).toBeLessThan(pageChars + target.textContent.length / 2);
      expect(s.stats.initialMs).toBeGreaterThan(0);
    } finally {
      signals.mark = origMark;
    }
  });

  it('keeps each slice within its budget and yields between slices', async () => {
    document.body.innerHTML = Array.from(
      { length: 200 },
      (_, i) => `<p>Item ${i}: Nikolai Patrushev. ${'word '.repeat(400)}</p>`,
    ).join('');
    const { s } = scanner({ windowChars: 2048 });
    s.start();
    sched.painted();
    await settle();
    expect(s.store.counts().get('patrushev')).toBe(200);
    expect(s.stats.slices).toBeGreaterThan(10);
    // One yield before the walk's first slice (it never runs inside the frame), then one between slices.
    expect(sched.yields).toBe(s.stats.slices);
    // A slice ends at the first step past its deadline: 16 ms plus at most one window's fake cost.
    expect(s.stats.longestSliceMs).toBeLessThanOrEqual(16 + 2.6);
  });
});

describe('PageScanner slices sized from measured throughput', () => {
  const unit = 'The CSTO met; Nikolai Patrushev spoke. ';
  const setPre = (chars: number) => {
    document.body.innerHTML = '<pre></pre>';
    document.querySelector('pre')!.textContent = unit.repeat(Math.ceil(chars / unit.length));
  };
  /** Each slice's length, from the clock at successive yields and rests (rests take no fake time). */
  const sliceLengths = () => {
    const out: number[] = [];
    for (let i = 1; i < sched.ends.length; i++) {
      const d = sched.ends[i]! - sched.ends[i - 1]! - sched.pageWork;
      if (d > 0) out.push(d);
    }
    return out;
  };

  it('shrinks the window when the clock says the last one was slow, so slices stop near their budget', async () => {
    setPre(600_000);
    // Text eight times dearer from the middle on (a stretch dense with names), 32 K windows at most.
    const dear = (from: number) => (from < 300_000 ? 0.25 : 2) / 1000;
    const { layers } = fakeLayers();
    const s = new PageScanner({
      matcher: new CostlyMatcher(sched, dear),
      layers,
      signal: abort.signal,
      scheduler: sched,
      sliceMs: 12,
      windowChars: 32_768,
    });
    const windows: number[] = [];
    const scan = s['o'].matcher.scan.bind(s['o'].matcher);
    s['o'].matcher.scan = (text: string, from?: number, to?: number) => {
      windows.push((to ?? text.length) - (from ?? 0));
      return scan(text, from, to);
    };
    s.start();
    sched.painted();
    await settle();
    expect(s.stats.initialMs).toBeGreaterThan(0);
    const lengths = sliceLengths();
    // Only the slice that meets the dear text unannounced overruns, by its last window (sized for cheap
    // text); every later one stops within a millisecond of the budget. A fixed 32 K window is 65 ms there.
    const over = lengths.filter((d) => d > 13);
    expect(over.length).toBeLessThanOrEqual(1);
    expect(Math.max(...lengths)).toBeLessThan(12 + 32_768 * 0.002);
    // Windows are large on cheap text and small on dear text.
    expect(Math.max(...windows.slice(0, 10))).toBeGreaterThan(20_000);
    expect(Math.max(...windows.slice(-20, -1))).toBeLessThan(7_000);
  });

  it.each([
    [0, true],
    [2, false],
  ])(
    'with %i ms of the page between slices, rests before a run of slices passes its budget: %s',
    async (pageWork, rests) => {
      sched.pageWork = pageWork;
      setPre(400_000);
      const { s } = scanner({ sliceMs: 12, runMs: 26 });
      s.start();
      sched.painted();
      await settle();
      expect(s.stats.slices).toBeGreaterThan(10);
      if (rests) {
        // Two 12 ms slices back to back, then a pause: no unbroken run of three.
        expect(sched.rests).toBeGreaterThanOrEqual(Math.floor((s.stats.slices - 1) / 2) - 1);
        expect(sched.rests).toBeLessThanOrEqual(Math.ceil(s.stats.slices / 2));
      } else expect(sched.rests).toBe(0);
    },
  );
});

describe('PageScanner on demand', () => {
  beforeEach(() => {
    document.body.innerHTML = Array.from(
      { length: 300 },
      (_, i) => `<p id="p${i}">Paragraph ${i} names the CSTO. ${'filler '.repeat(200)}</p>`,
    ).join('');
  });

  it('marks what the reader jumps to next, while the first pass is still running', async () => {
    let target = document.getElementById('p0')!;
    document.elementFromPoint = () => target;
    sched.hold = true;
    const { s } = scanner();
    s.start();
    sched.painted();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs).toBeGreaterThanOrEqual(0);
    const far = document.getElementById('p290')!;
    expect(inBlock(s, far)).toBe(false);
    target = far;
    window.dispatchEvent(new Event('scroll'));
    // The scroll's frame: what the reader landed on is marked before that frame paints.
    sched.painted();
    expect(inBlock(s, far)).toBe(true);
    expect(inBlock(s, document.getElementById('p250')!)).toBe(false);
  });

  it('a screen with no block to read counts as marked after the first frame, and the walk goes on', async () => {
    document.elementFromPoint = () => null;
    sched.hold = true;
    const { s } = scanner();
    s.start();
    sched.painted();
    // Nothing to do for the screen in the frame.
    expect(s.stats.slices).toBe(0);
    expect(s.stats.viewportMs).toBe(-1);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs).toBe(0);
    await sched.step();
    expect(s.stats.slices).toBeGreaterThan(0);
  });

  it('matches the rest of a screen block the walk handed over in the frame, and stops past the screen', async () => {
    // One block the walk hands over whole (a 64 K chunk) but matches window by window.
    document.body.innerHTML = `<pre id="pre">${'The CSTO met. '.repeat(4000)}</pre><p id="after">The CSTO again.</p>`;
    const pre = document.getElementById('pre')!;
    const node = pre.firstChild as Text;
    document.elementFromPoint = () => pre;
    // The screen ends some way past where the walk's first slice stopped matching (set below).
    let screenEnd = Infinity;
    fake(Range.prototype, 'getBoundingClientRect', function (this: Range) {
      return { top: this.startOffset > screenEnd ? 10_000 : 0 };
    });
    sched.hold = true;
    const { s } = scanner({ windowChars: 1024 });
    s.start();
    // First frame: the screen shows nothing to read (the reader is above the block), then one slice.
    document.elementFromPoint = () => null;
    sched.painted();
    await new Promise((r) => setTimeout(r, 0));
    await sched.step();
    const matchedBefore = s.store.mentionsOf('csto').length;
    expect(matchedBefore).toBeGreaterThan(0);
    // Half a slice's worth (16 ms at the fake cost of 1 ms per 1,000 characters) further on.
    screenEnd = matchedBefore * 14 + 8_000;
    expect(screenEnd).toBeLessThan(node.data.length / 2);
    // The reader scrolls to the block the walk handed over; in the scroll's frame:
    document.elementFromPoint = () => pre;
    window.dispatchEvent(new Event('scroll'));
    sched.painted();
    // The frame's slice went on matching the handed-over block to the bottom of the screen, no further.
    const inFrame = s.store.mentionsOf('csto').length;
    expect(inFrame * 14).toBeGreaterThanOrEqual(screenEnd - 14);
    expect(inFrame * 14).toBeLessThan(screenEnd + 1024 + 14);
    sched.hold = false;
    await sched.step();
    await settle();
    expect(s.store.mentionsOf('csto').length).toBe(4001);
  });

  it('reads a giant block on screen a screen at a time in the frame, and in big pieces past the screen', async () => {
    // One paragraph of 162,000 characters, inline markup in every sentence.
    const screenEnd = 3_000;
    const { giant, chars } = giantParagraph(5_400, screenEnd);
    expect(chars).toBeGreaterThan(160_000);
    document.elementFromPoint = () => giant;
    sched.hold = true;
    const { s } = scanner();
    s.start();
    sched.painted();
    // The frame's slice handed over a few K of text around the screen, not 64 K.
    expect(s.stats.chars).toBeGreaterThan(screenEnd);
    expect(s.stats.chars).toBeLessThan(12_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs).toBeGreaterThanOrEqual(0);
    sched.hold = false;
    await sched.step();
    await settle();
    expect(s.store.counts().get('csto')).toBe(5_400);
    // Past the screen, 64 K pieces again: a handful of chunks for the rest, not one per 4 K.
    expect(s.stats.chunks).toBeLessThan(12);
  });

  it.each([
    [
      '20 ms for the screen in its frame (the default) finish it after 4 ms of hit test and a 12.5 ms cold window',
      undefined,
      4,
      12.5,
      true,
    ],
    ['12 ms do not: a second frame would paint the rest', 12, 0, 12.5, false],
    ["a cold window's time does not size the next one: 12 ms finish it after an 8.6 ms one", 12, 0, 8.6, true],
    ['the hit tests count: after 8 ms of them and a 14 ms cold window, 20 ms leave no time', undefined, 8, 14, false],
  ])('%s', async (_, screenMs, hitMs, coldMs, marked) => {
    // One paragraph on screen; its first 3,500 characters fill the screen. The matcher's first window
    // runs cold (before the JIT compiled it) and costs `coldMs`, then text costs 0.25 ms per 1,000.
    const { giant } = giantParagraph(2_000, 3_500);
    // The first hit test costs `hitMs` (on the 2 MB paragraph, 3–5 ms: it brings the frame's pre-paint forward).
    let hits = 0;
    document.elementFromPoint = () => {
      if (!hits++) sched.t += hitMs;
      return giant;
    };
    sched.hold = true;
    const { s } = scanner({
      matcher: new ColdMatcher(sched, coldMs),
      sliceMs: 12,
      ...(screenMs === undefined ? {} : { screenMs }),
    });
    s.start();
    sched.painted();
    const frameMs = sched.t;
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs >= 0).toBe(marked);
    // The frame's work stops at its budget, give or take a warm window (or the cold one that overran it).
    expect(frameMs).toBeLessThanOrEqual(Math.max((screenMs ?? 20) + 1, hitMs + coldMs));
  });

  it("holds the screen's marks back until the screen is done, so that one frame paints all of them", async () => {
    // One paragraph on screen, its first 3,500 characters filling it; the frame's 12 ms go to a cold
    // window, and the rest of the screen is matched in the slices after it.
    const { giant } = giantParagraph(2_000, 3_500);
    document.elementFromPoint = () => giant;
    sched.hold = true;
    const { s, registered } = scanner({ matcher: new ColdMatcher(sched, 12.5), sliceMs: 12, screenMs: 12 });
    s.start();
    sched.painted();
    await new Promise((r) => setTimeout(r, 0));
    // Found in the frame, not drawn: that frame would paint part of the screen, and each later slice's
    // marks another frame (on a 2 MB paragraph, each such frame paints the whole text again).
    expect(s.stats.viewportMs).toBeLessThan(0);
    expect(s.store.counts().get('csto')).toBeGreaterThan(0);
    expect(registered()).toBe(0);
    let steps = 0;
    while (!registered() && steps < 20) {
      await sched.step();
      steps++;
    }
    // All of the screen at once: every name that starts above its bottom (one per 30-character sentence).
    const onScreen = Math.ceil(3_500 / 30);
    expect(registered()).toBeGreaterThanOrEqual(onScreen);
    sched.runFrames();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs).toBeGreaterThanOrEqual(0);
    sched.hold = false;
    await sched.step();
    await settle();
    expect(s.store.counts().get('csto')).toBe(2_000);
  });

  it.each([
    ['a 12 ms cold window at the first names leaves 4 of 20 ms: the screen is finished in the frame', 12, true],
    ['an 18 ms one leaves no time: a later frame paints the rest', 18, false],
  ])('%s', async (_, coldMs, marked) => {
    // A screen of short paragraphs; the hit block holds no name, the next ones do (the dense 100 KB page:
    // a 50-character window, then the first names in an 806-character one, 2–13 ms cold, then 0.0–0.3 ms each).
    document.body.innerHTML =
      '<main>' +
      Array.from({ length: 12 }, (_, i) => `<p id="s${i}">${i === 2 ? 'Weather' : `Item ${i}: the CSTO.`}</p>`).join(
        '',
      ) +
      '</main>';
    fake(Element.prototype, 'getBoundingClientRect', function (this: Element) {
      const m = /^s(\d+)$/.exec(this.id);
      if (!m) return { top: 0, bottom: 0, width: 0, height: 0 };
      const top = (Number(m[1]) - 2) * 60;
      return { top, bottom: top + 50, width: 500, height: 50 };
    });
    let hits = 0;
    document.elementFromPoint = () => {
      if (!hits++) sched.t += 4;
      return document.getElementById('s2');
    };
    sched.hold = true;
    const { s } = scanner({ matcher: new ColdMatcher(sched, coldMs, 'names') });
    s.start();
    sched.painted();
    const frameMs = sched.t;
    await new Promise((r) => setTimeout(r, 0));
    expect(s.stats.viewportMs >= 0).toBe(marked);
    // Every paragraph on screen (s2 to s11: 10 of them reach into the 768 px screen) holds its mention.
    const onScreen = [...Array(12).keys()].filter((i) => i >= 3);
    expect(onScreen.every((i) => inBlock(s, document.getElementById(`s${i}`)!))).toBe(marked);
    expect(frameMs).toBeLessThanOrEqual(Math.max(21, 4 + coldMs + 1));
  });

  it('marks the blocks between the hit points too: the siblings of a hit block that reach into the screen', async () => {
    document.body.innerHTML =
      '<main>' + Array.from({ length: 12 }, (_, i) => `<p id="s${i}">Item ${i}: the CSTO.</p>`).join('') + '</main>';
    // A script and a hidden block among the siblings: not rendered, stepped over.
    document.getElementById('s6')!.before(Object.assign(document.createElement('script'), { textContent: '1' }));
    document.getElementById('s7')!.before(Object.assign(document.createElement('div'), { hidden: true }));
    // Paragraph i spans [100 (i - 2), 100 (i - 2) + 90): s2 to s9 reach into a 768 px screen.
    fake(Element.prototype, 'getBoundingClientRect', function (this: Element) {
      const m = /^s(\d+)$/.exec(this.id);
      if (!m) return { top: 0, bottom: 0, width: 0, height: 0 };
      const top = (Number(m[1]) - 2) * 100;
      return { top, bottom: top + 90, width: 500, height: 90 };
    });
    expect(window.innerHeight).toBe(768);
    document.elementFromPoint = () => document.getElementById('s4');
    sched.hold = true;
    const { s } = scanner();
    s.start();
    sched.painted();
    const marked = [...Array(12).keys()].filter((i) => inBlock(s, document.getElementById(`s${i}`)!));
    expect(marked).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    sched.hold = false;
    await sched.step();
    await settle();
    expect(s.store.counts().get('csto')).toBe(12);
  });

  it('hit-tests no point inside a paragraph already found (each one into a giant text node costs)', () => {
    document.body.innerHTML = '<header><div id="top">Site</div></header><p id="big">The CSTO met.</p>';
    const big = document.getElementById('big')!;
    const top = document.getElementById('top')!;
    // The header is the first third of the screen; the paragraph all the rest.
    const rects = new Map<Element, object>([
      [top, { left: 0, right: 1024, top: 0, bottom: 256, width: 1024, height: 256 }],
      [big, { left: 0, right: 1024, top: 256, bottom: 768, width: 1024, height: 512 }],
    ]);
    fake(Element.prototype, 'getBoundingClientRect', function (this: Element) {
      return rects.get(this) ?? { left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 };
    });
    const probes: number[][] = [];
    document.elementFromPoint = (x: number, y: number) => {
      probes.push([x, y]);
      return y < 256 ? top : big;
    };
    const { s } = scanner();
    s.start();
    sched.painted();
    // Three points in the header (a <div>: it might hold other blocks), one in the paragraph.
    expect(probes).toHaveLength(4);
    expect(inBlock(s, big)).toBe(true);
  });

  it('in a hidden tab, walks at once instead of waiting for a frame that will not come', async () => {
    const vis = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
    fake(document, 'visibilityState', 'hidden');
    sched.hold = true;
    const { s } = scanner();
    s.start();
    // No frame yet, and slices already ran.
    expect(s.stats.slices).toBeGreaterThan(0);
    expect(s.store.mentionsOf('csto').length).toBeGreaterThan(0);
    sched.hold = false;
    await sched.step();
    await settle();
    expect(s.store.counts().get('csto')).toBe(300);
    // Faked on the document, not its prototype: the next test sees the real one.
    expect(Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')).toEqual(vis);
  });

  it('a shadow root found on screen inside the frame is marked after it, without re-entering the walk', async () => {
    document.body.innerHTML = '<div id="b"><p>The CSTO met.</p><div id="host"></div></div><p>Patrushev too.</p>';
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Nikolai Patrushev spoke.</p>';
    document.elementFromPoint = () => document.getElementById('b');
    const rejected: unknown[] = [];
    const onRejection = (e: unknown) => void rejected.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const { s } = scanner();
      s.start();
      // The frame's slice walks the block on screen, finds the shadow root and queues it (a pump started
      // from inside the slice ran the same walk's generator again: "Generator is already running").
      sched.painted();
      expect(s.store.counts().get('csto')).toBe(1);
      await settle();
      expect(s.store.counts().get('patrushev')).toBe(2);
      expect(s.shadowRoots).toHaveLength(1);
      expect(rejected).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('where no frame comes, looks the screen up in a task and counts it marked at the next frame', async () => {
    const target = document.getElementById('p280')!;
    document.elementFromPoint = () => target;
    sched.hold = true;
    const { s } = scanner();
    s.start();
    await sched.step();
    expect(s.stats.slices).toBe(0);
    // The fallback's task: the screen is looked up and marked first, then the walk.
    sched.painted(false);
    expect(inBlock(s, target)).toBe(true);
    expect(s.store.mentionsOf('csto').length).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 0));
    // No frame has painted it yet.
    expect(s.stats.viewportMs).toBe(-1);
    sched.runFrames();
    expect(s.stats.viewportMs).toBeGreaterThan(0);
  });

  it("counts the highlight window's check in the frame between two slices as part of the run", async () => {
    document.body.innerHTML = '<p>The CSTO met in Moscow.</p>'.repeat(3000);
    document.elementFromPoint = () => null;
    sched.hold = true;
    const { s } = scanner({ windowThreshold: 5 });
    s.start();
    // The first frame: nothing on screen to read, so the walk's first slice runs, and with more than
    // five mentions the window asks for a frame to check which blocks are near.
    sched.painted();
    await sched.step();
    expect(s.store.counts().get('csto')).toBeGreaterThan(5);
    const rests = sched.rests;
    // That frame comes 1.5 ms after the slice, and the check in it is ours: the next slice would make one
    // run of slice, check and slice, so it rests first.
    sched.t += 1.5;
    sched.painted();
    await sched.step();
    expect(sched.rests).toBe(rests + 1);
  });

  it('settled() waits for the whole page and stops yielding at background priority meanwhile', async () => {
    document.elementFromPoint = () => null;
    sched.hold = true;
    const { s } = scanner();
    s.start();
    sched.painted();
    await sched.step();
    let done = false;
    const settled = s.settled().then(() => (done = true));
    await sched.step();
    await sched.step();
    expect(done).toBe(false);
    expect(sched.soon).toBeGreaterThan(0);
    sched.hold = false;
    await sched.step();
    await settled;
    expect(s.store.counts().get('csto')).toBe(300);
    expect(sched.soon).toBeGreaterThan(0);
    await expect(s.settled()).resolves.toBeUndefined();
  });
});

describe('PageScanner windows over one giant text node', () => {
  const unit =
    'The CSTO and the Collective Security Treaty Organization met; Nikolai Patrushev spoke of Operation Kanal. Channel work went on. ';
  const text = unit.repeat(400);

  it('numbers mentions in text order, those waiting for evidence among the rest (the highlight window sorts by it)', async () => {
    document.body.innerHTML = `<pre></pre>`;
    // "Channel" (no "operation" near it) waits for Operation Kanal to be named on the page: the end does.
    const waiting = 'The Channel was used. The CSTO met there. '.repeat(40) + 'Operation Kanal was named.';
    document.querySelector('pre')!.textContent = waiting;
    const { s } = scanner({ windowChars: 333 });
    s.start();
    sched.painted();
    await settle();
    const all = [...s.store.all];
    const bySeq = [...all].sort((a, b) => a.seq! - b.seq!).map((m) => m.startOffset);
    const byText = all.map((m) => m.startOffset).sort((a, b) => a - b);
    expect(bySeq).toEqual(byText);
    // Most of them waited for evidence further down (and were met after the rest of their window).
    expect(new Matcher(spec).scan(waiting).pending.length).toBeGreaterThan(30);
    expect(all.filter((m) => m.entity === 'kanal' && !m.pending).length).toBeGreaterThan(30);
  });

  it.each([333, 1000, 4096, 100_000])(
    'finds what one pass finds, with windows of %i characters',
    async (windowChars) => {
      document.body.innerHTML = `<pre></pre>`;
      document.querySelector('pre')!.textContent = text;
      const { s, registered } = scanner({ windowChars });
      s.start();
      sched.painted();
      await settle();
      // No mention holds a DOM range: each is its own boundary points, and only what is drawn has one.
      const all = [...s.store.all];
      for (const m of all) expect(Object.values(m).some((v) => v instanceof StaticRange)).toBe(false);
      expect(registered()).toBeGreaterThan(0);
      const node = document.querySelector('pre')!.firstChild as Text;
      const got = [...s.store.all]
        .filter((m) => !m.pending)
        .map((m) => `${m.entity}@${m.startOffset}-${m.endOffset}`)
        .sort();
      const one = new Matcher(spec)
        .scanAll(node.data)
        .map((m) => `${m.entity}@${m.start}-${m.end}`)
        .sort();
      expect(got).toEqual(one);
      expect(got.length).toBeGreaterThanOrEqual(400 * 5);
      if (windowChars < text.length) expect(s.stats.slices).toBeGreaterThan(1);
    },
  );
});

describe('PageScanner rescans', () => {
  it('reads a changed block again with one mention per name, its paragraphs read whole both times', async () => {
    document.body.innerHTML =
      '<div id="d"><p>The <b>CSTO</b> met in <em>Moscow</em>.</p><p>No name <i>here</i>.</p></div><p>And the <b>CSTO</b> again.</p>';
    document.elementFromPoint = () => null;
    const { s } = scanner();
    s.start();
    sched.painted();
    await settle();
    expect(s.store.mentionsOf('csto').length).toBe(2);
    // A change in the <div>: its paragraphs are read again, whole, in the mutation callback.
    document.getElementById('d')!.append(document.createElement('span'));
    await settle();
    expect(s.store.mentionsOf('csto').length).toBe(2);
    expect(s.store.all.size).toBe(2);
    expect(inBlock(s, document.querySelector('#d b')!)).toBe(true);
  });
});
