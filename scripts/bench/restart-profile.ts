/**
 * Where the popup's first list goes after a service-worker restart (issue 10): a diagnostic, not part of
 * `npm run bench`. Run after `WXT_BENCH=1 npx wxt build` (the marks exist only in bench builds):
 *
 *   npx tsx scripts/bench/restart-profile.ts [--rounds=5] [--clips=10000] [--profile] [--ext=DIR[,DIR2]]
 *
 * With two directories, two builds are compared side by side: each in its own browser, rounds
 * interleaved, medians per build.
 *
 * Seeds the clips as scripts/bench/popup.ts does, opens the popup once (the search index is built and
 * persisted), then per round stops the worker (CDP ServiceWorker.stopWorker), opens the popup and prints
 * one timeline on the popup's clock: the worker's start (its timeOrigin), its module graph evaluated
 * (`bg:main`), its listener registered, the list request's arrival and answer, next to the popup's own
 * script, request, answer and painted list. With --profile a Chromium trace is recorded
 * meanwhile, and the worker thread's compile and evaluation time per module is printed.
 */
import type { CDPSession, Page } from '@playwright/test';
import { toRecord } from '../../lib/clips/db';
import { tabIdOf } from '../../tests/e2e/clips-helpers';
import { launchWithExtension, stopServiceWorker, type ExtensionBrowser } from '../../tests/support/browser';
import { startServer } from '../../tests/support/server';
import { generateClips, seed } from './popup';
import { median } from './stats';
import { markWatcher, waitForMark } from './wait-mark';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ROUNDS = Number(arg('rounds') ?? 5);
const CLIPS = Number(arg('clips') ?? 10_000);
const PROFILE = process.argv.includes('--profile');

interface Marks {
  origin: number;
  marks: Record<string, number>;
}

const readMarks = `JSON.stringify({ origin: performance.timeOrigin, marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])) })`;

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; fileName?: string }; fileName?: string };
}

/**
 * The popup renderer's main thread, navigation start → the list's mark: every top-level task over 1 ms
 * and what it held (scripts compiled and evaluated, timers, frames: style, layout, paint), in ms on the
 * popup's clock, so a change to the popup's start can be read off the tasks it moved.
 */
function popupMainThread(events: TraceEvent[]): string[] {
  const starts = events.filter(
    (e) =>
      e.name === 'navigationStart' &&
      (e.args as { data?: { documentLoaderURL?: string } })?.data?.documentLoaderURL?.includes('popup.html'),
  );
  const nav = starts[0];
  if (!nav) return ['  (no popup navigation in the trace)'];
  const end = events.find((e) => e.pid === nav.pid && e.name === 'popup:list-rendered');
  const main = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && e.dur !== undefined);
  const limit = Math.max(end?.ts ?? 0, nav.ts + 300_000);
  const at = (ts: number) => ((ts - nav.ts) / 1000).toFixed(1).padStart(6);
  const lines = ['  popup main thread (trace), tasks over 1 ms after navigation start:'];
  const tasks = main.filter(
    (e) =>
      (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
      e.ts >= nav.ts &&
      e.ts < limit &&
      e.dur! > 1_000,
  );
  for (const t of tasks) {
    const inner = main.filter(
      (e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && e.dur! > 500 && !/RunTask$/.test(e.name),
    );
    const sums = new Map<string, number>();
    for (const e of inner) {
      const url = e.args?.data?.url ?? e.args?.data?.fileName ?? e.args?.fileName ?? '';
      const key = `${e.name}${url ? ` ${url.split('/').pop()}` : ''}`;
      sums.set(key, (sums.get(key) ?? 0) + e.dur! / 1000);
    }
    const what = [...sums]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    lines.push(`    ${at(t.ts)} +${(t.dur! / 1000).toFixed(1).padStart(5)} ms  ${what}`);
  }
  for (const e of events.filter(
    (x) =>
      (x.pid === nav.pid && x.ph === 'R') || (x.pid === nav.pid && /^popup:|^collection:/.test(x.name) && x.ph !== 'X'),
  ))
    lines.push(`    ${at(e.ts)}  mark ${e.name}`);
  return lines;
}

/**
 * The service worker thread's script work in a Chromium trace: compile and evaluation of each module
 * (v8.compileModule / v8.evaluateModule), other compiles, and the longest calls, in ms.
 */
function summariseTrace(events: TraceEvent[], extensionId: string): string[] {
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const worker = names.find((e) => /ServiceWorker/i.test(e.args?.name ?? ''));
  if (!worker) return ['  (no service worker thread in the trace)'];
  const mine = events.filter((e) => e.pid === worker.pid && e.tid === worker.tid && e.ph === 'X' && e.dur);
  const sums = new Map<string, number>();
  for (const e of mine) {
    const url = e.args?.data?.url ?? e.args?.data?.fileName ?? e.args?.fileName ?? '';
    if (url && !url.includes(extensionId)) continue;
    const key = `${e.name} ${url.split('/').pop() ?? ''}`;
    sums.set(key, (sums.get(key) ?? 0) + e.dur! / 1000);
  }
  return [
    '  worker thread (trace), summed durations (nested events overlap):',
    ...[...sums]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms  ${k}`),
  ];
}

async function openPopup(ext: ExtensionBrowser, tabId: number): Promise<{ page: Page; marks: Marks }> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  const watcher = await markWatcher(page);
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await waitForMark(watcher, 'popup:list-rendered');
  await watcher.detach();
  const marks = JSON.parse(await page.evaluate(readMarks)) as Marks;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      responseEnd: n.responseEnd,
      domInteractive: n.domInteractive,
      domContentLoaded: n.domContentLoadedEventEnd,
      // The frame with the first content, as presented (Paint Timing): with the stored first page, the list.
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    };
  });
  Object.assign(marks.marks, {
    'nav:responseEnd': nav.responseEnd,
    'nav:domInteractive': nav.domInteractive,
    'paint:first-contentful-paint': nav.fcp,
  });
  return { page, marks };
}

async function workerMarks(browserCdp: CDPSession, extensionId: string): Promise<Marks | null> {
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  const t = targetInfos.find((x) => x.type === 'service_worker' && x.url.includes(extensionId));
  if (!t) return null;
  const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
  const answer = new Promise<string>((resolve) => {
    const on = (e: { sessionId: string; message: string }) => {
      if (e.sessionId !== sessionId) return;
      const msg = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: string } } };
      if (msg.id === 1) {
        browserCdp.off('Target.receivedMessageFromTarget' as never, on as never);
        resolve(msg.result?.result?.value ?? 'null');
      }
    };
    browserCdp.on('Target.receivedMessageFromTarget' as never, on as never);
  });
  await browserCdp.send(
    'Target.sendMessageToTarget' as never,
    {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: readMarks } }),
    } as never,
  );
  const value = await answer;
  await browserCdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  return JSON.parse(value) as Marks | null;
}

const server = await startServer();
// --ext=A,B: two builds, each in its own browser, their rounds interleaved (A B, then B A, …) so that
// both meet the same load on a shared machine.
const dirs = (arg('ext') ?? '').split(',').filter(Boolean);
const variants: { label: string; ext: ExtensionBrowser; tabId: number; browserCdp: CDPSession }[] = [];
try {
  const { loadData } = await import('../../lib/kb/load');
  const { defaultDataDir } = await import('../../lib/kb/vite-plugin');
  const entityIds = loadData(defaultDataDir()).catalogue.entities.map((e: { id: string }) => e.id);
  const records = generateClips(CLIPS, entityIds).map(toRecord);
  for (const dir of dirs.length ? dirs : [undefined]) {
    const ext = await launchWithExtension(dir ? { extensionDir: dir } : {});
    variants.push({ label: dir ?? 'built', ext, tabId: -1, browserCdp: undefined as unknown as CDPSession });
    const v = variants.at(-1)!;
    await seed(ext, records, (line) => console.log(line));
    const article = await ext.context.newPage();
    const url = server.url('/news-article.html');
    await article.goto(url);
    await waitUntil(async () => ((v.tabId = await tabIdOf(ext, url)), true), 'the tab id');
    const warm = await openPopup(ext, v.tabId);
    await warm.page.close();
    await waitUntil(
      () =>
        ext.worker.evaluate(
          () =>
            ((globalThis as unknown as { __clipIndexStats?: { snapshotsWritten: number } }).__clipIndexStats
              ?.snapshotsWritten ?? 0) > 0,
        ),
      'the search index snapshot',
    );
    const browser = ext.context.browser();
    if (!browser) throw new Error('no browser-level CDP session');
    v.browserCdp = await browser.newBrowserCDPSession();
  }
  const rows = new Map<(typeof variants)[number], Record<string, number[]>>(variants.map((v) => [v, {}]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const { ext, tabId, browserCdp } = v;
      const browser = ext.context.browser()!;
      await stopServiceWorker(ext);
      if (PROFILE)
        await browser.startTracing(undefined, {
          categories: [
            'devtools.timeline',
            'v8',
            'disabled-by-default-v8.compile',
            'v8.execute',
            'blink',
            'blink.user_timing',
            'loading',
            'toplevel',
            'disabled-by-default-v8.cpu_profiler',
          ],
        });
      const { page, marks } = await openPopup(ext, tabId);
      const rawTrace = PROFILE ? (await browser.stopTracing()).toString() : '';
      if (arg('trace-out'))
        (await import('node:fs')).writeFileSync(
          `${arg('trace-out')}-${variants.indexOf(v) + 1}-${round + 1}.json`,
          rawTrace,
        );
      const traced = PROFILE ? (JSON.parse(rawTrace) as { traceEvents: TraceEvent[] }).traceEvents : [];
      const profile = PROFILE ? [...popupMainThread(traced), ...summariseTrace(traced, ext.extensionId)] : [];
      const bg = await workerMarks(browserCdp, ext.extensionId);
      await page.close();
      const timeline: [string, number][] = Object.entries(marks.marks).map(([k, val]) => [`popup  ${k}`, val]);
      if (bg) {
        const shift = bg.origin - marks.origin;
        timeline.push(['worker timeOrigin', shift]);
        for (const [k, val] of Object.entries(bg.marks)) timeline.push([`worker ${k}`, val + shift]);
      }
      timeline.sort((a, b) => a[1] - b[1]);
      console.log(`round ${round + 1}, ${v.label} (load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}):`);
      const mine = rows.get(v)!;
      for (const [k, val] of timeline) {
        console.log(`  ${val.toFixed(1).padStart(7)} ms  ${k}`);
        (mine[k] ??= []).push(val);
      }
      for (const line of profile) console.log(line);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  for (const v of variants) {
    console.log(`medians, ${v.label}:`);
    const mine = rows.get(v)!;
    for (const [k, val] of Object.entries(mine).sort((a, b) => median(a[1]) - median(b[1])))
      console.log(`  ${median(val).toFixed(1).padStart(7)} ms  ${k}  (${val.map((x) => x.toFixed(0)).join(' ')})`);
  }
} finally {
  for (const v of variants) await v.ext.close();
  await server.close();
}
