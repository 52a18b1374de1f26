/**
 * The bench's longest task from a trace (scripts/bench/tasks.ts): the page's main thread is the one that
 * marked its http(s) navigation, times are in the page's clock, tasks of any length count.
 */
import { describe, expect, it } from 'vitest';
import {
  busyBetween,
  longestTask,
  pageTasks,
  runningShare,
  taskStartAt,
  threadTasks,
} from '../../../scripts/bench/tasks';

const nav = (pid: number, tid: number, ts: number, url: string) => ({
  name: 'navigationStart',
  cat: 'blink.user_timing',
  ph: 'R',
  ts,
  pid,
  tid,
  args: { data: { documentLoaderURL: url, isLoadingMainFrame: true } },
});
const task = (
  pid: number,
  tid: number,
  ts: number,
  dur: number,
  name = 'ThreadControllerImpl::RunTask',
  tdur?: number,
) => ({
  name,
  cat: 'toplevel',
  ph: 'X',
  ts,
  dur,
  pid,
  tid,
  ...(tdur !== undefined ? { tdur } : {}),
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

  it("splits the load at the task that ran a given moment (the content script's first line)", () => {
    const t = pageTasks(events);
    // 30 ms is inside the 48 ms task from 1 ms: the split is at that task's start, which goes with what follows.
    expect(taskStartAt(t, 30)).toBe(1);
    expect(longestTask(t, taskStartAt(t, 60))).toBe(48);
    expect(longestTask(t, Infinity, taskStartAt(t, 60))).toBe(12);
    // Between tasks: the moment itself.
    expect(taskStartAt(t, 52)).toBe(52);
  });

  it("counts the main thread's time in tasks between two moments, each task for its part inside", () => {
    const t = pageTasks(events);
    expect(busyBetween(t, 0, 100)).toBe(60);
    expect(busyBetween(t, 25, 60)).toBe(24 + 5);
    expect(busyBetween(t, 49, 55)).toBe(0);
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
    expect(threadTasks(later, thread).map((t) => t.duration)).toEqual([4, 2.5]);
  });

  it('says so when the trace holds no navigation of a page', () => {
    expect(() => pageTasks([nav(7, 7, 1_000, '')])).toThrow(/navigationStart/);
  });

  it("reads how much of a task's wall time the thread ran, by the time on the trace's clock", () => {
    const t = pageTasks([
      nav(7, 7, 5_000, 'http://localhost:1234/bench/dense-100k.html'),
      task(7, 7, 20_000, 10_000, 'ThreadControllerImpl::RunTask', 6_000), // ran 6 of its 10 ms
      task(7, 7, 6_000, 4_000, 'ThreadControllerImpl::RunTask', 4_000), // listed out of order
      task(7, 7, 40_000, 8_000), // no thread time in the trace
      task(7, 7, 50_000, 2_000, 'ThreadControllerImpl::RunTask', 2_100), // clocks disagree by a hair
    ]);
    expect(t.origin).toBe(5_000);
    expect(t.tasks).toContainEqual({ start: 15, duration: 10, cpu: 6 });
    const share = runningShare(t);
    expect(share(25_000)).toBeCloseTo(0.6);
    expect(share(7_000)).toBe(1);
    expect(share(15_000)).toBe(1); // between tasks
    expect(share(31_000)).toBe(1); // after the first task ended
    expect(share(44_000)).toBe(1);
    expect(share(51_000)).toBe(1);
    expect(share(1_000)).toBe(1); // before any task
  });

  it('counts the microtask checkpoint traced right after a task as part of it', () => {
    const cp = (ts: number, dur: number, tdur?: number) =>
      task(7, 7, ts, dur, 'BlinkScheduler_PerformMicrotaskCheckpoint', tdur);
    const t = pageTasks([
      nav(7, 7, 5_000, 'http://localhost:1234/bench/dense-100k.html'),
      // A scanner slice: an empty posted task, the slice in the checkpoint after it (1 µs later).
      task(7, 7, 10_000, 300, 'ThreadControllerImpl::RunTask', 250),
      cp(10_301, 12_000, 9_000),
      // A checkpoint with nothing right before it stands alone.
      cp(40_000, 2_000),
      // A task's 'RunTask' inside the scheduler's event counts once, with its checkpoint.
      task(7, 7, 50_000, 4_000),
      task(7, 7, 50_100, 3_800, 'RunTask'),
      cp(54_002, 1_000),
      // Another thread's checkpoint is not this thread's.
      { ...cp(54_010, 30_000), tid: 8 },
    ]);
    expect(t.tasks).toEqual([
      { start: 5, duration: 12.301, cpu: 9.25 },
      { start: 35, duration: 2 },
      { start: 45, duration: 5.002 },
    ]);
    expect(longestTask(t)).toBeCloseTo(12.301);
    expect(
      threadTasks([task(7, 7, 1_000, 200), cp(1_202, 5_000), cp(9_000, 100)], { pid: 7, tid: 7 }).map(
        (t) => t.duration,
      ),
    ).toEqual([5.202, 0.1]);
  });
});
