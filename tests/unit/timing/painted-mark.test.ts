/**
 * The benchmark's "pixels on screen" mark (lib/timing/painted-mark.ts): the later of the frame's end
 * and the element's presentation, and never before both are known, with every browser hook faked.
 */
import { describe, expect, it } from 'vitest';
import { markWhenPainted, type PaintedDetail, type PaintedMarkEnv } from '../../../lib/timing/painted-mark';

function fakeEnv(elementTiming: boolean) {
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const timers: (() => void)[] = [];
  const marks: { name: string; startTime: number; detail: PaintedDetail }[] = [];
  const observers = new Map<string, (renderTime: number) => void>();
  let clock = 0;
  const env: PaintedMarkEnv = {
    requestAnimationFrame: (run) => frames.push(run),
    postFirst: (run) => void tasks.push(run),
    now: () => clock,
    mark: (name, startTime, detail) => void marks.push({ name, startTime, detail }),
    observeElementTiming: elementTiming
      ? (identifier, onEntry) => {
          observers.set(identifier, onEntry);
          return () => observers.delete(identifier);
        }
      : null,
    setTimer: (run) => timers.push(run),
  };
  const attributes = new Map<string, string>();
  const element = { setAttribute: (k: string, v: string) => attributes.set(k, v) } as unknown as Element;
  return {
    env,
    element,
    attributes,
    marks,
    observers,
    at: (ms: number) => (clock = ms),
    frame: () => frames.splice(0).forEach((f) => f()),
    task: () => tasks.splice(0).forEach((t) => t()),
    timeout: () => timers.splice(0).forEach((t) => t()),
  };
}

describe('markWhenPainted', () => {
  it.each([
    ['presented after the frame', 120, 150, 150],
    ['presentation reported before the frame task ran', 160, 150, 160],
  ])('%s: the later of the two', (_, frameDone, presented, expected) => {
    const f = fakeEnv(true);
    markWhenPainted('popup:list-rendered', f.element, f.env);
    expect(f.attributes.get('elementtiming')).toBe('popup:list-rendered');
    f.frame();
    f.at(frameDone);
    if (presented < frameDone) f.observers.get('popup:list-rendered')!(presented);
    f.task();
    expect(f.marks).toHaveLength(presented < frameDone ? 1 : 0);
    if (presented >= frameDone) f.observers.get('popup:list-rendered')!(presented);
    expect(f.marks).toEqual([{ name: 'popup:list-rendered', startTime: expected, detail: { frameDone, presented } }]);
    expect(f.observers.size).toBe(0);
  });

  it('waits for the frame even when the presentation time is known', () => {
    const f = fakeEnv(true);
    markWhenPainted('m', f.element, f.env);
    f.observers.get('m')!(90);
    expect(f.marks).toEqual([]);
    f.frame();
    expect(f.marks).toEqual([]);
    f.at(100);
    f.task();
    expect(f.marks.map((m) => m.startTime)).toEqual([100]);
  });

  it('without Element Timing (Firefox): the frame alone, and no attribute', () => {
    const f = fakeEnv(false);
    markWhenPainted('m', f.element, f.env);
    expect(f.attributes.size).toBe(0);
    f.frame();
    f.at(42);
    f.task();
    expect(f.marks).toEqual([{ name: 'm', startTime: 42, detail: { frameDone: 42, presented: null } }]);
  });

  it('an element never presented (off screen): the frame, once the wait is over, and only once', () => {
    const f = fakeEnv(true);
    markWhenPainted('m', f.element, f.env);
    f.frame();
    f.at(70);
    f.task();
    expect(f.marks).toEqual([]);
    f.timeout();
    expect(f.marks).toEqual([{ name: 'm', startTime: 70, detail: { frameDone: 70, presented: null } }]);
    expect(f.observers.size).toBe(0);
  });
});
