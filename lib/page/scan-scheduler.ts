/**
 * When the scanner works: between the page's own tasks, in short slices at background priority, with
 * real pauses between runs of slices, and inside the page's next frame (after its layout, before its
 * paint) for what must be painted by that frame. Tests pass a fake with a clock they move themselves.
 */

export interface ScanScheduler {
  now(): number;
  /** Gives the page the main thread between slices. */
  yield(): Promise<void>;
  /**
   * A real pause of the thread, after slices that ran back to back for as long as one unbroken run
   * may last; at once where no one is looking (a hidden tab, whose timers are throttled to 1 s).
   */
  rest(): Promise<void>;
  /** The same, when someone waits for the result: an ordinary task, not background priority. */
  yieldSoon(): Promise<void>;
  /**
   * Calls `cb` inside the page's next frame, after its layout and before its paint (`inFrame` true):
   * measuring costs no layout then, and what `cb` registers is painted by that same frame. Where frames
   * do not come (a hidden tab, a throttled frame), in a task a little later (`inFrame` false).
   */
  beforePaint(cb: (inFrame: boolean) => void): void;
  /** Next animation frame. */
  frame(cb: () => void): void;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/**
 * Gives the page the main thread between slices. Background priority lets the browser render and run
 * the page's own tasks first (a continuation from scheduler.yield() would jump ahead of rendering and
 * hold the page at a few frames a second while a huge page is marked).
 */
function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { postTask?: (cb: () => void, o: { priority: string }) => Promise<void> } })
    .scheduler;
  if (s?.postTask) return s.postTask(() => undefined, { priority: 'background' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export const browserScheduler: ScanScheduler = {
  now: () => performance.now(),
  yield: yieldToMain,
  yieldSoon: () => new Promise((resolve) => setTimeout(resolve, 0)),
  rest: () => {
    if (document.visibilityState === 'hidden') return Promise.resolve();
    const s = (
      globalThis as {
        scheduler?: { postTask?: (cb: () => void, o: { priority: string; delay: number }) => Promise<void> };
      }
    ).scheduler;
    // 1 ms: long enough that the thread is seen idle (a profile samples every 0.1–0.25 ms), short enough
    // to cost ~10% of the wall time of a scan that runs one 8 ms slice per rest.
    if (s?.postTask) return s.postTask(() => undefined, { priority: 'background', delay: 1 });
    return new Promise((resolve) => setTimeout(resolve, 1));
  },
  beforePaint: (cb) => {
    // A ResizeObserver reports an element's size when first observed, in the next frame's rendering
    // steps: after style and layout, before paint; highlight markers are rebuilt after it (Chromium
    // validates them before the compositing inputs), so ranges registered here paint in this frame.
    let done = false;
    const run = (inFrame: boolean) => {
      if (done) return;
      done = true;
      ro?.disconnect();
      clearTimeout(fallback);
      cb(inFrame);
    };
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => run(true)) : undefined;
    ro?.observe(document.documentElement);
    // Frames never come in a hidden tab: the timeout stands in for the frame there.
    const fallback = setTimeout(() => run(false), 100);
  },
  // The task after a frame, not the frame callback: layout is clean then, so measuring ranges costs
  // nothing (in the rAF callback it forced the page's own pending layout, 70 ms on a 2 MB <pre>).
  frame: (cb) => requestAnimationFrame(() => setTimeout(cb, 0)),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};
