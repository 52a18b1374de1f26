/**
 * The bench's longest task from a trace (scripts/bench/tasks.ts): the page's main thread is the one that
 * marked its http(s) navigation, times are in the page's clock, tasks of any length count.
 */
import { describe, expect, it } from 'vitest';
import { longestTask, pageTasks, threadTasks } from '../../../scripts/bench/tasks';

const nav = (pid: number, tid: number, ts: number, url: string) => ({
  name: 'navigationStart',
  cat: 'blink.user_timing',
  ph: 'R',
  ts,
  pid,
  tid,
  args: { data: { documentLoaderURL: url, isLoadingMainFrame: true } },
});
const task = (pid: number, tid: number, ts: number, dur: number, name = 'ThreadControllerImpl::RunTask') => ({
  name,
  cat: 'toplevel',
  ph: 'X',
  ts,
  dur,
  pid,
  tid,
});

describe('pageTasks', () => {
  const events = [
    nav(7, 7, 1_000, ''), // about:blank first
    nav(7, 7, 5_000, 'http://localhost:1234/bench/dense-1mb.html'),
    task(7, 7, 2_000, 90_000), // before the navigation
    task(7, 7, 6_000, 48_000), // 1 ms after it, 48 ms: under the Long Tasks API's threshold, counted here
    task(7, 7, 60_000, 12_000, 'RunTask'),
    task(7, 8, 7_000, 300_000), // another thread of the renderer
    task(9, 9, 7_000, 400_000), // the browser process
  ];

  it("keeps the page's main thread from its navigation on, in the page's clock", () => {
    expect(pageTasks(events).tasks).toEqual([
      { start: 1, duration: 48 },
      { start: 55, duration: 12 },
    ]);
  });

  it('finds the longest task, under 50 ms too, and before a given time', () => {
    const t = pageTasks(events);
    expect(longestTask(t)).toBe(48);
    expect(longestTask(t, 1)).toBe(0);
    expect(longestTask(t, 2)).toBe(48);
    // From a time on: a task still running then counts whole, one that ended before does not.
    expect(longestTask(t, Infinity, 40)).toBe(48);
    expect(longestTask(t, Infinity, 50)).toBe(12);
  });

  it("names the page's main thread, whose tasks a later trace with no navigation picks out (scrolling)", () => {
    const thread = pageTasks(events).thread;
    expect(thread).toEqual({ pid: 7, tid: 7 });
    const later = [
      task(7, 7, 90_000, 4_000),
      task(7, 8, 91_000, 50_000),
      task(9, 9, 92_000, 70_000),
      task(7, 7, 95_000, 2_500, 'RunTask'),
    ];
    expect(threadTasks(later, thread)).toEqual([4, 2.5]);
  });

  it('says so when the trace holds no navigation of a page', () => {
    expect(() => pageTasks([nav(7, 7, 1_000, '')])).toThrow(/navigationStart/);
  });
});
