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
import { PageScanner, type ScanScheduler } from '../../../lib/page/scanner';

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

class FakeScheduler implements ScanScheduler {
  t = 0;
  yields = 0;
  private paint: (() => void)[] = [];
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
  afterPaint = () => new Promise<void>((r) => this.paint.push(r));
  frame = (cb: () => void) => void this.frames.push(cb);
  setTimeout = (cb: () => void) => setTimeout(cb, 0);
  clearTimeout = (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>);
  painted(): void {
    for (const r of this.paint.splice(0)) r();
  }
  runFrames(): void {
    for (const cb of this.frames.splice(0)) cb();
  }
}

const inBlock = (s: PageScanner, el: Element) =>
  s.store.mentionsOf('csto').some((m) => m.range.startContainer.parentElement === el);

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
afterEach(() => abort.abort());

function scanner(extra: Partial<ConstructorParameters<typeof PageScanner>[0]> = {}) {
  const { layers, registered } = fakeLayers();
  const s = new PageScanner({
    matcher: new CostlyMatcher(sched),
    layers,
    signal: abort.signal,
    scheduler: sched,
    sliceMs: 16,
    ...extra,
  });
  return { s, registered };
}

describe('PageScanner queue', () => {
  it('asks nothing of layout before the first paint, then marks the blocks on screen ahead of the walk', async () => {
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
      // A few slices of the body walk, no paint yet: layout is never asked for.
      for (let i = 0; i < 3; i++) await sched.step();
      expect(probes).toBe(0);
      const before = s.store.mentionsOf('csto').length;
      expect(before).toBeLessThan(280);
      sched.painted();
      await sched.step();
      await sched.step();
      expect(probes).toBeGreaterThan(0);
      expect(inBlock(s, target)).toBe(true);
      // Registered is not yet seen: the screen counts as marked after the frame that paints it.
      expect(viewportSeenAt).toBe(-1);
      const paintedAt = sched.t;
      sched.runFrames();
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
    expect(sched.yields).toBe(s.stats.slices - 1);
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
    await sched.step();
    sched.runFrames();
    expect(s.stats.viewportMs).toBeGreaterThanOrEqual(0);
    const far = document.getElementById('p290')!;
    expect(inBlock(s, far)).toBe(false);
    target = far;
    window.dispatchEvent(new Event('scroll'));
    sched.runFrames();
    await sched.step();
    expect(inBlock(s, far)).toBe(true);
    expect(inBlock(s, document.getElementById('p250')!)).toBe(false);
  });

  it('when the walk reached the screen before the paint, the screen counts as marked at that paint', async () => {
    document.elementFromPoint = () => document.getElementById('p1');
    sched.hold = true;
    const { s } = scanner();
    s.start();
    for (let i = 0; i < 4; i++) await sched.step();
    const paintAt = sched.t;
    expect(paintAt).toBeGreaterThan(50);
    expect(inBlock(s, document.getElementById('p1')!)).toBe(true);
    sched.painted();
    await sched.step();
    // Registered in the first slice, seen only in the frame: marked at the paint, not before it.
    expect(s.stats.viewportMs).toBe(paintAt);
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

  it.each([333, 1000, 4096, 100_000])(
    'finds what one pass finds, with windows of %i characters',
    async (windowChars) => {
      document.body.innerHTML = `<pre></pre>`;
      document.querySelector('pre')!.textContent = text;
      const { s } = scanner({ windowChars });
      s.start();
      sched.painted();
      await settle();
      const node = document.querySelector('pre')!.firstChild as Text;
      const got = [...s.store.all]
        .filter((m) => !m.pending)
        .map((m) => `${m.entity}@${m.range.startOffset}-${m.range.endOffset}`)
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
