/**
 * One load of a page, with the extension (marking, viewport, long tasks, slices, heap, rescan) or
 * without it (the page's own long tasks and heap, and the regex floor on the same load).
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { BenchGlobal } from './browsers';
import { extensionCpu, extensionMsBetween, startProfile, stopProfile, type CpuProfile, type ExtensionCpu } from './cpu';
import {
  busyBetween,
  longestTask,
  ranShare,
  runningShare,
  startTaskTrace,
  startThreadTrace,
  taskStartAt,
  type PageTasks,
  type TaskTime,
} from './tasks';

export interface LongTask {
  start: number;
  duration: number;
}

export interface ExtensionLoad {
  /** ms from navigation start. */
  loadEventEnd: number;
  scriptStart: number;
  /** The content script's first line ('context-reader:script'; the scanner's start comes a few tasks later). */
  scriptRun: number;
  viewportMarked: number;
  /**
   * The scanner's 'context-reader:first-frame' mark: inside the page's first frame after the script
   * started, once that frame's layout is done (where the screen is looked up and marked).
   */
  firstFrame: number;
  /** First contentful paint (the page could show nothing marked before it). */
  firstPaint: number;
  /** The page's own main-thread work inside the first viewport figure's span (`pageWorkInViewport`). */
  viewportPageWorkMs: number;
  done: number;
  /** First rAF + setTimeout after the done mark, read in the main world. */
  painted: number;
  /** The scanner's own longest slice (performance.measure 'context-reader:longest-slice'). */
  longestSliceMs: number;
  /** Long tasks (> 50 ms) from load to painted: content-script start-up, the scan, the highlight paint. */
  longTasks: LongTask[];
  /** Long tasks before load (the page's own parsing and layout), for reference. */
  longTasksBeforeLoad: LongTask[];
  /** Long animation frames between script start and painted (duration and blocking ms). */
  frames: { start: number; duration: number; blocking: number }[];
  mentions: number;
  textNodes: number;
  textChars: number;
  heapUsed: number;
  rescan?: RescanResult;
  /** The content script's main-thread JS from a CPU profile, navigation → painted. */
  cpu: ExtensionCpu;
  /**
   * Longest task of the whole load, navigation → painted (the page's parsing, layout and frames
   * included), from a trace of the page's main thread (scripts/bench/tasks.ts).
   */
  longestTaskMs: number;
  /**
   * The same from the task that first ran the content script ('context-reader:script') on: ours, and the
   * page's tasks from then on.
   */
  longestTaskFromScriptMs: number;
  /**
   * The same before it: the page's own parsing and frames; of ours only the two scripts' evaluation at
   * document_start (12–15 ms, inside the page's first parse task).
   */
  longestTaskBeforeScriptMs: number;
  /** scrollTo(fraction of the page) → first frame in which a registered highlight range is in view. */
  /** `noMention`: the extension's matcher finds no name in the screen's text (no mark is due there). */
  jumps: { fraction: number; ms: number; noMention?: boolean }[];
  scroll: ScrollWork;
}

/** The page's main thread while the reader scrolls it by the wheel, after marking (scrollWork). */
export interface ScrollWork {
  /** Sum of every task's duration (ms). */
  busyMs: number;
  longestMs: number;
  /**
   * The longest task of the page's first pointer move (ms): the extension adds its card's frame then,
   * and the hover's hit test that follows pays for what that changed.
   */
  firstMoveMs: number;
}

/**
 * The first viewport figure: from the later of the script's start and the page's first paint to the
 * task after the frame that painted the screen's marks. Nothing can show marked before the page's own
 * first paint, which on a large page comes after the content script starts: the scanner waits for it
 * instead of forcing the layout itself. Where the marks came in the page's first painted frame the load
 * reads 0: the paint entry is that frame's presentation, a few ms after the task that sets our mark
 * (-5.8 ms on the dense 100 KB page).
 */
export function viewportAfterPaint(e: Pick<ExtensionLoad, 'viewportMarked' | 'scriptStart' | 'firstPaint'>): number {
  return Math.max(0, e.viewportMarked - viewportFrom(e));
}

function viewportFrom(e: Pick<ExtensionLoad, 'scriptStart' | 'firstPaint'>): number {
  return Math.max(e.scriptStart, Number.isFinite(e.firstPaint) ? e.firstPaint : 0);
}

/**
 * The first viewport figure less the page's own main-thread work in it: the wait the extension adds.
 * The screen's marks are registered in the page's first frame after the script starts and show when that
 * frame ends; where the script starts within ~25 ms of the load event, that frame is the page's first one
 * after its load, 107–155 ms long on the 5 MB article, and it is as long in loads where the script
 * started after it (it held no code of ours: traced, README "first viewport"). Our own code in the
 * window, the frame's wait for its turn and the idle time between tasks all still count.
 */
export function viewportWait(
  e: Pick<ExtensionLoad, 'viewportMarked' | 'scriptStart' | 'firstPaint' | 'viewportPageWorkMs'>,
): number {
  return Math.max(0, viewportAfterPaint(e) - e.viewportPageWorkMs);
}

/**
 * The page's own work between the first viewport figure's start and its end (ms): the main thread's time
 * in tasks then, less the samples with our code on the stack.
 */
function pageWorkInViewport(
  e: Pick<ExtensionLoad, 'viewportMarked' | 'scriptStart' | 'firstPaint'>,
  tasks: PageTasks,
  profile: CpuProfile,
): number {
  const from = viewportFrom(e);
  if (!(e.viewportMarked > from)) return 0;
  const ours = extensionMsBetween(profile, tasks.origin + from * 1000, tasks.origin + e.viewportMarked * 1000);
  return Math.max(0, busyBetween(tasks, from, e.viewportMarked) - ours);
}

export interface RescanResult {
  appendedChars: number;
  /** From performance.now() just before the append to the 'context-reader:rescan-done' mark. */
  ms: number;
  /** Mentions added by the rescan. */
  addedMentions: number;
  /** Long tasks during the rescan. */
  longTasks: LongTask[];
}

export interface PlainLoad {
  loadEventEnd: number;
  longTasksAfterLoad: LongTask[];
  longTasksBeforeLoad: LongTask[];
  heapUsed: number;
  /** Longest task of the whole load, navigation → settled, from a trace (scripts/bench/tasks.ts). */
  longestTaskMs: number;
  regex?: RegexFloor;
  /** The page's own cost of an append: performance.now() before it → rAF + setTimeout after it. */
  appendFrameMs?: number;
  scroll: ScrollWork;
}

export interface RegexFloor {
  /** Reading document.body.textContent. */
  textContentMs: number;
  /** One exec loop of the combined pattern over it. */
  regexMs: number;
  totalMs: number;
  /**
   * `totalMs` times the share of its task in which the page's main thread ran (a trace around it): the
   * floor in CPU time, as the extension's JS is counted. Even on a quiet page a run was preempted: 45.9 ms
   * of wall time, 33.9 ms of CPU in its task, where the others took 29-32 ms.
   */
  cpuMs: number;
  matches: number;
  chars: number;
}

const NAV_TIMEOUT = 180_000;

/** How a measured load is run. */
export interface LoadOptions {
  /**
   * Chromium's CPU throttling of the page's renderer (DevTools' "N× slowdown"), from before the
   * navigation: a reader's slower machine, seen from a fast one. 1 (the default) is none. It slows the
   * page's main thread only, so the page's own work and ours alike, not the compositor or the GPU.
   */
  cpuSlowdown?: number;
}

/** Whether `o` asks for a slowed CPU. */
export function slowed(o: LoadOptions): o is LoadOptions & { cpuSlowdown: number } {
  return !!o.cpuSlowdown && o.cpuSlowdown !== 1;
}

export async function slowDown(cdp: CDPSession, o: LoadOptions): Promise<void> {
  if (slowed(o)) await cdp.send('Emulation.setCPUThrottlingRate', { rate: o.cpuSlowdown });
}

/**
 * Polls the bench global with plain evaluations. Not `page.waitForFunction`: that installs Playwright's
 * injected script in the page (+550 KB of the page's JS heap, measured), which the plain load does not
 * get, and the heap is compared right after.
 */
async function untilPainted(page: Page): Promise<void> {
  const deadline = Date.now() + NAV_TIMEOUT;
  while (!(await page.evaluate(() => (window as unknown as { __bench: BenchGlobal }).__bench.paintedAt >= 0))) {
    if (Date.now() > deadline) throw new Error(`Not marked and painted within ${NAV_TIMEOUT / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function heapUsed(context: BrowserContext, page: Page): Promise<number> {
  const cdp: CDPSession = await context.newCDPSession(page);
  try {
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function countMentions(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    for (const [k, h] of CSS.highlights) if (/^[a-z][0-9a-z]{10}$/.test(k)) n += h.size; // the extension's random names (lib/page/highlights.ts)
    return n;
  });
}

/** What the page's own clock says about a load with the extension, and its text, read in the main world. */
function readExtensionLoad(page: Page) {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: BenchGlobal }).__bench;
    const first = (n: string) => performance.getEntriesByName(n)[0];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const start = first('context-reader:start')!.startTime;
    // Builds before the mark existed (the A/B script loads older ones) start at the scanner's start.
    const scriptRun = first('context-reader:script')?.startTime ?? start;
    const painted = b.paintedAt;
    const load = nav.loadEventEnd;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let textNodes = 0;
    let textChars = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      textNodes++;
      textChars += (n as Text).data.length;
    }
    return {
      loadEventEnd: load,
      scriptStart: start,
      scriptRun,
      viewportMarked: first('context-reader:viewport')?.startTime ?? NaN,
      firstFrame: first('context-reader:first-frame')?.startTime ?? NaN,
      firstPaint:
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ??
        performance.getEntriesByName('first-paint')[0]?.startTime ??
        NaN,
      done: first('context-reader:done')!.startTime,
      painted,
      longestSliceMs: first('context-reader:longest-slice')?.duration ?? NaN,
      longTasks: b.longtasks
        .filter((t) => t.start + t.duration > load && t.start < painted)
        .map(({ start, duration }) => ({ start, duration })),
      longTasksBeforeLoad: b.longtasks
        .filter((t) => t.start + t.duration <= load)
        .map(({ start, duration }) => ({ start, duration })),
      frames: b.loaf
        .filter((f) => f.start + f.duration > start && f.start < painted)
        .map(({ start, duration, blocking }) => ({ start, duration, blocking })),
      textNodes,
      textChars,
    };
  });
}

export async function loadWithExtension(
  context: BrowserContext,
  url: string,
  appendHtml?: string,
  /** Whether a text holds a name the extension marks (its matcher, run here): for jumps with no mark. */
  namesIn?: (text: string) => boolean,
  o: LoadOptions = {},
): Promise<ExtensionLoad> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await slowDown(cdp, o);
    await startProfile(cdp);
    const stopTasks = await startTaskTrace(cdp);
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    await untilPainted(page);
    await page.waitForTimeout(300); // let observers deliver the last entries
    const profile = await stopProfile(cdp);
    const tasks = await stopTasks();
    const cpu = extensionCpu(profile, { running: runningShare(tasks) });
    // Before anything of the bench's own touches the page: the text-node count below walks every text
    // node from the main world, and each wrapper it makes lives as long as its node (+250 KB on the
    // dense 100 KB page, counted against the extension when this was measured after it).
    const heap = await heapUsed(context, page);
    const r = await readExtensionLoad(page);
    const mentions = await countMentions(page);
    const jumps: ExtensionLoad['jumps'] = [];
    for (const fraction of [0.5, 0.9]) {
      const { ms, screenText } = await jumpToMark(page, fraction);
      jumps.push({ fraction, ms, ...(screenText !== undefined && namesIn ? { noMention: !namesIn(screenText) } : {}) });
    }
    // The append before the scroll, in both loads (the scroll's last batch of marks fell in the append's
    // frames); its mentions counted again, as the jumps moved the window of registered ranges.
    const rescan = appendHtml ? await appendAndWait(page, appendHtml, await countMentions(page)) : undefined;
    return {
      ...r,
      viewportPageWorkMs: pageWorkInViewport(r, tasks, profile),
      longestTaskMs: longestTask(tasks, r.painted),
      longestTaskFromScriptMs: longestTask(tasks, r.painted, taskStartAt(tasks, r.scriptRun)),
      longestTaskBeforeScriptMs: longestTask(tasks, taskStartAt(tasks, r.scriptRun)),
      mentions,
      heapUsed: heap,
      cpu,
      jumps,
      ...(rescan ? { rescan } : {}),
      scroll: await scrollWork(page, cdp, tasks.thread),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}

/**
 * From the top, 30 wheel steps of 300 px, one frame each: every task of the page's main thread
 * meanwhile. The pointer rests at the left edge first (any hover there settles before the trace: the
 * hover is not the scroll's cost).
 */
async function scrollWork(page: Page, cdp: CDPSession, thread: PageTasks['thread']): Promise<ScrollWork> {
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForTimeout(300);
  const stopMove = await startThreadTrace(cdp, thread);
  await page.mouse.move(4, 400);
  await page.waitForTimeout(700);
  const moveTasks = (await stopMove()).map((t) => t.duration);
  const stop = await startThreadTrace(cdp, thread);
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, 300);
    await frame();
  }
  // The check after the last scroll (hit tests 100 ms later) belongs to it.
  await page.waitForTimeout(200);
  await frame();
  const tasks = (await stop()).map((t) => t.duration);
  await page.evaluate(() => scrollTo(0, 0)); // what follows (an append) starts where the load left it
  return {
    busyMs: tasks.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...tasks),
    firstMoveMs: Math.max(0, ...moveTasks),
  };
}

/**
 * Jumps to `fraction` of the page's height, then checks after each frame whether any range the extension
 * registered is on screen; ms from the jump to the end of the first frame that painted one (NaN after 10
 * s). The check runs on the page's thread, so it must cost little and stay out of the frames it times: a
 * range's rect inside a 2 MB text node costs 1-2 ms, and measuring every registered range after the jump
 * (up to 114 on the `<pre>`, all above the screen) was 87-195 ms of a 208-296 ms figure (probe,
 * 2026-11-29). So the ranges registered before the jump are measured before the clock starts (document
 * positions: the bench pages do not move), and a range registered since is passed over without measuring
 * when it lies in the screen's first caret position's text node before it, or in the last one's after it
 * (a giant text node's ranges, in text order); those two positions are looked up once. The check runs in
 * the task after each frame, its clock read before it: run in the frame's animation callbacks it held
 * that frame's paint back by its own hit tests and rects (traced on the one-paragraph page with the CPU
 * slowed 4×: 16-21 ms of a 120-190 ms jump). With no mark after 10 s, the screen's text, so the caller
 * can tell whether any mark was due there.
 */
export async function jumpToMark(page: Page, fraction: number): Promise<{ ms: number; screenText?: string }> {
  return page.evaluate(
    (fraction) =>
      new Promise<{ ms: number; screenText?: string }>((resolve) => {
        const r = document.createRange();
        /** A range's extent in document pixels; null when it has no box (or its nodes are gone). */
        const measure = (sr: AbstractRange) => {
          try {
            r.setStart(sr.startContainer, sr.startOffset);
            r.setEnd(sr.endContainer, sr.endOffset);
          } catch {
            return null;
          }
          const b = r.getBoundingClientRect();
          return b.height > 0 ? { top: b.top + scrollY, bottom: b.bottom + scrollY } : null;
        };
        // Every highlight is the extension's: the bench pages register none, and its names are random
        // per document (lib/page/highlights.ts), so there is no prefix to filter on.
        const ranges = () => [...CSS.highlights.values()].flatMap((hl) => [...(hl as unknown as Set<AbstractRange>)]);
        const known = new Map(ranges().map((sr) => [sr, measure(sr)] as const));
        let corners: { first: CaretPosition | null; last: CaretPosition | null } | undefined;
        const inView = () => {
          corners ??= {
            first: document.caretPositionFromPoint(0, 0),
            last: document.caretPositionFromPoint(innerWidth - 1, innerHeight - 1),
          };
          const { first, last } = corners;
          for (const sr of ranges()) {
            let p = known.get(sr);
            if (p === undefined) {
              if (first && sr.endContainer === first.offsetNode && sr.endOffset < first.offset) continue;
              if (last && sr.startContainer === last.offsetNode && sr.startOffset > last.offset) continue;
              known.set(sr, (p = measure(sr)));
            }
            if (p && p.bottom > scrollY && p.top < scrollY + innerHeight) return true;
          }
          return false;
        };
        /** The text of the innermost blocks on the screen (the bench pages' text is all in such blocks). */
        const screenText = () => {
          const parts: string[] = [];
          for (const el of document.querySelectorAll('p, li, h1, h2, h3, pre, blockquote, td, article > div')) {
            const b = el.getBoundingClientRect();
            if (b.bottom > 0 && b.top < innerHeight && !el.querySelector('p, li, pre, blockquote, td'))
              parts.push(el.textContent ?? '');
          }
          return parts.join('\u2029');
        };
        const t0 = performance.now();
        scrollTo(0, Math.round((document.documentElement.scrollHeight - innerHeight) * fraction));
        const afterFrame = () => requestAnimationFrame(() => setTimeout(check, 0));
        const check = () => {
          const t = performance.now();
          if (inView()) resolve({ ms: t - t0 });
          else if (t - t0 > 10_000) resolve({ ms: NaN, screenText: screenText() });
          else afterFrame();
        };
        afterFrame();
      }),
    fraction,
  );
}

/** Appends a parsed <section> to the article and waits for the scanner's rescan of it. */
async function appendAndWait(page: Page, html: string, before: number): Promise<RescanResult> {
  const t0 = await page.evaluate((html) => {
    const tpl = document.createElement('template');
    tpl.innerHTML = html; // parsed before the clock starts: the page's cost, not ours
    const target = document.querySelector('article') ?? document.body;
    (window as unknown as { __benchAppendChars: number }).__benchAppendChars = tpl.content.textContent.length;
    const t = performance.now();
    target.append(tpl.content);
    return t;
  }, html);
  await page.waitForFunction(
    (t0) => performance.getEntriesByName('context-reader:rescan-done').some((e) => e.startTime >= t0),
    t0,
    { timeout: 30_000, polling: 20 },
  );
  await page.waitForTimeout(200);
  const r = await page.evaluate((t0) => {
    const b = (window as unknown as { __bench: BenchGlobal }).__bench;
    const done = performance.getEntriesByName('context-reader:rescan-done').find((e) => e.startTime >= t0)!.startTime;
    return {
      appendedChars: (window as unknown as { __benchAppendChars: number }).__benchAppendChars,
      ms: done - t0,
      longTasks: b.longtasks
        .filter((t) => t.start + t.duration > t0 && t.start < done)
        .map(({ start, duration }) => ({ start, duration })),
    };
  }, t0);
  const after = await countMentions(page);
  return { ...r, addedMentions: after - before };
}

export async function loadPlain(
  context: BrowserContext,
  url: string,
  regexPattern?: string,
  appendHtml?: string,
  o: LoadOptions = {},
): Promise<PlainLoad> {
  const page = await context.newPage();
  // Profiled like the extension's load, so the sampler's own overhead sits on both sides of the
  // longest-task comparison.
  const cdp = await context.newCDPSession(page);
  try {
    await slowDown(cdp, o);
    await startProfile(cdp);
    const stopTasks = await startTaskTrace(cdp);
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    // Same settle as the extension run gets (its scan takes about this long), then two frames.
    await page.waitForTimeout(1500);
    await page.evaluate(
      () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))),
    );
    await page.waitForTimeout(300);
    await stopProfile(cdp);
    const tasks = await stopTasks();
    const heap = await heapUsed(context, page); // at the same point of the load as the extension's
    const r = await page.evaluate(() => {
      const b = (window as unknown as { __bench: BenchGlobal }).__bench;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const load = nav.loadEventEnd;
      return {
        loadEventEnd: load,
        longTasksAfterLoad: b.longtasks
          .filter((t) => t.start + t.duration > load)
          .map(({ start, duration }) => ({ start, duration })),
        longTasksBeforeLoad: b.longtasks
          .filter((t) => t.start + t.duration <= load)
          .map(({ start, duration }) => ({ start, duration })),
      };
    });
    const regex = regexPattern ? await regexFloor(page, regexPattern, cdp, tasks.thread) : undefined;
    let appendFrameMs: number | undefined;
    if (appendHtml) {
      appendFrameMs = await page.evaluate(
        (html) =>
          new Promise<number>((resolve) => {
            const tpl = document.createElement('template');
            tpl.innerHTML = html;
            const target = document.querySelector('article') ?? document.body;
            const t = performance.now();
            target.append(tpl.content);
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t), 0));
          }),
        appendHtml,
      );
    }
    // Last, as in the extension's load: after the append, over the same page.
    const scroll = await scrollWork(page, cdp, tasks.thread);
    await cdp.detach().catch(() => undefined);
    return {
      ...r,
      longestTaskMs: longestTask(tasks),
      heapUsed: heap,
      ...(regex ? { regex } : {}),
      ...(appendFrameMs !== undefined ? { appendFrameMs } : {}),
      scroll,
    };
  } finally {
    await page.close();
  }
}

/** One pass of the combined alias pattern over document.body.textContent, timed in the page and traced. */
export async function regexFloor(
  page: Page,
  pattern: string,
  cdp: CDPSession,
  thread: PageTasks['thread'],
): Promise<RegexFloor> {
  const stop = await startThreadTrace(cdp, thread);
  const r = await page.evaluate((pattern) => {
    const re = new RegExp(pattern, 'gi');
    const t0 = performance.now();
    const text = document.body.textContent ?? '';
    const t1 = performance.now();
    let matches = 0;
    re.lastIndex = 0;
    while (re.exec(text) !== null) matches++;
    const t2 = performance.now();
    return { textContentMs: t1 - t0, regexMs: t2 - t1, totalMs: t2 - t0, matches, chars: text.length };
  }, pattern);
  // The evaluation is the longest task of the trace by far (the page is idle by now).
  const task = (await stop()).reduce<TaskTime | undefined>(
    (a, t) => (!a || t.duration > a.duration ? t : a),
    undefined,
  );
  return { ...r, cpuMs: r.totalMs * (task ? ranShare(task) : 1) };
}
