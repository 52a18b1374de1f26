/**
 * A performance mark for "this element's pixels are on screen", for the benchmarks (issue 10).
 *
 * Its time is the later of two moments:
 * - the main thread has finished the next frame (its style, layout and paint): a task posted at
 *   user-blocking priority from that frame's requestAnimationFrame. Posted first and at that priority,
 *   it runs ahead of the tasks the same frame's callbacks queued (Preact runs its mount effects in a
 *   timer set from a requestAnimationFrame), which a plain `setTimeout` queued behind: after a worker
 *   restart those effects held the old mark 15–40 ms past the frame;
 * - the frame holding the element's text was presented: Element Timing's `renderTime` (Chromium). The
 *   frame's main-thread work ends before the compositor has drawn it (a trace after a restart: frame
 *   done at 189 ms, first-contentful-paint 224 ms), so the first moment alone could end before the
 *   pixels are. Where Element Timing is absent (Firefox), the first moment alone.
 *
 * The element must be committed but not yet painted (call this from a layout effect): Element Timing
 * looks at the `elementtiming` attribute when the element is painted. Used on extension pages only,
 * never in a web page (whose script could read the attribute and the mark).
 */

/** What this needs of the window; tests pass fakes. */
export interface PaintedMarkEnv {
  requestAnimationFrame: (run: () => void) => unknown;
  /** Runs `run` in a task ahead of the normal-priority tasks already queued, where the browser can. */
  postFirst: (run: () => void) => void;
  now: () => number;
  mark: (name: string, startTime: number, detail: PaintedDetail) => void;
  /** Calls back with the render time of the element timing entry named `identifier`; null: unsupported. */
  observeElementTiming: ((identifier: string, onEntry: (renderTime: number) => void) => () => void) | null;
  /** Gives up on a presentation time that never comes (an element off screen is never painted). */
  setTimer: (run: () => void, ms: number) => unknown;
}

/** What the mark's detail says about the moment it chose. */
export interface PaintedDetail {
  /** When the main thread had finished the frame. */
  frameDone: number;
  /** When the element was presented (Element Timing), null when unknown. */
  presented: number | null;
}

/** How long to wait for the presentation time once the frame is done. */
const PRESENTED_WAIT_MS = 2_000;

function postFirstDefault(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (run: () => void, o: object) => unknown } }).scheduler;
  if (scheduler?.postTask) {
    void scheduler.postTask(run, { priority: 'user-blocking' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}

function observeElementTimingDefault(identifier: string, onEntry: (renderTime: number) => void): () => void {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { identifier?: string; renderTime?: number })[]) {
      if (entry.identifier !== identifier) continue;
      observer.disconnect();
      onEntry(entry.renderTime || entry.startTime);
      return;
    }
  });
  observer.observe({ type: 'element', buffered: true });
  return () => observer.disconnect();
}

export function defaultPaintedMarkEnv(): PaintedMarkEnv {
  return {
    requestAnimationFrame: (run) => requestAnimationFrame(run),
    postFirst: postFirstDefault,
    now: () => performance.now(),
    mark: (name, startTime, detail) => void performance.mark(name, { startTime, detail }),
    observeElementTiming: PerformanceObserver.supportedEntryTypes?.includes('element')
      ? observeElementTimingDefault
      : null,
    setTimer: (run, ms) => setTimeout(run, ms),
  };
}

/** Sets the mark `name` once `element` is painted (see above); its detail says which moment it took. */
export function markWhenPainted(name: string, element: Element, env: PaintedMarkEnv = defaultPaintedMarkEnv()): void {
  let frameDone: number | undefined;
  let presented: number | null | undefined = env.observeElementTiming ? undefined : null;
  let done = false;
  const finish = () => {
    if (done || frameDone === undefined || presented === undefined) return;
    done = true;
    stop?.();
    env.mark(name, Math.max(frameDone, presented ?? 0), { frameDone, presented });
  };
  let stop: (() => void) | undefined;
  if (env.observeElementTiming) {
    element.setAttribute('elementtiming', name);
    stop = env.observeElementTiming(name, (renderTime) => {
      presented = renderTime;
      finish();
    });
  }
  env.requestAnimationFrame(() =>
    env.postFirst(() => {
      frameDone = env.now();
      finish();
      if (!done)
        env.setTimer(() => {
          if (presented === undefined) presented = null;
          finish();
        }, PRESENTED_WAIT_MS);
    }),
  );
}
