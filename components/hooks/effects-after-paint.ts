/**
 * Holds Preact's first effects until the first frame with content has been presented (Paint Timing's
 * first-contentful-paint), for a page whose first render already holds what the reader came for.
 *
 * Why (issue 10, a trace of the popup after a worker restart): the popup's mount effects ask the tab
 * and the background, which starts the stopped service worker (~1 MB of modules compiled on another
 * thread of the same process), and draw the rows below the window. Preact runs them in a task after
 * the first frame's main-thread work, while that frame is still being rastered and presented: on two
 * cores they took turns with it, and the frame was presented 25–40 ms after its main-thread work
 * ended. Held until it is presented, they start after it: commit → presented 37 → 25 ms (medians of
 * 8 restarts, side by side with scripts/bench/restart-profile.ts --ext=A,B).
 *
 * Effects queued after the paint are not held. A page that is not shown paints nothing: after
 * `maxHoldMs` the effects run anyway.
 */
import { options as preactOptions, type Options } from 'preact';

/** The globals this uses; tests pass fakes. */
export interface HoldEnv {
  options: Pick<Options, 'requestAnimationFrame'>;
  PerformanceObserver: new (callback: (list: { getEntries(): { name: string }[] }) => void) => {
    observe(options: PerformanceObserverInit): void;
    disconnect(): void;
  };
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const defaultEnv = (): HoldEnv => ({
  options: preactOptions,
  PerformanceObserver,
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

export function holdFirstEffectsUntilPainted(maxHoldMs = 250, env: HoldEnv = defaultEnv()): void {
  const { options } = env;
  const painted = new Promise<void>((resolve) => {
    const timer = env.setTimeout(resolve, maxHoldMs);
    try {
      const observer = new env.PerformanceObserver((list) => {
        if (!list.getEntries().some((e) => e.name === 'first-contentful-paint')) return;
        observer.disconnect();
        env.clearTimeout(timer);
        resolve();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      env.clearTimeout(timer);
      resolve();
    }
  });
  // Kept in place until the paint: Preact schedules a flush again whenever this hook differs from the
  // one that scheduled the pending flush, so resetting it at once would let the next component's
  // effects (same render) schedule their own flush after the next frame.
  const hold = (flush: () => void) => void painted.then(() => env.setTimeout(flush, 0));
  options.requestAnimationFrame = hold;
  void painted.then(() => {
    if (options.requestAnimationFrame === hold) options.requestAnimationFrame = undefined;
  });
}
