/**
 * Holds Preact's first effects until the first frame with content has been presented (Paint Timing's
 * first-contentful-paint), for a page whose first render already holds what the reader came for.
 *
 * Why (issue 10, a trace of the popup after a worker restart): the popup's mount effects ask the tab
 * and the background, which starts the stopped service worker (~1 MB of modules compiled on another
 * thread of the same process), and draw the rows below the window. Preact runs them in a task after
 * the first frame's main-thread work, while that frame is still being rastered and presented: on two
 * cores they took turns with it, and the frame was presented 25–40 ms after its main-thread work
 * ended. Held until it is presented, they start ~20 ms later and the list is on screen sooner.
 *
 * Later effects are not held. A page that is not shown paints nothing: after `maxHoldMs` the effects
 * run anyway.
 */
import { options } from 'preact';

export function holdFirstEffectsUntilPainted(maxHoldMs = 250): void {
  const painted = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxHoldMs);
    try {
      const observer = new PerformanceObserver((list) => {
        if (!list.getEntries().some((e) => e.name === 'first-contentful-paint')) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
  // Kept in place until the paint: Preact schedules a flush again whenever this hook differs from the
  // one that scheduled the pending flush, so resetting it at once would let the next component's
  // effects (same render) schedule their own flush after the next frame.
  const hold = (flush: () => void) => void painted.then(() => setTimeout(flush));
  options.requestAnimationFrame = hold;
  void painted.then(() => {
    if (options.requestAnimationFrame === hold) options.requestAnimationFrame = undefined;
  });
}
