/**
 * Decides which mentions are registered as CSS highlights. Chromium revalidates every range of every
 * highlight whenever a highlight changes, so a page with thousands of mentions pays for all of them on
 * each frame that adds one (measured: one ~75 ms frame after marking a 5 MB page). Small pages register
 * every mention at once; past `threshold` mentions only those within a viewport of the screen are
 * registered, following the reader as they scroll, so the browser's work stays proportional to what is
 * near the screen. Mentions are still all known to the store: counts, "scroll to first mention" and
 * hit-testing are unaffected.
 *
 * Nearness is decided per block, inside the frame (after its layout, before its paint: measuring costs
 * no layout there, and what is registered is painted by that frame), from the blocks in document order:
 * a binary search over their rects finds the first one not above the screen's margin and the walk goes
 * on while they are near; hit tests on the screen add what document order puts elsewhere (a sidebar
 * late in the source). A few dozen rects a frame, whatever the page's size. Not an IntersectionObserver
 * on every block: Chromium computes every target's intersection in every frame that scrolls, 25 ms a
 * frame for the 15,348 paragraphs of the dense 5 MB page, which made its scrolling 1.6–2.0 s of main
 * thread per 30 wheel steps against 0.2 s without the extension (traced).
 *
 * Inside a block holding more than `giantBlock` mentions, by range position: one 2 MB `<pre>` text node
 * held 12,692 mentions, all registered while the block was on screen, and a jump to 90% of it took 2.6 s
 * to show a mark. Such a block's mentions are in text order, which is top-to-bottom order inside one
 * block, so a search over their rects, guessed from the pace the text runs at, finds the slice near the
 * screen with a handful of measurements, each kept while the block keeps its size.
 */
import type { HighlightLayers, Layer } from './highlights';
import { firstReaching, guessIndex, lowerBound, Readings } from './guess-search';
import { placeRange } from './hit-test';
import { blockOf, type PageMention } from './mention-store';
import { elementAtPoint, type KnownList } from './stacked-list';

/** A block's box in viewport pixels. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface HighlightWindowOptions {
  layers: HighlightLayers;
  /** The layer a mention is drawn in: its entity's type, or 'own' for the reader's own entities. */
  typeOf: (m: PageMention) => Layer;
  /** Registered mentions beyond which only those near the viewport stay registered. */
  threshold?: number;
  /** Mentions in one block beyond which that block is cut by range position. */
  giantBlock?: number;
  win?: Window & typeof globalThis;
  /** Vertical extent of a mention in viewport pixels (tests pass a fake: jsdom has no layout). */
  rectOf?: (m: PageMention) => { top: number; bottom: number };
  /** A block's box in viewport pixels (tests pass a fake). */
  boxOf?: (el: Element) => Box;
  /** The element at a viewport point (tests pass a fake). */
  elementAt?: (x: number, y: number) => Element | null;
  /** Runs `cb` in the next frame, after its layout and before its paint (tests pass a fake). */
  requestFrame?: (cb: () => void) => void;
  /** Clock and timers (the scanner's scheduler; tests pass fakes). */
  timers?: Timers;
}

export interface Timers {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

interface Block {
  mentions: Set<PageMention>;
  /** `mentions` in text order (by `seq`), for the search by rects; null after a mention went. */
  ordered: PageMention[] | null;
  /**
   * The range each registered mention is drawn with, made when it registers (a mention keeps none).
   * Made on the first registration: most blocks of a long page are never near the screen.
   */
  registered: Map<PageMention, StaticRange> | null;
  /**
   * The last cut found mentions below the screen's margin: mentions added after it (text order) lie
   * further down and need no new cut. Measuring a range inside a 2 MB text node is not cheap (one cut
   * per frame while the block was being read cost 370 ms in all on the 2 MB <pre>).
   */
  beyond: boolean;
  /** A giant block's registered mentions: indexes [from, to) of `ordered` (null: not one run). */
  run: [number, number] | null;
  /**
   * Where a giant block's mentions were measured (by index in `ordered`), from its top, while it has the
   * size in `placedFor` (width × height): a scroll moves the block, not its text. Dropped when a mention
   * of it goes (the page changed its text).
   */
  placed: Readings<Placed> | null;
  placedFor: string;
  /** Where the block sits in document order: itself, or the host its shadow tree hangs from. */
  key: Element;
}

/** A mention's extent in a giant block, from the block's top. */
interface Placed {
  top: number;
  bottom: number;
}

/** A band around the screen, in screen heights from its top: [-1, 2] is one screen of margin each way. */
type Band = readonly [number, number];
/** What must be registered in the frame that paints: the screen and half a screen around it. */
const NEED: Band = [-0.5, 1.5];
/** What is registered when something of NEED is missing: two screens above, two below. */
const FILL: Band = [-2, 3];
/** What stays registered; the rest goes when FILL next comes in. */
const KEEP: Band = [-3, 4];
/**
 * How far a giant block's run may reach before it is cut again though it still covers NEED: a scroll
 * leaves NEED first (a run cut to FILL reaches -3.5 when NEED's bottom passes its end); text laid out
 * anew (a narrower window) can stretch a run over many screens.
 */
const STRETCH: Band = [-4, 5];

/**
 * While the reader scrolls, the screen is hit-tested at most this often (ms), and once more this long
 * after the last scroll: nine hit tests were ~1.4 ms of every scroll frame on the dense 5 MB page, and
 * all they add is what document order puts elsewhere (the walk along it covers the flow).
 */
const HIT_EVERY = 100;

/** Blocks in a row that are not near before the walk from an anchor stops (hidden ones, a gap). */
const MISSES = 4;

/** Hit points on the screen, as fractions of its width and height. */
const POINTS: readonly (readonly [number, number])[] = [0.17, 0.5, 0.83].flatMap((x) =>
  [0.17, 0.5, 0.83].map((y) => [x, y] as const),
);

export class HighlightWindow {
  private readonly blocks = new Map<Element, Block>();
  /** Windowed mode: the blocks in document order (null before it). */
  private order: Element[] | null = null;
  /** Blocks have been deleted since `order` was last swept. */
  private orderStale = false;
  /** Where the last block went into `order`: the next one most often goes right after it. */
  private hint = -1;
  /** Blocks made since the last check (windowed mode): each is measured once in the next frame. */
  private fresh: Element[] = [];
  /** Long lists the screen's hit tests have landed in (a thread's comments), searched by rect after. */
  private readonly lists = new Set<Element>();
  /** Blocks near the screen: their mentions are registered (a giant block's near the screen). */
  private near = new Set<Element>();
  /** Near giant blocks whose mentions changed since their last cut. */
  private readonly recut = new Set<Element>();
  private count = 0;
  private registeredCount = 0;
  private frameDue = false;
  private fullDue = false;
  /** The next full check hit-tests the screen whatever the time (not only a scroll moved things). */
  private hitsDue = false;
  private lastHits = -Infinity;
  private trailing: unknown = undefined;
  private listening: AbortController | null = null;
  private resizes: ResizeObserver | null = null;
  private range: Range | null = null;

  private readonly timers: Timers;

  constructor(private readonly o: HighlightWindowOptions) {
    const win = this.win();
    this.timers = o.timers ?? {
      now: () => win.performance.now(),
      setTimeout: (cb, ms) => win.setTimeout(cb, ms),
      clearTimeout: (id) => win.clearTimeout(id as number),
    };
  }

  /** Mentions registered as highlights right now. */
  get registered(): number {
    return this.registeredCount;
  }

  /** The range a mention is drawn with while it is registered. */
  drawnRange(m: PageMention): StaticRange | undefined {
    const el = blockOf(m);
    return el ? this.blocks.get(el)?.registered?.get(m) : undefined;
  }

  add(m: PageMention): void {
    const el = blockOf(m);
    if (!el) return;
    let b = this.blocks.get(el);
    if (!b) {
      this.blocks.set(
        el,
        (b = {
          mentions: new Set(),
          ordered: null,
          registered: null,
          beyond: false,
          run: null,
          placed: null,
          placedFor: '',
          key: keyOf(el),
        }),
      );
      if (this.order) {
        this.insert(el, b.key);
        this.fresh.push(el);
        this.schedule(false);
      }
    }
    b.mentions.add(m);
    const ordered = b.ordered;
    if (ordered) {
      const at = ordered.length && seqOf(m) < seqOf(ordered.at(-1)!) ? placeOf(ordered, m) : ordered.length;
      ordered.splice(at, 0, m);
      if (at < ordered.length - 1) {
        // Drawn out of text order (a pending mention its entity's later one confirmed): indexes moved.
        b.placed = null;
        b.run = null;
        b.beyond = false;
      }
    }
    this.count++;
    if (!this.order) {
      this.register(b, m);
      if (this.count > (this.o.threshold ?? 600)) this.enterWindowedMode();
    } else if (this.near.has(el)) {
      if (!this.isGiant(b)) this.register(b, m);
      else if (!b.beyond || !b.registered) {
        this.recut.add(el);
        this.schedule(false);
      }
    }
  }

  remove(m: PageMention): void {
    const el = blockOf(m);
    if (!el) return;
    const b = this.blocks.get(el);
    if (!b?.mentions.delete(m)) return;
    this.unregister(b, m);
    b.ordered = null;
    b.beyond = false;
    b.run = null;
    b.placed = null;
    b.placedFor = '';
    this.count--;
    if (!b.mentions.size) {
      this.blocks.delete(el);
      this.near.delete(el);
      this.recut.delete(el);
      this.orderStale = true;
    }
  }

  dispose(): void {
    this.timers.clearTimeout(this.trailing);
    this.listening?.abort();
    this.listening = null;
    this.resizes?.disconnect();
    this.resizes = null;
    this.order = null;
    this.lists.clear();
  }

  private win(): Window & typeof globalThis {
    return this.o.win ?? window;
  }

  private isGiant(b: Block): boolean {
    return b.mentions.size > (this.o.giantBlock ?? 200);
  }

  private register(b: Block, m: PageMention): void {
    if (b.registered?.has(m)) return;
    const range = new StaticRange(m);
    (b.registered ??= new Map()).set(m, range);
    this.registeredCount++;
    this.o.layers.add(this.o.typeOf(m), range);
  }

  private unregister(b: Block, m: PageMention): void {
    const registered = b.registered;
    const range = registered?.get(m);
    if (!registered || !range) return;
    registered.delete(m);
    if (!registered.size) b.registered = null;
    this.registeredCount--;
    this.o.layers.delete(this.o.typeOf(m), range);
  }

  private enterWindowedMode(): void {
    const win = this.win();
    // Blocks come mostly in document order, and the sort compares each with the one before it as
    // (later, earlier): asked of the earlier (`precedes`), since Chromium walks back through every
    // sibling between the two when asked the other way round (28–31 ms of the 50,000-node thread's
    // longest run: 600 comments among 16,653).
    this.order = [...this.blocks.entries()]
      .sort((a, b) => (a[1].key === b[1].key ? 0 : precedes(b[1].key, a[1].key) ? 1 : -1))
      .map(([el]) => el);
    // The walk goes on from the block it added last.
    this.hint = this.order.indexOf([...this.blocks.keys()].at(-1)!);
    // Until the first check says what is near, keep what is registered (everything so far).
    this.near = new Set(this.blocks.keys());
    this.listening = new AbortController();
    const full = () => {
      this.hitsDue = true;
      this.schedule(true);
    };
    const scrolled = () => {
      this.schedule(true);
      this.timers.clearTimeout(this.trailing);
      this.trailing = this.timers.setTimeout(full, HIT_EVERY);
    };
    // Capture: a scrolling container inside the page does not bubble its scroll to the window.
    win.addEventListener('scroll', scrolled, { capture: true, passive: true, signal: this.listening.signal });
    win.addEventListener('resize', full, { passive: true, signal: this.listening.signal });
    // The document growing or shrinking (content added above, an image loaded) moves blocks without a
    // scroll. One target; its first report falls in the same frame as the check below.
    if (typeof win.ResizeObserver === 'function') {
      this.resizes = new win.ResizeObserver(full);
      this.resizes.observe(win.document.documentElement);
    }
    full();
  }

  /** A check in the next frame: a full one after a scroll or resize, else only the fresh blocks and cuts. */
  private schedule(full: boolean): void {
    if (full) this.fullDue = true;
    if (this.frameDue) return;
    this.frameDue = true;
    const frame = this.o.requestFrame ?? ((cb: () => void) => this.win().requestAnimationFrame(cb));
    frame(() => {
      this.frameDue = false;
      if (!this.order) return;
      const isFull = this.fullDue;
      this.fullDue = false;
      this.check(isFull);
    });
  }

  private check(full: boolean): void {
    const win = this.win();
    const h = win.innerHeight || 800;
    const boxes = new Map<Element, Box>();
    const box = (el: Element) => {
      let r = boxes.get(el);
      if (!r) boxes.set(el, (r = this.boxOf(el)));
      return r;
    };
    const within = (el: Element, band: Band) => {
      const r = box(el);
      return r.bottom > r.top && r.bottom >= band[0] * h && r.top <= band[1] * h;
    };
    const found = new Set<Element>();
    // What is past KEEP goes. Not found is not enough to go (a block out of document order, not
    // hit-tested this frame).
    const dropFar = () => {
      for (const el of this.near) if (!found.has(el) && !within(el, KEEP)) this.hide(el);
    };
    if (full) {
      const order = this.sweep();
      // From an anchor, both ways along document order while blocks are within KEEP (a few misses allowed).
      const walk = (from: number) => {
        for (const step of [1, -1]) {
          for (let i = step > 0 ? from : from - 1, miss = 0; i >= 0 && i < order.length && miss < MISSES; i += step) {
            const el = order[i]!;
            if (!within(el, KEEP)) miss++;
            else {
              found.add(el);
              miss = 0;
            }
          }
        }
      };
      // Normal flow: document order is top-to-bottom order.
      walk(lowerBound(order.length, (i) => box(order[i]!).bottom < KEEP[0] * h));
      // What the reader sees, wherever document order puts it. A point inside a found block would land
      // in it again (and a hit test into a giant text node costs ~0.7 ms).
      const now = this.timers.now();
      if (this.hitsDue || now - this.lastHits >= HIT_EVERY) {
        this.hitsDue = false;
        this.lastHits = now;
        const w = win.innerWidth || 1024;
        const doc = win.document;
        // Long lists hits landed in before: their children are found by rects (lib/page/stacked-list.ts).
        const lists: KnownList[] = [];
        for (const el of this.lists)
          if (el.isConnected) lists.push({ el, rect: el.getBoundingClientRect() });
          else this.lists.delete(el);
        for (const [fx, fy] of POINTS) {
          const x = fx * w;
          const y = fy * h;
          if ([...found].some((el) => inside(box(el), x, y))) continue;
          const hit = elementAtPoint(lists, x, y, (px, py) => this.elementAt(px, py), doc.body);
          if (hit && hit !== doc.body && hit !== doc.documentElement) walk(this.position(hit));
        }
        for (const l of lists) this.lists.add(l.el);
      }
      // Highlights change in batches: only when a block within NEED is missing, everything within FILL
      // is registered and everything past KEEP goes, so a scroll changes them every screen or so, not in
      // every frame (each change makes Chromium paint every registered range again).
      if ([...found].some((el) => !this.near.has(el) && within(el, NEED))) {
        dropFar();
        for (const el of found)
          if (!this.near.has(el) && within(el, FILL)) {
            this.near.add(el);
            this.show(el);
          }
      }
      // A giant block that moved is cut again (refine() changes nothing while its cut still covers NEED).
      for (const el of found) if (this.near.has(el) && this.isGiant(this.blocks.get(el)!)) this.recut.add(el);
    } else {
      for (const el of this.fresh)
        if (this.blocks.has(el) && !this.near.has(el) && within(el, FILL)) {
          this.near.add(el);
          this.show(el);
        }
    }
    this.fresh = [];
    let cut = false;
    for (const el of this.recut) cut = this.refine(el) || cut;
    this.recut.clear();
    // A giant block's new run is a batch: what was left past KEEP goes with it (a page's header, once the
    // reader has gone down a giant block, would otherwise stay registered: no other block comes in).
    if (cut && full) dropFar();
  }

  /** The blocks in document order, without those deleted since. */
  private sweep(): Element[] {
    if (this.orderStale && this.order) {
      this.order = this.order.filter((el) => this.blocks.has(el));
      this.orderStale = false;
      this.hint = -1;
    }
    return this.order ?? [];
  }

  /** Index in `order` where `el` (or the block holding it) sits, or would. */
  private position(el: Element): number {
    const order = this.sweep();
    // A block we know (or inside one): found by identity, a plain scan of the array.
    for (let e: Element | null = el, up = 0; e && up < 8; e = e.parentElement, up++)
      if (this.blocks.has(e)) {
        const i = order.indexOf(e);
        if (i >= 0) return i;
      }
    return this.sortedIndex(el);
  }

  /** Index in `order` before which `el` (a block, or any element) goes: a binary search by document order. */
  private sortedIndex(el: Element): number {
    const order = this.sweep();
    const key = this.blocks.get(el)?.key ?? el;
    return lowerBound(order.length, (i) => precedes(this.blocks.get(order[i]!)!.key, key));
  }

  private insert(el: Element, key: Element): void {
    const order = this.sweep();
    const keyAt = (i: number) => this.blocks.get(order[i]!)!.key;
    const n = order.length;
    // The walk adds blocks one after another: most go right after the one added last, which a few steps
    // through the DOM confirm. Not compareDocumentPosition with the next block in the order: Chromium
    // walks the siblings between two nodes, and that block can be thousands of paragraphs ahead (the
    // screen's blocks, marked first): 55-94 ms a load on the dense 5 MB page.
    let i = -1;
    const at = this.hint;
    if (at >= 0 && at < n) {
      const next = at + 1 < n ? keyAt(at + 1) : null;
      if (firstAhead(keyAt(at), new Set(next ? [key, next] : [key])) === key) i = at + 1;
    }
    if (i < 0 && n) {
      // A little out of order (a mention confirmed after later ones': 25-35 blocks back on the dense
      // pages): among the last few dozen, before the first of them met going on from it.
      const tail = order.slice(-TAIL).map((e) => this.blocks.get(e)!.key);
      const met = firstAhead(key, new Set(tail));
      if (met) {
        const t = tail.indexOf(met);
        if (t > 0 || n <= TAIL) i = n - tail.length + t;
      } else if (firstAhead(tail.at(-1)!, new Set([key])) === key) i = n;
    }
    if (i < 0) i = !n || precedes(keyAt(n - 1), key) ? n : this.sortedIndex(el);
    order.splice(i, 0, el);
    this.hint = i;
  }

  private show(el: Element): void {
    const b = this.blocks.get(el);
    if (!b) return;
    if (this.isGiant(b)) {
      if (!b.registered || !b.beyond) this.recut.add(el);
    } else for (const m of b.mentions) this.register(b, m);
  }

  private hide(el: Element): void {
    this.near.delete(el);
    this.recut.delete(el);
    const b = this.blocks.get(el);
    if (!b) return;
    b.run = null;
    if (b.registered) for (const m of [...b.registered.keys()]) this.unregister(b, m);
  }

  /**
   * Registers the mentions of a giant block near the screen, in bands as for blocks: nothing changes while
   * the registered run of mentions covers NEED (the mention before the run is above it, the one after
   * below); else the mentions within FILL are registered, and only those. A rect inside a 2 MB text node
   * costs 1–2 ms, so where a mention sits is kept, from the block's top, as long as the block keeps its
   * size (a scroll moves the block, not its text), and the run's ends are guessed between the mentions
   * read nearest to them (lib/page/guess-search.ts): four rects a batch when the guess fits, a search
   * from it when not, where a binary search read ~26 (the <pre>'s 12,692 mentions).
   */
  /** Whether the registered mentions changed. */
  private refine(el: Element): boolean {
    const b = this.blocks.get(el);
    if (!b) return false;
    if (!this.isGiant(b)) {
      const before = this.registeredCount;
      for (const m of b.mentions) this.register(b, m);
      return this.registeredCount !== before;
    }
    const list = (b.ordered ??= [...b.mentions].sort((x, y) => seqOf(x) - seqOf(y)));
    const h = this.win().innerHeight || 800;
    const box = this.boxOf(el);
    const size = `${box.right - box.left}×${box.bottom - box.top}`;
    const rect = this.o.rectOf ?? ((m: PageMention) => this.rectOf(m));
    if (!b.placed || b.placedFor !== size) {
      b.placed = new Readings();
      b.placedFor = size;
    }
    const placed = b.placed;
    // A mention's extent from the block's top (while `ordered` only grows at its end, an index keeps its
    // mention; one put in its place further up drops them).
    const read = (i: number): Placed => {
      const r = rect(list[i]!);
      return { top: r.top - box.top, bottom: r.bottom - box.top };
    };
    const at = (i: number) => placed.get(i, read);
    const n = list.length;
    // The bands, from the block's top.
    const band = (f: number) => f * h - box.top;
    // A run [lo, hi) will do while it covers NEED and stays within `outer`: the mention before it above
    // NEED and its first not above `outer`, its last not below `outer` and the one after it below NEED.
    const fits = ([lo, hi]: readonly [number, number], outer: Band) =>
      (lo === 0 || at(lo - 1).bottom < band(NEED[0])) &&
      (lo === n || at(lo).bottom >= band(outer[0])) &&
      (hi === n || at(hi).top > band(NEED[1])) &&
      (hi === 0 || at(hi - 1).top <= band(outer[1]));
    // Mentions added since the last batch come after the run (text order: further down).
    if (b.run && b.registered && fits(b.run, STRETCH)) {
      b.beyond = b.run[1] < n;
      return false;
    }
    // Where the list ends, for a guess past the furthest mention read: at the pace text runs at down to it,
    // when it is a screen or more down (while the scan has read only the top of the block, the block's
    // bottom is far below its last mention); else the last mention is read.
    const end = () => {
      const f = placed.furthest;
      const y = f >= 0 ? at(f).top : 0;
      return y >= h ? (y * n) / (f + 1) : at(n - 1).bottom;
    };
    // One end of the run: between the two mentions read nearest to it, a guess, or a search.
    const aim = (pick: (p: Placed) => number, target: number, reached: (v: number) => boolean) => {
      const [a, z] = placed.around((p) => reached(pick(p)));
      const from = a + 1;
      const to = z < 0 ? n : z;
      const before = a >= 0 ? pick(at(a)) : 0;
      const after = z >= 0 ? pick(at(z)) : end();
      return {
        guess: () => guessIndex(from, to, target, before, after),
        search: () => firstReaching(from, to, (i) => pick(at(i)), target, reached, before, after),
      };
    };
    // Mentions in text order are in top-to-bottom order: [first not above FILL, first below it). A guess
    // will do when it fits (four rects, which the next frames' checks read again, kept); else each end is
    // searched for between the mentions read nearest to it.
    const top = band(FILL[0]);
    const bottom = band(FILL[1]);
    const first = () =>
      aim(
        (p) => p.bottom,
        top,
        (v) => v >= top,
      );
    const past = () =>
      aim(
        (p) => p.top,
        bottom,
        (v) => v > bottom,
      );
    let lo = first().guess();
    let hi = Math.max(lo, past().guess());
    if (!fits([lo, hi], KEEP)) {
      lo = first().search();
      hi = Math.max(lo, past().search());
    }
    const same = b.registered && b.run?.[0] === lo && b.run[1] === hi;
    b.run = [lo, hi];
    b.beyond = hi < list.length;
    if (same) return false;
    const keep = new Set(list.slice(lo, hi));
    for (const m of [...(b.registered?.keys() ?? [])]) if (!keep.has(m)) this.unregister(b, m);
    for (const m of keep) this.register(b, m);
    return true;
  }

  private boxOf(el: Element): Box {
    if (this.o.boxOf) return this.o.boxOf(el);
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  }

  private elementAt(x: number, y: number): Element | null {
    if (this.o.elementAt) return this.o.elementAt(x, y);
    const doc = this.win().document;
    return typeof doc.elementFromPoint === 'function' ? doc.elementFromPoint(x, y) : null;
  }

  private rectOf(m: PageMention): { top: number; bottom: number } {
    const r = (this.range ??= this.win().document.createRange());
    if (!placeRange(r, m)) return { top: 0, bottom: 0 };
    const box = r.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom };
  }
}

function inside(b: Box, x: number, y: number): boolean {
  return x >= b.left && x < b.right && y >= b.top && y < b.bottom;
}

/** Elements looked at going on from a block (inline markup counts: ~20 a paragraph of the dense pages). */
const NEXT_STEPS = 256;

/** Blocks at the end of the order that a block added a little out of order is looked for among. */
const TAIL = 64;

/**
 * The first of `targets` met going on from `from` in document order, within NEXT_STEPS elements (inline
 * markup counted); null if none is met that soon. With a target or two (a block added after the last),
 * a subtree that holds none is stepped over whole: one `contains` per target instead of a step per
 * element of a paragraph's inline markup (~20 on the dense pages; the walk into them was ~4% of the
 * extension's JS on the dense 1 MB page, CPU profile).
 */
function firstAhead(from: Element, targets: ReadonlySet<Element>): Element | null {
  let e: Element | null = from;
  const few = targets.size <= 2;
  for (let n = 0; n < NEXT_STEPS && e; n++) {
    // Document order over elements: into the children, else on to the next sibling of the nearest ancestor.
    let next: Element | null = !few || holdsAny(e, targets) ? e.firstElementChild : null;
    for (let x: Element | null = e; !next && x; x = x.parentElement) next = x.nextElementSibling;
    e = next;
    if (e && targets.has(e)) return e;
  }
  return null;
}

/** Whether one of `targets` is a descendant of `el`. */
function holdsAny(el: Element, targets: ReadonlySet<Element>): boolean {
  for (const t of targets) if (t !== el && el.contains(t)) return true;
  return false;
}

/**
 * Whether `a` comes before `b` in the document (shadow trees sit where their host does). Asked of the
 * node expected first: Chromium answers `a.compareDocumentPosition(b)` at once when `b` follows `a`
 * (0.15 µs), and by walking back through the siblings when it does not (47 µs among 15,000 paragraphs).
 */
function precedes(a: Element, b: Element): boolean {
  return a !== b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/** The element that stands for `el` in document order: the outermost shadow host above it, or itself. */
function keyOf(el: Element): Element {
  let key = el;
  for (let root = key.getRootNode(); isShadowRoot(root); root = key.getRootNode()) key = root.host;
  return key;
}

function isShadowRoot(n: Node): n is ShadowRoot {
  return n.nodeType === 11 && 'host' in n;
}

/** Where the scan met a mention (text order in a block); one without comes after all (tests, in order). */
function seqOf(m: PageMention): number {
  return m.seq ?? Number.MAX_SAFE_INTEGER;
}

/** The index in `list` (sorted by seq) before which `m` goes, after any of the same seq. */
function placeOf(list: readonly PageMention[], m: PageMention): number {
  const s = seqOf(m);
  return lowerBound(list.length, (i) => seqOf(list[i]!) <= s);
}
