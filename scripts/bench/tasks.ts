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

export interface PageTasks {
  /** Task durations (ms) on the page's main thread, with their start in the page's clock (ms). */
  tasks: { start: number; duration: number }[];
  /** The page's main thread, for later traces of the same page (startThreadTrace). */
  thread: { pid: number; tid: number };
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
  const tasks = events
    .filter((e) => e.ph === 'X' && TASK.has(e.name) && e.pid === nav.pid && e.tid === nav.tid && e.ts >= nav.ts)
    .map((e) => ({ start: (e.ts - nav.ts) / 1000, duration: (e.dur ?? 0) / 1000 }));
  return { tasks, thread: { pid: nav.pid, tid: nav.tid } };
}

/** Every task of one thread in a trace (ms), for a trace with no navigation in it. */
export function threadTasks(events: TraceEvent[], thread: PageTasks['thread']): number[] {
  return events
    .filter((e) => e.ph === 'X' && TASK.has(e.name) && e.pid === thread.pid && e.tid === thread.tid)
    .map((e) => (e.dur ?? 0) / 1000);
}

/** Traces the tasks of `thread` (the page's main thread, from its load's trace) until the returned stop. */
export async function startThreadTrace(cdp: CDPSession, thread: PageTasks['thread']): Promise<() => Promise<number[]>> {
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
