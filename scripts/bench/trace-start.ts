/**
 * What holds the main thread between the content script's start and the page's first frame after it
 * (issue 15, "first viewport marked"). Loads bench pages in headless Chromium with the bench build
 * (`WXT_BENCH=1 npx wxt build` first: it sets the scanner's marks), records a CDP trace (Tracing domain,
 * devtools.timeline), and prints for the page's main thread, from 'context-reader:start' to
 * 'context-reader:first-frame' and on to 'context-reader:viewport': every task over 2 ms, what it did
 * (parse, style, layout, paint, timers, our script), and totals by kind, split into ours and the page's.
 *
 *   npx tsx scripts/bench/trace-start.ts --pages=dense-5mb,para-2mb --reps=2
 */
import type { CDPSession } from '@playwright/test';
import { launchWithExtension } from '../../tests/support/browser';
import { launchPlain } from './browsers';
import { BENCH_PAGES, benchPageIds } from './pages';
import { startServer } from '../../tests/support/server';
import type { TraceEvent } from './tasks';

const args = new Map(
  process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0]!, a.split('=')[1] ?? 'true']),
);
const REPS = Number(args.get('reps') ?? 1);
const ids = benchPageIds(args.get('pages'), ['dense-5mb', 'para-2mb']);

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'toplevel',
  'v8.execute',
  ...(process.env.TRACE_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []),
  // TRACE_GC=1: the garbage collectors' events too (what a task spends that no timeline event names).
  ...(process.env.TRACE_GC ? ['v8.gc', 'disabled-by-default-v8.gc', 'blink_gc'] : []),
].join(',');

async function trace(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await run();
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** Kinds of work inside a task, by trace event name. */
const KIND: Record<string, string> = {
  ParseHTML: 'parse HTML',
  UpdateLayoutTree: 'style',
  'Document::updateStyleAndLayoutTree': 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  UpdateLayer: 'paint',
  Commit: 'commit',
  MajorGC: 'GC',
  MinorGC: 'GC',
  'V8.GCScavenger': 'GC',
  'V8.GCFinalizeMC': 'GC',
  'V8.GCIncrementalMarking': 'GC',
  'V8.GC_MC_INCREMENTAL': 'GC',
  'BlinkGC.AtomicPhase': 'GC',
  'V8.GC_MC_BACKGROUND_MARKING': 'GC',
  FireAnimationFrame: 'rAF callbacks',
  TimerFire: 'timer',
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'compile',
  RunMicrotasks: 'microtasks',
  HitTest: 'hit-test',
};

/** What invalidated style, layout or paint from `from` to `to` (TRACE_INVALIDATIONS=1), by reason. */
function printInvalidations(main: TraceEvent[], from: number, to: number): void {
  const inv = new Map<string, number>();
  for (const e of main.filter(
    (e) => /Invalidat|ScheduleStyle|StyleInvalidator/.test(e.name) && e.ts >= from && e.ts < to,
  )) {
    const d = e.args?.data as Record<string, unknown> | undefined;
    const key = `${e.name} ${JSON.stringify(d?.reason ?? d?.changedAttribute ?? d?.invalidationSet ?? '')} ${JSON.stringify(d?.nodeName ?? '')}`;
    inv.set(key.slice(0, 100), (inv.get(key.slice(0, 100)) ?? 0) + 1);
  }
  for (const [k, v] of [...inv].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${v} × ${k}`);
}

function summarise(id: string, rep: number, events: TraceEvent[]): void {
  const mark = (name: string) => events.find((e) => e.cat.includes('blink.user_timing') && e.name === name);
  const start = mark('context-reader:start');
  const frame = mark('context-reader:first-frame');
  const viewport = mark('context-reader:viewport');
  const fcp = events.find((e) => e.name === 'firstContentfulPaint' || e.name === 'firstPaint');
  if (!start) {
    console.log(`${id} #${rep}: no 'context-reader:start' mark (bench build?)`);
    return;
  }
  const main = events.filter((e) => e.pid === start.pid && e.tid === start.tid);
  const load = main.find((e) => e.name === 'MarkLoad');
  const from = start.ts;
  const to = Math.max(frame?.ts ?? from, viewport?.ts ?? from);
  const rel = (ts: number) => ((ts - from) / 1000).toFixed(1);
  console.log(
    `\n${id} #${rep}: start 0, first paint ${fcp ? rel(fcp.ts) : '?'}, load ${load ? rel(load.ts) : '?'}, first frame ${frame ? rel(frame.ts) : '?'}, viewport ${viewport ? rel(viewport.ts) : '?'} ms`,
  );
  const tasks = main
    .filter(
      (e) =>
        e.ph === 'X' && e.name === 'RunTask' && e.ts + (e.dur ?? 0) > Math.min(from, load?.ts ?? from) && e.ts < to,
    )
    .sort((a, b) => a.ts - b.ts);
  const inside = (t: TraceEvent) =>
    main.filter((e) => e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
  if (process.env.TRACE_INVALIDATIONS) printInvalidations(main, from - 300_000, to);
  const totals = new Map<string, number>();
  let busy = 0;
  for (const t of tasks) {
    const dur = (t.dur ?? 0) / 1000;
    busy += dur;
    const kids = inside(t);
    const ours = kids.some((k) =>
      (k.args?.data?.url ?? k.args?.data?.scriptName ?? '').startsWith('chrome-extension://'),
    );
    // Top-level kinds only: an event inside another counted one is part of it.
    const counted: TraceEvent[] = [];
    const byKind = new Map<string, number>();
    for (const k of kids.sort((a, b) => a.ts - b.ts)) {
      const kind = KIND[k.name];
      if (!kind) continue;
      if (counted.some((c) => k.ts >= c.ts && k.ts + (k.dur ?? 0) <= c.ts + (c.dur ?? 0))) continue;
      counted.push(k);
      byKind.set(kind, (byKind.get(kind) ?? 0) + (k.dur ?? 0) / 1000);
    }
    const who = ours ? 'ours' : 'page';
    for (const [k, v] of byKind) totals.set(`${who}: ${k}`, (totals.get(`${who}: ${k}`) ?? 0) + v);
    totals.set(`${who}: task`, (totals.get(`${who}: task`) ?? 0) + dur);
    if (dur >= 20 && process.env.TRACE_DETAIL)
      for (const k of kids.filter((k) => (k.dur ?? 0) >= 1000).slice(0, 40))
        console.log(
          `      ${rel(k.ts)} ${((k.dur ?? 0) / 1000).toFixed(1)} ${k.name} ${JSON.stringify(k.args?.data ?? {}).slice(0, 120)}`,
        );
    if (dur >= 2)
      console.log(
        `  ${rel(t.ts).padStart(7)} ms  ${dur.toFixed(1).padStart(6)} ms  ${who}  ${[...byKind]
          .filter(([, v]) => v >= 0.5)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}`,
      );
  }
  console.log(
    `  busy ${busy.toFixed(1)} of ${((to - from) / 1000).toFixed(1)} ms; ` +
      [...totals]
        .filter(([, v]) => v >= 0.5)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', '),
  );
}

/** Without the extension: the page's own frames after its load event (the content script starts about then). */
function summarisePlain(id: string, rep: number, events: TraceEvent[]): void {
  const load = events.find((e) => e.name === 'MarkLoad' || e.name === 'loadEventEnd');
  if (!load) {
    console.log(`${id} #${rep} plain: no load mark`);
    return;
  }
  const main = events.filter((e) => e.pid === load.pid && e.tid === load.tid && e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ts >= load.ts - 5000 && e.ts < load.ts + 300_000);
  console.log(`\n${id} #${rep} plain, from the load event:`);
  for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
    const kids = main.filter((e) => e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
    const pp = kids.filter(
      (k) => k.name === 'PrePaint' || k.name === 'Paint' || k.name === 'Layout' || k.name === 'UpdateLayoutTree',
    );
    if ((t.dur ?? 0) < 2000) continue;
    console.log(
      `  ${((t.ts - load.ts) / 1000).toFixed(1).padStart(7)} ms ${((t.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${pp.map((k) => `${k.name} ${((k.dur ?? 0) / 1000).toFixed(1)}`).join(', ')}`,
    );
  }
}

const server = await startServer();
for (const id of ids) server.route(`/bench/${id}.html`, { body: BENCH_PAGES[id]() });
if (args.has('plain')) {
  const plain = await launchPlain();
  for (const id of ids) {
    for (let rep = 1; rep <= REPS; rep++) {
      const page = await plain.newPage();
      const cdp = await plain.newCDPSession(page);
      const events = await trace(cdp, async () => {
        await page.goto(server.url(`/bench/${id}.html`), { waitUntil: 'load', timeout: 180_000 });
        await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
      });
      summarisePlain(id, rep, events);
      await page.close();
    }
  }
  await plain.close();
  await server.close();
  process.exit(0);
}
const ext = await launchWithExtension();
try {
  for (const id of ids) {
    for (let rep = 1; rep <= REPS; rep++) {
      const page = await ext.context.newPage();
      const cdp = await ext.context.newCDPSession(page);
      const events = await trace(cdp, async () => {
        await page.goto(server.url(`/bench/${id}.html`), { waitUntil: 'load', timeout: 180_000 });
        await page.waitForFunction(() => performance.getEntriesByName('context-reader:done').length > 0, null, {
          timeout: 180_000,
          polling: 50,
        });
      });
      summarise(id, rep, events);
      await cdp.detach().catch(() => undefined);
      await page.close();
    }
  }
} finally {
  await ext.close();
  await server.close();
}
