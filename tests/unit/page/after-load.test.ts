/**
 * When the content script starts (lib/page/after-load.ts): at the page's load, a while after
 * DOMContentLoaded if the load does not come, at once in a loaded document, and never on a page's own
 * events. The document and window are stand-ins whose events the test fires with the browser's trust.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterLoad, LOAD_WAIT_MS } from '../../../lib/page/after-load';

type Listener = (e: { isTrusted: boolean }) => void;

/** An event target that keeps its listeners (and honours their abort signal), with a readyState. */
function target(readyState: DocumentReadyState = 'loading', visibilityState: DocumentVisibilityState = 'visible') {
  const listeners = new Map<string, Listener[]>();
  const frames: (() => void)[] = [];
  return {
    readyState,
    visibilityState,
    requestAnimationFrame: (cb: () => void) => frames.push(cb),
    /** The page draws a frame: the callbacks asked for before it run. */
    frame() {
      for (const cb of frames.splice(0)) cb();
    },
    framesAsked: () => frames.length,
    addEventListener(type: string, fn: Listener, o?: { signal?: AbortSignal }) {
      if (o?.signal?.aborted) return;
      const list = listeners.get(type) ?? [];
      list.push(fn);
      listeners.set(type, list);
      o?.signal?.addEventListener('abort', () => list.splice(list.indexOf(fn), 1), { once: true });
    },
    fire(type: string, isTrusted = true) {
      for (const fn of [...(listeners.get(type) ?? [])]) fn({ isTrusted });
    },
    count(type: string) {
      return listeners.get(type)?.length ?? 0;
    },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id: number) => clearTimeout(id),
  };
}

function setup(readyState: DocumentReadyState = 'loading', signal?: AbortSignal, visibility?: DocumentVisibilityState) {
  const doc = target(readyState, visibility);
  const win = target();
  const fn = vi.fn();
  afterLoad(fn, { doc: doc as unknown as Document, win: win as unknown as Window, signal });
  return { doc, win, fn };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('afterLoad', () => {
  it("starts in a task after the frame that follows the page's load, once, and stops listening", () => {
    const { doc, win, fn } = setup();
    doc.fire('DOMContentLoaded');
    vi.advanceTimersByTime(LOAD_WAIT_MS - 1);
    expect(win.framesAsked()).toBe(0);
    win.fire('load');
    // Not inside the load event (the page's own load handlers run there), nor before the page's frame.
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
    expect(win.framesAsked()).toBe(1);
    win.frame();
    expect(fn).not.toHaveBeenCalled(); // the task after it
    vi.runOnlyPendingTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    win.fire('load');
    vi.runAllTimers();
    win.frame();
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(win.count('load') + doc.count('DOMContentLoaded')).toBe(0);
  });

  it('starts anyway a while after DOMContentLoaded when the load does not come', () => {
    const { doc, win, fn } = setup();
    vi.advanceTimersByTime(60_000);
    expect(win.framesAsked()).toBe(0); // still parsing: nothing to mark yet
    doc.fire('DOMContentLoaded');
    vi.advanceTimersByTime(LOAD_WAIT_MS - 1);
    expect(win.framesAsked()).toBe(0);
    vi.advanceTimersByTime(1);
    win.frame();
    vi.runOnlyPendingTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("ignores a page's own load and DOMContentLoaded events", () => {
    const { doc, win, fn } = setup();
    win.fire('load', false);
    doc.fire('DOMContentLoaded', false);
    vi.advanceTimersByTime(60_000);
    expect(win.framesAsked()).toBe(0);
    win.fire('load');
    win.frame();
    vi.runOnlyPendingTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('starts after the next frame in a document already loaded, and after the wait in one already parsed', () => {
    const loaded = setup('complete');
    expect(loaded.win.framesAsked()).toBe(1);
    loaded.win.frame();
    vi.runOnlyPendingTimers();
    expect(loaded.fn).toHaveBeenCalledTimes(1);
    const parsed = setup('interactive');
    vi.advanceTimersByTime(LOAD_WAIT_MS - 1);
    expect(parsed.win.framesAsked()).toBe(0);
    vi.advanceTimersByTime(1);
    parsed.win.frame();
    vi.runOnlyPendingTimers();
    expect(parsed.fn).toHaveBeenCalledTimes(1);
  });

  it('starts without a frame in a hidden tab, which draws none', () => {
    const { win, fn } = setup('loading', undefined, 'hidden');
    win.fire('load');
    vi.runOnlyPendingTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(win.framesAsked()).toBe(0);
  });

  it('starts at once in a tab sent to the background while it waits for its frame, and only once', () => {
    const { doc, win, fn } = setup();
    win.fire('load');
    expect(win.framesAsked()).toBe(1);
    doc.fire('visibilitychange', false); // the page's own event: ignored
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange', false);
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
    doc.fire('visibilitychange');
    vi.runOnlyPendingTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(doc.count('visibilitychange')).toBe(0);
    // Shown again: the frame it asked for comes, and changes nothing.
    doc.visibilityState = 'visible';
    win.frame();
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('a frame that comes first ends the wait for the tab to be hidden', () => {
    const { doc, win, fn } = setup();
    win.fire('load');
    win.frame();
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange');
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(doc.count('visibilitychange')).toBe(0);
  });

  it('`now` starts at once, before the load, and the load then changes nothing', () => {
    const doc = target();
    const win = target();
    const fn = vi.fn();
    const now = afterLoad(fn, { doc: doc as unknown as Document, win: win as unknown as Window });
    now();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(win.count('load') + doc.count('DOMContentLoaded')).toBe(0);
    doc.fire('DOMContentLoaded');
    win.fire('load');
    win.frame();
    vi.runAllTimers();
    now();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(win.framesAsked()).toBe(0);
  });

  it('`now` while the frame is awaited starts at once, and the frame then changes nothing', () => {
    const abort = new AbortController();
    const doc = target();
    const win = target();
    const fn = vi.fn();
    const now = afterLoad(fn, { doc: doc as unknown as Document, win: win as unknown as Window, signal: abort.signal });
    win.fire('load');
    now();
    expect(fn).toHaveBeenCalledTimes(1);
    win.frame();
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(doc.count('visibilitychange')).toBe(0);
    // Not after the copy was ended.
    const ended = new AbortController();
    const fn2 = vi.fn();
    const now2 = afterLoad(fn2, {
      doc: target() as unknown as Document,
      win: target() as unknown as Window,
      signal: ended.signal,
    });
    ended.abort();
    now2();
    expect(fn2).not.toHaveBeenCalled();
  });

  it('never starts a copy that a newer one has ended', () => {
    const abort = new AbortController();
    const { doc, win, fn } = setup('loading', abort.signal);
    abort.abort();
    doc.fire('DOMContentLoaded');
    win.fire('load');
    win.frame();
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
    // Ended between the load and its task.
    const late = new AbortController();
    const again = setup('loading', late.signal);
    again.win.fire('load');
    again.win.frame();
    late.abort();
    vi.runAllTimers();
    expect(again.fn).not.toHaveBeenCalled();
  });
});
