/**
 * The popup's first effects held until first-contentful-paint (components/hooks/effects-after-paint.ts),
 * driven the way Preact's hooks drive `options.requestAnimationFrame`, with the observer and timers faked.
 */
import { describe, expect, it } from 'vitest';
import { holdFirstEffectsUntilPainted, type HoldEnv } from '../../../components/hooks/effects-after-paint';

function fakeEnv(supported = true) {
  const timers = new Map<number, () => void>();
  let next = 1;
  let paintCallback: ((list: { getEntries(): { name: string }[] }) => void) | undefined;
  let disconnected = false;
  const env: HoldEnv = {
    options: {},
    PerformanceObserver: class {
      constructor(callback: (list: { getEntries(): { name: string }[] }) => void) {
        paintCallback = callback;
      }
      observe(init: PerformanceObserverInit) {
        if (!supported || init.type !== 'paint') throw new TypeError('unsupported');
      }
      disconnect() {
        disconnected = true;
      }
    },
    setTimeout: (run) => {
      timers.set(next, run);
      return next++;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    env,
    paint: (...names: string[]) => paintCallback!({ getEntries: () => names.map((name) => ({ name })) }),
    /** Runs every timer due (the fake has no clock: the hold's limit and the flush's task alike). */
    runTimers: async () => {
      await settle();
      for (const [id, run] of [...timers]) {
        timers.delete(id);
        run();
      }
      await settle();
    },
    pendingTimers: () => timers.size,
    disconnected: () => disconnected,
    settle,
  };
}

/** What Preact's hooks do after a render with effects: schedule one flush through the option. */
function scheduleFlush(env: HoldEnv, flushed: string[], label: string): void {
  const schedule = env.options.requestAnimationFrame;
  if (schedule) schedule(() => flushed.push(label));
  else flushed.push(`${label} (after the next frame)`);
}

describe('holdFirstEffectsUntilPainted', () => {
  it('runs the first effects in a task after first-contentful-paint, not before, and then lets go', async () => {
    const f = fakeEnv();
    const flushed: string[] = [];
    holdFirstEffectsUntilPainted(250, f.env);
    scheduleFlush(f.env, flushed, 'mount');
    await f.settle();
    f.paint('first-paint'); // a frame without content is not the list on screen
    await f.settle();
    expect(flushed).toEqual([]);
    f.paint('first-contentful-paint');
    expect(f.disconnected()).toBe(true);
    await f.settle();
    expect(flushed).toEqual([]); // a task later, not inside the observer's callback
    expect(f.pendingTimers()).toBe(1); // the flush's task (the 250 ms limit was cleared)
    await f.runTimers();
    expect(flushed).toEqual(['mount']);
    expect(f.env.options.requestAnimationFrame).toBeUndefined();
    scheduleFlush(f.env, flushed, 'later');
    expect(flushed).toEqual(['mount', 'later (after the next frame)']);
  });

  it('a page that never paints runs its effects once the limit is over', async () => {
    const f = fakeEnv();
    const flushed: string[] = [];
    holdFirstEffectsUntilPainted(250, f.env);
    scheduleFlush(f.env, flushed, 'mount');
    await f.settle();
    expect(flushed).toEqual([]);
    await f.runTimers(); // the limit
    await f.runTimers(); // the flush's task
    expect(flushed).toEqual(['mount']);
  });

  it('without Paint Timing, holds nothing', async () => {
    const f = fakeEnv(false);
    const flushed: string[] = [];
    holdFirstEffectsUntilPainted(250, f.env);
    scheduleFlush(f.env, flushed, 'mount');
    await f.runTimers();
    expect(flushed).toEqual(['mount']);
  });
});
