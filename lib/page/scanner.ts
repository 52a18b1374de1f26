/**
 * Marks a live page: scans what is on screen first, then the rest in short slices, then whatever the
 * page adds or changes later, rescanning only the blocks that changed. Never mutates the page's DOM:
 * mentions become StaticRanges in CSS highlights.
 *
 * Work is a queue of roots (the body, viewport blocks, changed blocks, open shadow roots); `pump` drains
 * it in slices of at most `sliceMs`, yielding to the page between slices, so that no task of ours comes
 * near the 50 ms long-task mark even on a page with megabytes of text. A chunk of text is matched in
 * windows of `windowChars`, one per step, so one giant text node (a 2 MB `<pre>`) is cut like any page.
 *
 * Nothing here asks the layout engine anything outside a frame: on a freshly loaded 5 MB page,
 * `elementFromPoint` at start forced a synchronous layout of the whole page inside our task (237 ms).
 * The body walk starts at once (the top of the page is what a fresh load shows); what is on screen is
 * looked up inside the page's next frame, once that frame has done its layout and before it paints (a
 * ResizeObserver's report), and marked right there, so that same frame paints the screen's marks.
 * When the work runs: scan-scheduler.ts; what counts as on screen: screen-blocks.ts.
 */
import type { EntityType } from '../kb/schema';
import { Matcher, type Mention, type Pending } from '../match/matcher';
import { BENCH } from './bench-marks';
import { HighlightWindow } from './highlight-window';
import { HighlightLayers } from './highlights';
import { MentionStore, type PageMention } from './mention-store';
import { browserScheduler, type ScanScheduler } from './scan-scheduler';
import { scanSignal } from './scan-signal';
import { screenBlocks } from './screen-blocks';
import { BLOCK_TAGS, HOST_ATTRIBUTE, isInsideSkipped } from './skip';
import { SlicePacer } from './slice-pacer';
import { locate, walkText, type TextChunk, type WalkOptions } from './text-index';

export interface ScannerOptions {
  matcher: Matcher;
  layers: HighlightLayers;
  signal: AbortSignal;
  doc?: Document;
  /** Entities the reader asked not to mark here. */
  isSuppressed?: (entity: string) => boolean;
  /** The reader's own entities: drawn in the private 'own' layer, never in the page-readable registry. */
  isOwn?: (entity: string) => boolean;
  /** Called (at most once per slice) when drawn mentions changed. */
  onChange?: () => void;
  /** Called once, when the first pass over the page has ended (what `settled()` waits for). */
  onFirstPass?: () => void;
  /** Stylesheet with the ::highlight rules, adopted by open shadow roots (document styles stop there). */
  shadowStyle?: CSSStyleSheet;
  /**
   * Work per slice. Slices back to back (nothing of the page's waiting between them) read as one run in
   * a CPU profile: a full slice (8 ms, slice-pacer.ts) is followed by a rest (`runMs`), so a run stays
   * under the 30 ms budget even with a stall of the engine's inside it.
   */
  sliceMs?: number;
  /**
   * The frame's work for the screen (the hit tests that find its blocks and the slice that marks them),
   * counted from the frame callback's start. Larger than `sliceMs`: a screen left half marked costs a
   * second frame (on a 2 MB paragraph its pre-paint and paint alone are 15–25 ms), and the frame's
   * slice is the first, run cold (2 K characters of dense text took 2.4–8.6 ms, after 3–5 ms of hit test).
   */
  screenMs?: number;
  /** Slices that follow each other with no pause may add up to this much before a rest (slice-pacer.ts). */
  runMs?: number;
  /** Mutation work allowed per second before further changes wait (bounded CPU on restless pages). */
  mutationBudgetMs?: number;
  /**
   * Changed text up to this many characters is marked inside the mutation callback, before the next
   * frame. 128 K: a 100 KB section costs ~10 ms there, while handing its tail to background-priority
   * slices put it behind the page's own frame for that content (110–190 ms to marked under load).
   */
  syncRescanChars?: number;
  /** Mentions beyond which only those near the viewport are registered as highlights. */
  windowThreshold?: number;
  /**
   * Most characters of one chunk matched per step; each window is sized from the throughput measured so
   * far on the page and the time left in the slice (slice-pacer.ts).
   */
  windowChars?: number;
  /** Clock, yielding and frames (tests pass fakes, as for hover-intent.ts). */
  scheduler?: ScanScheduler;
  /** Passed on to the highlight window (tests: jsdom has no layout). */
  rectOf?: (m: PageMention) => { top: number; bottom: number };
}

export interface ScanStats {
  /**
   * ms from start() to the task after the frame that painted the screen's marks (registered is not
   * seen: the bench's first-viewport figure is this mark).
   */
  viewportMs: number;
  /** ms from start() to the queue first running empty. */
  initialMs: number;
  longestSliceMs: number;
  slices: number;
  chunks: number;
  chars: number;
}

/** Text handed over at a time from a block on screen (a full screen of small print is ~6,000 characters). */
const SCREEN_CHUNK = 4_096;
/** The frame's work for the screen (`screenMs`), hit tests included: one run well under the 30 ms budget. */
const SCREEN_FRAME_MS = 20;

/** Characters past a window's end still read, so a name that starts inside the window is seen whole. */
const WINDOW_TAIL = 512;

type Work = {
  root: Node;
  walk?: Generator<TextChunk | null, void, void>;
  /** The walk's options: its chunk sizes change with `viewport` (`setOnScreen`). */
  opts?: WalkOptions;
  viewport?: boolean;
  /** A chunk being matched window by window: the next window starts at `from`. */
  chunk?: { c: TextChunk; from: number };
  /** The chunk last matched (its windows done or not). */
  lastRead?: { c: TextChunk };
};

export class PageScanner {
  readonly store: MentionStore;
  private readonly window: HighlightWindow;
  readonly stats: ScanStats = { viewportMs: -1, initialMs: -1, longestSliceMs: 0, slices: 0, chunks: 0, chars: 0 };
  private readonly doc: Document;
  private readonly confirmed = new Set<string>();
  private readonly waitingFor = new Map<string, PageMention[]>();
  private readonly queue: Work[] = [];
  private readonly knownShadowRoots = new WeakSet<ShadowRoot>();
  /** Open shadow roots found so far: hit-testing must name them to see into them. */
  readonly shadowRoots: ShadowRoot[] = [];
  private readonly typeOf: (rule: number) => EntityType;
  private observer?: MutationObserver;
  private pumping = false;
  private changed = false;
  private startedAt = 0;
  private dirty = new Set<Node>();
  private mutationWindowStart = 0;
  private mutationSpent = 0;
  private flushTimer: unknown;
  private pruneTimer: unknown;
  private readonly sched: ScanScheduler;
  /** Viewport blocks scanned ahead of the body walk, which then steps over them. */
  private readonly scannedAhead = new Set<Element>();
  /**
   * Last node the body walk handed over (a text node, or a block read whole): blocks before it are
   * already marked.
   */
  private walkedTo: Node | null = null;
  private bodyWork: Work | null = null;
  private readonly waiters: (() => void)[] = [];
  private scrollAbort: AbortController | null = null;
  private scrollDue = false;
  private readonly pacer: SlicePacer;
  private viewportDue = false;
  /** Characters of the chunks mentions were found in so far: where the next chunk's `seq`s start. */
  private seq = 0;
  /** Inside a frame, between its layout and its paint: what registers now is painted by this frame. */
  private inFrame = false;
  /** A window has found a name: the mention path has run once (its first run is no measure of speed). */
  private foundAny = false;
  /** A slice is running (the walks' generators must not be re-entered). */
  private slicing = false;
  /** End of the current slice: windows are sized to it, and the text walk stops at it. */
  private deadline = Infinity;

  constructor(private readonly o: ScannerOptions) {
    this.doc = o.doc ?? document;
    this.sched = o.scheduler ?? browserScheduler;
    this.pacer = new SlicePacer({ sliceMs: o.sliceMs, runMs: o.runMs, maxChars: o.windowChars });
    const rules = o.matcher.spec.rules;
    this.typeOf = (rule) => rules[rule]!.type;
    this.window = new HighlightWindow({
      layers: o.layers,
      typeOf: (m) => (o.isOwn?.(rules[m.rule]!.entity) ? 'own' : this.typeOf(m.rule)),
      threshold: o.windowThreshold,
      rectOf: o.rectOf,
      // The window's check runs in the frame between two slices: part of our run, as the pacer counts it.
      requestFrame: (cb) =>
        this.sched.beforePaint(() => {
          cb();
          this.pacer.ranUntil(this.sched.now());
        }),
      timers: this.sched,
      win: this.doc.defaultView ?? undefined,
    });
    this.store = new MentionStore({
      added: (m) => {
        this.window.add(m);
        this.changed = true;
      },
      removed: (m) => {
        this.window.remove(m);
        this.changed = true;
      },
    });
    o.signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  /**
   * Starts marking: the blocks on screen first, inside the page's next frame, then the whole document
   * from the top, then changes as they come. Nothing runs before that frame: a slice of the walk there
   * would only hold the frame back (and with it the screen's marks).
   */
  start(): void {
    this.mark('context-reader:start');
    if (this.o.signal.aborted) return;
    this.startedAt = this.sched.now();
    const root = this.doc.body ?? this.doc.documentElement;
    if (!root) return;
    this.bodyWork = { root };
    this.queue.push(this.bodyWork);
    this.observe(this.doc);
    this.sched.beforePaint((inFrame) => this.prioritizeViewport(false, inFrame));
    // A hidden tab paints no frame until it is shown, and its timers are throttled (the fallback's
    // 100 ms can be a second): its walk starts at once, and the screen is marked in its first frame.
    if (this.doc.visibilityState === 'hidden') void this.pump();
    this.followScroll();
  }

  /**
   * While the first pass runs, a reader who jumps down the page gets what they land on marked next: in
   * the scroll's frame (after its layout) the blocks on screen are marked, ahead of the walk.
   */
  private followScroll(): void {
    const win = this.doc.defaultView;
    if (!win) return;
    this.scrollAbort = new AbortController();
    const onScroll = () => {
      if (this.scrollDue || this.stats.viewportMs < 0) return;
      this.scrollDue = true;
      this.sched.beforePaint((inFrame) => {
        this.scrollDue = false;
        if (this.stats.initialMs < 0) this.prioritizeViewport(true, inFrame);
      });
    };
    win.addEventListener('scroll', onScroll, { capture: true, passive: true, signal: this.scrollAbort.signal });
  }

  /**
   * In a frame (after its layout, before its paint): the blocks on screen that the body walk has not
   * reached yet go to the front of the queue and are marked right away, within one slice, so this frame
   * paints them; the walk steps over them when it gets there. A screen block the walk has handed over
   * but not matched to its end yet keeps the walk going until it is past the screen.
   */
  private prioritizeViewport(again = false, inFrame = false): void {
    if (this.o.signal.aborted) return;
    if (!again && this.stats.viewportMs >= 0) {
      this.resume(inFrame);
      return;
    }
    if (!again) this.mark('context-reader:first-frame');
    const frameStart = this.sched.now();
    const ahead: Work[] = [];
    const onScreen = screenBlocks(this.doc);
    const body = this.bodyWork;
    let bodyOnScreen = false;
    for (const b of onScreen) {
      if (this.scannedAhead.has(b)) continue;
      if (
        this.walkedTo &&
        (b.contains(this.walkedTo) || b.compareDocumentPosition(this.walkedTo) & Node.DOCUMENT_POSITION_FOLLOWING)
      ) {
        if (body?.chunk && !this.matchedPast(body.chunk, b)) bodyOnScreen = true;
        continue;
      }
      this.scannedAhead.add(b);
      ahead.push({ root: b, viewport: true });
    }
    if (bodyOnScreen && body) {
      setOnScreen(body, true);
      const i = this.queue.indexOf(body);
      if (i > 0) this.queue.splice(i, 1);
      if (i !== 0) this.queue.unshift(body);
    }
    this.queue.unshift(...ahead);
    if (!ahead.length && !bodyOnScreen) {
      // The walk got there first: the screen's ranges were registered before this frame's paint, which
      // is when the reader first sees them (not when the slice registered them).
      if (inFrame) this.sched.setTimeout(() => this.viewportDone(), 0);
      else this.viewportDone();
    } else if (inFrame) {
      this.inFrame = true;
      try {
        this.slice(frameStart);
      } finally {
        this.inFrame = false;
      }
    }
    this.resume(inFrame);
  }

  /** Runs the queue on; not inside a frame: there the walk's next slice waits for the page's turn. */
  private resume(inFrame: boolean): void {
    if (inFrame) void this.sched.yield().then(() => this.pump());
    else void this.pump();
  }

  /** Whether the part of `chunk` still to match starts after block `b`. */
  private matchedPast(chunk: { c: TextChunk; from: number }, b: Element): boolean {
    const at = locate(chunk.c, Math.min(chunk.from, chunk.c.text.length - 1)).node;
    if (!at) return true; // a block read whole has lost its text: its change is rescanned
    return !b.contains(at) && !!(b.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING);
  }

  /**
   * A viewport block read past the bottom of the screen is done as far as the screen goes: the rest of
   * a giant block is no more urgent than the rest of the page (it keeps its place in the queue).
   */
  private afterWindow(work: Work): void {
    if (!work.viewport || !work.lastRead) return;
    if (!this.pastScreen(work.lastRead.c, work.chunk ? work.chunk.from : work.lastRead.c.text.length)) return;
    setOnScreen(work, false);
    if (!this.queue.some((q) => q.viewport)) this.viewportRegistered();
  }

  /** Whether the text at `offset` of a chunk lies below the screen (measured after paint: layout is clean). */
  private pastScreen(c: TextChunk, offset: number): boolean {
    const win = this.doc.defaultView;
    if (!win || typeof this.doc.createRange !== 'function') return false;
    const at = locate(c, Math.max(0, offset - 1));
    if (!at.node?.isConnected) return false;
    const r = this.doc.createRange();
    r.setStart(at.node, at.offset);
    r.setEnd(at.node, Math.min(at.offset + 1, at.node.data.length));
    if (typeof r.getBoundingClientRect !== 'function') return false;
    return r.getBoundingClientRect().top > win.innerHeight;
  }

  /** The screen's ranges are registered: it counts as marked once a frame has painted them. */
  private viewportRegistered(): void {
    if (this.stats.viewportMs >= 0 || this.viewportDue) return;
    this.viewportDue = true;
    // Registered inside a frame before its paint: that frame paints them; the task after it is when.
    if (this.inFrame) this.sched.setTimeout(() => this.viewportDone(), 0);
    else this.sched.frame(() => this.viewportDone());
  }

  /** Right after a frame that painted the screen's marks. */
  private viewportDone(): void {
    if (this.stats.viewportMs >= 0) return;
    this.stats.viewportMs = this.sched.now() - this.startedAt;
    this.mark('context-reader:viewport');
  }

  /**
   * Resolves once the first pass over the page is complete (at once if it is). Someone waiting (the
   * popup's on-this-page list) means the reader wants the answer now: the remaining slices stop
   * yielding at background priority and take turns with the page like ordinary tasks.
   */
  settled(): Promise<void> {
    if (this.stats.initialMs >= 0 || this.o.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    for (const w of this.waiters.splice(0)) w();
    this.scrollAbort?.abort();
    this.observer?.disconnect();
    this.queue.length = 0;
    this.dirty.clear();
    this.sched.clearTimeout(this.flushTimer);
    this.sched.clearTimeout(this.pruneTimer);
    this.store.clear();
    this.window.dispose();
    // The marks' removal included, if the screen's were being held back.
    this.o.layers.release();
  }

  private async pump(): Promise<void> {
    // Inside a slice (the frame's, which runs outside the pump) a walk that finds a shadow root asks
    // for the pump: the slice's caller starts it afterwards.
    if (this.pumping || this.slicing) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.o.signal.aborted) {
        if (this.pacer.mustRest(this.sched.now())) {
          await this.sched.rest();
          this.pacer.rested(this.sched.now());
          if (!this.queue.length || this.o.signal.aborted) break;
        }
        this.slice();
        if (this.queue.length) await (this.waiters.length ? this.sched.yieldSoon() : this.sched.yield());
      }
    } finally {
      this.pumping = false;
    }
    if (this.stats.initialMs < 0 && !this.o.signal.aborted && !this.queue.length) {
      this.stats.initialMs = this.sched.now() - this.startedAt;
      this.viewportRegistered();
      this.scannedAhead.clear();
      this.scrollAbort?.abort();
      for (const w of this.waiters.splice(0)) w();
      this.mark('context-reader:done');
      this.o.onFirstPass?.();
      try {
        if (BENCH)
          performance.measure('context-reader:longest-slice', { start: 0, duration: this.stats.longestSliceMs });
      } catch {
        // Measuring aid only.
      }
    }
  }

  /**
   * One slice of the queue, until its deadline; with `frameStart` (inside a frame, whose work for the
   * screen began then) only the work for the blocks on screen at the queue's front.
   */
  private slice(frameStart?: number): void {
    this.slicing = true;
    try {
      this.sliceSteps(frameStart);
    } finally {
      this.slicing = false;
    }
  }

  private sliceSteps(frameStart: number | undefined): void {
    const screenOnly = frameStart !== undefined;
    // The screen's marks are held back until the screen is done, then painted by one frame (this one,
    // if it gets there): registered slice by slice, each slice's made the page paint again before the
    // next slice could run (`HighlightLayers.hold`).
    const holding = this.queue.some((q) => q.viewport);
    if (holding) this.o.layers.hold();
    else this.o.layers.release();
    const sliceStart = this.sched.now();
    this.deadline = screenOnly ? frameStart + (this.o.screenMs ?? SCREEN_FRAME_MS) : sliceStart + this.pacer.sliceMs;
    let steps = 0;
    for (
      let left = this.deadline - sliceStart;
      this.queue.length && left > 0;
      left = this.deadline - this.sched.now()
    ) {
      const work = this.queue[0]!;
      // In a frame, only the screen's work: the rest would hold the frame back.
      if (screenOnly && !work.viewport) break;
      if (work.chunk) {
        // A window sized to the time left; none when too little is left for one (but never an empty
        // slice: on a page slower than the smallest window per slice, that window still runs).
        const chars = this.pacer.windowChars(left) || (steps ? 0 : this.pacer.minChars);
        if (!chars) break;
        steps++;
        this.scanWindow(work, chars);
        this.afterWindow(work);
        continue;
      }
      steps++;
      work.walk ??= this.walk(work.root, work);
      const step = work.walk.next();
      if (step.done) {
        this.queue.shift();
        // A finished generator still holds its locals (the last chunk's text and nodes): drop it.
        work.walk = undefined;
        work.lastRead = undefined;
        if (work === this.bodyWork) this.bodyWork = null;
        if (work.viewport && !this.queue.some((q) => q.viewport)) this.viewportRegistered();
      } else if (step.value) {
        this.beginChunk(step.value);
        if (work === this.bodyWork) this.walkedTo = step.value.nodes.at(-1) ?? this.walkedTo;
        // Its first window waits for the deadline check, like every other.
        work.chunk = { c: step.value, from: 0 };
      }
    }
    this.deadline = Infinity;
    if (holding && !this.queue.some((q) => q.viewport)) this.o.layers.release();
    const end = this.sched.now();
    const spent = end - sliceStart;
    this.pacer.ranUntil(end);
    this.stats.slices++;
    this.stats.longestSliceMs = Math.max(this.stats.longestSliceMs, spent);
    this.notify();
  }

  private mark(name: string): void {
    scanSignal(name);
  }

  private notify(): void {
    if (!this.changed) return;
    this.changed = false;
    this.o.onChange?.();
  }

  /** The walk of a root; a queued `work` keeps the walk's options, whose chunk sizes follow it on screen. */
  private walk(root: Node, work?: Work): Generator<TextChunk | null, void, void> {
    if (root.nodeType === 3) return singleText(root as Text);
    const opts: WalkOptions = {
      onShadowRoot: (sr) => this.addShadowRoot(sr),
      due: () => this.sched.now() >= this.deadline,
      ...(work && work === this.bodyWork ? { stepOver: this.scannedAhead } : {}),
      chunkSize: undefined,
      maxBlockChunk: undefined,
    };
    if (work) {
      work.opts = opts;
      setOnScreen(work, !!work.viewport);
    }
    return walkText(root, opts);
  }

  private addShadowRoot(sr: ShadowRoot): void {
    if (this.knownShadowRoots.has(sr)) return;
    this.knownShadowRoots.add(sr);
    const sheet = this.o.shadowStyle;
    if (sheet && !sr.adoptedStyleSheets.includes(sheet)) {
      try {
        sr.adoptedStyleSheets = [...sr.adoptedStyleSheets, sheet];
      } catch {
        // A page may freeze its shadow roots' sheets; the mentions are still found and hover-able.
      }
    }
    this.shadowRoots.push(sr);
    this.observe(sr);
    this.queue.push({ root: sr });
    void this.pump();
  }

  /** A chunk's text replaces whatever was found in its nodes before. */
  private beginChunk(chunk: TextChunk): void {
    this.stats.chunks++;
    this.stats.chars += chunk.text.length;
    for (const n of chunk.nodes) {
      if (n.nodeType === 3) this.store.removeNode(n as Text);
      else this.store.removeInBlock(n as Element);
    }
  }

  /**
   * Matches one window of the work's chunk. The matcher reads a little past the window so a name that
   * starts inside it is seen whole; names starting past the window are left to the next one, which
   * starts after the last name kept (leftmost-longest holds across windows).
   */
  private scanWindow(work: Work, chars: number): void {
    const started = this.sched.now();
    const { c, from } = work.chunk!;
    work.lastRead = { c };
    const len = c.text.length;
    const to = Math.min(len, from + chars);
    const last = to === len;
    const { mentions, pending } = this.o.matcher.scan(c.text, from, last ? len : Math.min(len, to + WINDOW_TAIL));
    let next = to;
    const inWindow = <T extends Mention>(list: T[]): T[] => {
      if (last) return list;
      const kept = list.filter((m) => m.start < to);
      for (const m of kept) next = Math.max(next, m.end);
      return kept;
    };
    this.addFound(c, inWindow(mentions), inWindow(pending));
    if (next >= len) work.chunk = undefined;
    else work.chunk = { c, from: next };
    // The first names found run the matcher's and the store's mention path for the first time.
    const firstFinds = !this.foundAny && mentions.length + pending.length > 0;
    if (firstFinds) this.foundAny = true;
    this.pacer.measured(to - from, this.sched.now() - started, firstFinds);
  }

  /** Scans a whole chunk at once (small changes marked inside the mutation callback). */
  private processChunk(chunk: TextChunk): void {
    const work: Work = { root: chunk.nodes[0]! };
    this.beginChunk(chunk);
    work.chunk = { c: chunk, from: 0 };
    while (work.chunk) this.scanWindow(work, this.pacer.maxChars);
  }

  private addFound(chunk: TextChunk, mentions: Mention[], pending: Pending[]): void {
    const suppressed = this.o.isSuppressed;
    // Text order, pending ones among the rest: where in the chunk, after every chunk met before.
    const base = this.seq;
    this.seq += chunk.text.length + 1;
    for (const m of mentions) {
      if (suppressed?.(m.entity)) continue;
      const pm = this.toPageMention(chunk, m, false, base);
      if (!pm) continue;
      this.store.add(pm);
      if (this.o.matcher.isUnambiguous(m.rule)) this.confirm(m.entity);
    }
    for (const p of pending) {
      if (suppressed?.(p.entity)) continue;
      const ready = p.page.some((id) => this.confirmed.has(id));
      const pm = this.toPageMention(chunk, p, !ready, base);
      if (!pm) continue;
      this.store.add(pm);
      if (!ready) {
        for (const id of p.page) {
          const list = this.waitingFor.get(id);
          if (list) list.push(pm);
          else this.waitingFor.set(id, [pm]);
        }
      }
    }
  }

  private confirm(entity: string): void {
    if (this.confirmed.has(entity)) return;
    this.confirmed.add(entity);
    const waiting = this.waitingFor.get(entity);
    if (!waiting) return;
    this.waitingFor.delete(entity);
    for (const pm of waiting) this.store.promote(pm);
  }

  /** The mention's place in the page; null when the block it was read from has lost its text since. */
  private toPageMention(chunk: TextChunk, m: Mention, pending: boolean, base: number): PageMention | null {
    const a = locate(chunk, m.start);
    const b = locate(chunk, m.end, true);
    if (!a.node || !b.node) return null;
    const pm: PageMention = {
      entity: m.entity,
      rule: m.rule,
      startContainer: a.node,
      startOffset: a.offset,
      endContainer: b.node,
      endOffset: b.offset,
      pending,
      seq: base + m.start,
    };
    // Both ends are located, so the nodes between them are text nodes (a name never crosses a block).
    if (b.index > a.index) pm.nodes = chunk.nodes.slice(a.index, b.index + 1) as Text[];
    return pm;
  }

  // ---- Changes after load -------------------------------------------------------------------------

  private observe(target: Node): void {
    if (typeof MutationObserver !== 'function') return;
    this.observer ??= new MutationObserver((records) => this.onMutations(records));
    // Attributes too, but only those that decide whether text is read: an element that becomes
    // editable or hidden loses its marks, and gets them back when it stops being so.
    this.observer.observe(target, {
      childList: true,
      characterData: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['contenteditable', 'hidden'],
    });
  }

  private onMutations(records: MutationRecord[]): void {
    let removed = false;
    for (const r of records) {
      if (r.type === 'characterData') {
        this.dirty.add(r.target);
        continue;
      }
      if (r.type === 'attributes') {
        this.unmarkSubtree(r.target);
        this.dirty.add(r.target);
        continue;
      }
      if (r.removedNodes.length) removed = true;
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (n as Element).hasAttribute(HOST_ATTRIBUTE)) continue;
        if (n.nodeType === 1 || n.nodeType === 3) this.dirty.add(n);
      }
    }
    if (removed) this.schedulePrune();
    if (!this.dirty.size) return;
    this.resetBudgetWindow();
    // Within budget, small changes are marked right here, before the page's next frame.
    if (this.flushTimer === undefined && !this.overBudget()) this.flushDirty(true);
    else this.scheduleFlush();
  }

  private resetBudgetWindow(): void {
    const t = this.sched.now();
    if (t - this.mutationWindowStart > 1000) {
      this.mutationWindowStart = t;
      this.mutationSpent = 0;
    }
  }

  private overBudget(): boolean {
    return this.mutationSpent > (this.o.mutationBudgetMs ?? 150);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || !this.dirty.size) return;
    this.resetBudgetWindow();
    // Over budget: wait for the next one-second window, however often the page keeps changing.
    const wait = this.overBudget() ? 1000 - (this.sched.now() - this.mutationWindowStart) : 0;
    this.flushTimer = this.sched.setTimeout(() => {
      this.flushTimer = undefined;
      this.resetBudgetWindow();
      this.flushDirty(false);
    }, wait);
  }

  /**
   * Turns changed nodes into the smallest roots that cover them and scans them: up to `syncRescanChars`
   * at once when `sync`, the rest through the time-sliced queue.
   */
  private flushDirty(sync: boolean): void {
    const started = this.sched.now();
    const units = new Set<Node>();
    for (const n of this.dirty) {
      if (!n.isConnected) continue;
      if (isInsideSkipped(n)) continue;
      units.add(this.unitFor(n));
    }
    this.dirty.clear();
    // Drop units inside other units: one walk up each unit's ancestors, not a comparison of every pair
    // (a framework re-rendering a long list adds thousands of nodes in one batch).
    const list = [...units].filter((u) => {
      for (let p = u.parentNode; p; p = p.parentNode) if (units.has(p)) return false;
      return true;
    });
    let budget = sync ? (this.o.syncRescanChars ?? 131_072) : 0;
    let queued = false;
    for (const root of list) {
      const work: Work = { root, walk: this.walk(root) };
      while (budget > 0) {
        const step = work.walk!.next();
        if (step.done) break;
        if (step.value) {
          this.processChunk(step.value);
          budget -= step.value.text.length;
        }
      }
      if (budget <= 0) {
        this.queue.push(work);
        queued = true;
      }
    }
    this.notify();
    this.mutationSpent += this.sched.now() - started;
    if (!queued) {
      this.mark('context-reader:rescan-done');
      return;
    }
    const before = this.sched.now();
    void this.pump().then(() => {
      this.mutationSpent += this.sched.now() - before;
      this.mark('context-reader:rescan-done');
    });
  }

  /**
   * The root to rescan for a changed node: its enclosing block (a name may now span the change), unless
   * that block is the body itself, where the added subtree alone is scanned, so appending to a long
   * page costs what was appended, not the page.
   */
  private unitFor(n: Node): Node {
    let block: Element | null = n.nodeType === 1 ? (n as Element) : n.parentElement;
    if (n.nodeType === 1 && BLOCK_TAGS.has((n as Element).localName)) return n;
    while (block && !BLOCK_TAGS.has(block.localName)) block = block.parentElement;
    if (!block || block === this.doc.body || block === this.doc.documentElement) return n;
    return block;
  }

  /** Drops the mentions inside a subtree (it became editable or hidden; a rescan restores what is readable). */
  private unmarkSubtree(root: Node): void {
    this.store.removeSubtree(root);
    this.changed = true;
  }

  private schedulePrune(): void {
    if (this.pruneTimer !== undefined) return;
    this.pruneTimer = this.sched.setTimeout(() => {
      this.pruneTimer = undefined;
      for (const m of [...this.store.all]) if (!m.startContainer.isConnected) this.store.remove(m);
      for (let i = this.shadowRoots.length - 1; i >= 0; i--)
        if (!this.shadowRoots[i]!.host.isConnected) this.shadowRoots.splice(i, 1);
      this.notify();
    }, 250);
  }
}

/**
 * Marks a work as being for the screen or not. While it is, its block is read in pieces of about a
 * screen's worth of text: a giant one (a 2 MB paragraph) handed over 64 K at a time spent the frame's
 * whole slice gathering text below the screen. Past the screen, the usual sizes (fewer cuts for
 * near-evidence to miss). Plain properties the walk reads per node (getters cost 0.7 ms of the dense
 * 100 KB page's JS).
 */
function setOnScreen(work: Work, on: boolean): void {
  work.viewport = on;
  if (!work.opts) return;
  work.opts.chunkSize = on ? SCREEN_CHUNK : undefined;
  work.opts.maxBlockChunk = on ? SCREEN_CHUNK : undefined;
}

function* singleText(t: Text): Generator<TextChunk | null, void, void> {
  if (t.data) yield { text: t.data, nodes: [t], starts: [0] };
}
