/**
 * Every task of the page's main thread, from a CDP trace of the 'toplevel' category (one event per
 * task), for the longest task of a load. Not the Long Tasks API: it reports only tasks of 50 ms or
 * more, so a page whose own longest task was 48 ms in one load and 55 ms in the next read as 0 against
 * 55, and the median of three such maxima flipped between them (the dense 1 MB page alone: 0, 0 and
 * 60 ms in one run; with the extension 55, 62 and 0: "+55 ms").
 */
import type { CDPSession } from '@playwright/test';

/** A CDP trace event, as the bench's trace readers use it (this file and trace-start.ts). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time inside the event (µs), where the trace recorded it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    data?: {
      documentLoaderURL?: string;
      isLoadingMainFrame?: boolean;
      url?: string;
      frame?: string;
      functionName?: string;
      scriptName?: string;
    };
  } & Record<string, unknown>;
}

/** A task's event: 'RunTask' when devtools.timeline is traced too, else the scheduler's own name. */
const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/** The microtask checkpoint Blink runs after a task, traced as an event of its own. */
const CHECKPOINT = 'BlinkScheduler_PerformMicrotaskCheckpoint';
/** A checkpoint this close after a task's end (µs) is that task's: traced 1 µs apart (median), 5 at p95. */
const CHECKPOINT_GAP_US = 50;

interface TaskUnit {
  ts: number;
  dur: number;
  tdur?: number;
}

/**
 * The tasks of one thread, each with the microtask checkpoint that follows it. Chromium traces the
 * checkpoint after the task's own event has closed, and promise continuations run there: the scanner's
 * slices, which follow `await scheduler.postTask(...)`, are 11-13 ms checkpoints after tasks of
 * 0.0-0.4 ms (dense 100 KB page), and counted by the task event alone they did not show at all. A task
 * and its checkpoint hold the thread as one. An event inside another (a 'RunTask' inside the scheduler's
 * own) counts once.
 */
function taskUnits(events: TraceEvent[], thread: PageTasks['thread'], from = -Infinity): TaskUnit[] {
  const list = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.pid === thread.pid &&
        e.tid === thread.tid &&
        e.ts >= from &&
        (TASK.has(e.name) || e.name === CHECKPOINT),
    )
    .sort((a, b) => a.ts - b.ts);
  const out: TaskUnit[] = [];
  for (const e of list) {
    const last = out.at(-1);
    const dur = e.dur ?? 0;
    if (last && e.ts < last.ts + last.dur) continue;
    if (last && e.name === CHECKPOINT && e.ts - (last.ts + last.dur) <= CHECKPOINT_GAP_US) {
      last.dur = e.ts + dur - last.ts;
      if (last.tdur !== undefined && e.tdur !== undefined) last.tdur += e.tdur;
      else delete last.tdur;
      continue;
    }
    out.push({ ts: e.ts, dur, ...(e.tdur !== undefined ? { tdur: e.tdur } : {}) });
  }
  return out;
}

export interface PageTasks {
  /**
   * Task durations (ms) on the page's main thread, with their start in the page's clock (ms), and the
   * thread's CPU time in each (ms) where the trace has it.
   */
  tasks: { start: number; duration: number; cpu?: number }[];
  /** The page's main thread, for later traces of the same page (startThreadTrace). */
  thread: { pid: number; tid: number };
  /** The navigation's start on the trace's clock (µs): the page clock's origin there. */
  origin: number;
}

export async function startTaskTrace(cdp: CDPSession): Promise<() => Promise<PageTasks>> {
  const stop = await startTrace(cdp, 'toplevel,blink.user_timing');
  return async () => pageTasks(await stop());
}

/** Records trace events of `categories` until the returned stop. */
async function startTrace(cdp: CDPSession, categories: string): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

/**
 * The page's main thread is the one that marked the navigation of an http(s) main frame; times are
 * converted to the page's clock (performance.now(), whose origin is that navigation's start).
 */
export function pageTasks(events: TraceEvent[]): PageTasks {
  const nav = events
    .filter(
      (e) =>
        e.name === 'navigationStart' &&
        e.args?.data?.isLoadingMainFrame === true &&
        /^https?:/.test(e.args.data.documentLoaderURL ?? ''),
    )
    .at(-1);
  if (!nav) throw new Error('No navigationStart of an http(s) main frame in the trace');
  const thread = { pid: nav.pid, tid: nav.tid };
  const tasks = taskUnits(events, thread, nav.ts).map((e) => ({ start: (e.ts - nav.ts) / 1000, ...inMs(e) }));
  return { tasks, thread, origin: nav.ts };
}

/** A task's duration and, where the trace has it, the thread's CPU time in it (ms). */
export interface TaskTime {
  duration: number;
  cpu?: number;
}

function inMs(e: TaskUnit): TaskTime {
  return { duration: e.dur / 1000, ...(e.tdur !== undefined ? { cpu: e.tdur / 1000 } : {}) };
}

/** The share of a task's wall time in which its thread ran: its CPU time over its duration, else 1. */
export function ranShare(t: TaskTime): number {
  return t.cpu !== undefined && t.duration > 0 ? Math.min(1, t.cpu / t.duration) : 1;
}

/**
 * How much of its wall time the page's main thread was running, in the task under a time on the trace's
 * clock (µs, as a CPU profile's sample times are): the task's CPU time over its duration. 1 outside any
 * task, or where the trace has no CPU time. On a machine whose cores are busy with the page's other
 * threads and processes, a task's wall time holds stretches where the thread was not scheduled.
 */
export function runningShare(t: PageTasks): (ts: number) => number {
  const tasks = [...t.tasks].sort((a, b) => a.start - b.start);
  return (ts) => {
    const at = (ts - t.origin) / 1000;
    let lo = 0;
    let hi = tasks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (tasks[mid]!.start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const task = found >= 0 ? tasks[found]! : undefined;
    return task && at <= task.start + task.duration ? ranShare(task) : 1;
  };
}

/** Every task of one thread in a trace, for a trace with no navigation in it. */
export function threadTasks(events: TraceEvent[], thread: PageTasks['thread']): TaskTime[] {
  return taskUnits(events, thread).map(inMs);
}

/** Traces the tasks of `thread` (the page's main thread, from its load's trace) until the returned stop. */
export async function startThreadTrace(
  cdp: CDPSession,
  thread: PageTasks['thread'],
): Promise<() => Promise<TaskTime[]>> {
  const stop = await startTrace(cdp, 'toplevel');
  return async () => threadTasks(await stop(), thread);
}

/** The longest task that ended after `from` and started before `until` (ms, page clock). */
export function longestTask(t: PageTasks, until = Infinity, from = -Infinity): number {
  let longest = 0;
  for (const x of t.tasks)
    if (x.start < until && x.start + x.duration > from && x.duration > longest) longest = x.duration;
  return longest;
}

/** The main thread's time in tasks between two times (ms, page clock): each task counted for its part inside. */
export function busyBetween(t: PageTasks, from: number, until: number): number {
  let busy = 0;
  for (const x of t.tasks) {
    const part = Math.min(until, x.start + x.duration) - Math.max(from, x.start);
    if (part > 0) busy += part;
  }
  return busy;
}

/** The start of the task running at `at` (ms, page clock), or `at` itself where no task was running then. */
export function taskStartAt(t: PageTasks, at: number): number {
  for (const x of t.tasks) if (x.start <= at && at <= x.start + x.duration) return x.start;
  return at;
}
