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
}

export async function startTaskTrace(cdp: CDPSession): Promise<() => Promise<PageTasks>> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return pageTasks(events);
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
  return { tasks };
}

/** The longest task that ended after `from` and started before `until` (ms, page clock). */
export function longestTask(t: PageTasks, until = Infinity, from = -Infinity): number {
  let longest = 0;
  for (const x of t.tasks)
    if (x.start < until && x.start + x.duration > from && x.duration > longest) longest = x.duration;
  return longest;
}
