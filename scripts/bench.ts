/**
 * `npm run bench` (= `WXT_BENCH=1 wxt build && tsx scripts/bench.ts`; the flag keeps the card's marks in the build): the performance benchmark of issue 5. Runs the
 * built extension in real headless Chromium on generated pages served from localhost, next to the same
 * Chromium without the extension for the baselines, prints a table (figure, value, baseline, ratio,
 * target, PASS/MISS) and writes every raw number to bench-results/latest.json. Not part of `npm test`.
 *
 * What each figure means (ms are performance.now() in the page's main world unless said otherwise):
 * - marking: navigation start → the first rAF + setTimeout after the scanner's 'context-reader:done'
 *   mark (all mentions marked and a frame painted); and the same from the 'context-reader:start' mark
 *   (PageScanner.start()), which is what the baselines are compared with;
 * - regex floor: one exec loop of one combined case-insensitive RegExp of every alias form in the
 *   built spec over document.body.textContent (reading textContent included), same page, no extension;
 * - mark.js: `markRegExp` with the same pattern, fresh load, call → first frame after `done`;
 * - first viewport: 'context-reader:start' → 'context-reader:viewport';
 * - longest task: every task of the page's main thread from a CDP trace ('toplevel' category,
 *   scripts/bench/tasks.ts), navigation → painted with the extension, against the same page's whole
 *   load without it (the Long Tasks API, which sees only tasks of 50 ms or more, still lists the long
 *   tasks after the script's start); and the scanner's own longest slice, which it reports as performance.measure
 *   'context-reader:longest-slice' (start 0, duration = stats.longestSliceMs) when the first pass ends;
 * - heap: CDP Runtime.getHeapUsage after two HeapProfiler.collectGarbage, with minus without the
 *   extension (the content script's isolated world lives in the page's isolate, so it is counted);
 * - append: a parsed <section> of ~100 KB text appended to the article; performance.now() just before
 *   the append → the scanner's 'context-reader:rescan-done' mark (end of the mutation-triggered pump);
 * - cards: 'context-reader:card-due' (hover delay elapsed) → the later of the page's
 *   'context-reader:card-painted' and the card frame's 'context-reader:card-frame-painted' (see
 *   scripts/bench/cards.ts), median over hovers of different mentions;
 * - bundle: content-main.js and marks-style.js (both document_start) and CSS if any, raw and gzip -9.
 *
 * - popup (scripts/bench/popup.ts): 10,000 generated clips seeded into the extension's IndexedDB; navigation
 *   start → the popup's first list on screen ('popup:list-rendered', lib/timing/painted-mark.ts), warm
 *   and after worker restarts; per search keystroke, the input event → that query's results committed
 *   ('popup:input' → 'popup:results'); "Save page" on a 1 MB article → the popup shows it saved.
 *
 * - extension JS (issue 15): a CDP CPU profile of each load with the extension, navigation → painted;
 *   samples with a chrome-extension:// frame on the stack, their total and longest unbroken run
 *   (scripts/bench/cpu.ts); longest task of the whole load with it against the same page alone;
 *   jump: scrollTo(50% / 90%) after marking → the first frame with a registered range in view;
 *   scroll: 30 wheel steps from the top after marking, every task of the page's main thread (a trace),
 *   with it against the same page alone.
 *
 * - your entities (scripts/bench/entity-collection.ts, issue 14): 10,000 seeded clips, 200 naming one
 *   person; "Track" in the library's entities view → the re-scan of every clip (its start → its record
 *   gone), the library page's long tasks meanwhile, and that person's card (200 passages) on a page.
 *
 * Options: --reps=N (default 3), --quick (1 rep, fewer hovers, mark.js only on the 1 MB pages),
 * --pages=dense-5mb,pre-2mb (just those pages, no popup part),
 * --markjs-timeout=S (default 120), --only=popup, --only=cards or --only=entities (just that part),
 * --cpu-slowdown=N (the pages' loads, with and without the extension, under Chromium's CPU throttling:
 * a slower machine's figures from a fast one; written to bench-results/slowdown-N.json).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { Matcher } from '../lib/match/matcher';
import { buildSpec } from '../lib/match/spec';
import { loadData } from '../lib/kb/load';
import { defaultDataDir } from '../lib/kb/vite-plugin';
import { EXTENSION_DIR, launchWithExtension } from '../tests/support/browser';
import { generateAppendSection } from '../tests/support/generate-pages';
import { BENCH_PAGES } from './bench/pages';
import { startServer } from '../tests/support/server';
import { benchInitScript, launchPlain } from './bench/browsers';
import { measureBundle } from './bench/bundle';
import { measureCards } from './bench/cards';
import {
  loadPlain,
  loadWithExtension,
  viewportAfterPaint,
  viewportWait,
  type ExtensionLoad,
  type PlainLoad,
} from './bench/marking';
import { runMarkJs, type MarkJsOutcome } from './bench/markjs';
import { measureEntityCollection } from './bench/entity-collection';
import { measurePopup } from './bench/popup';
import { printTable, type Row } from './bench/report';
import { fmtRatio, kb, max, median, ms, ratio } from './bench/stats';

const args = new Map(
  process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0]!, a.split('=')[1] ?? 'true']),
);
const quick = args.has('quick');
const REPS = Number(args.get('reps') ?? (quick ? 1 : 3));
const MARKJS_TIMEOUT_MS = Number(args.get('markjs-timeout') ?? 120) * 1000;
const HOVERS = quick ? 5 : 12;
const only = args.get('only');
const CPU_SLOWDOWN = Number(args.get('cpu-slowdown') ?? 1);
if (!(CPU_SLOWDOWN >= 1)) throw new Error(`--cpu-slowdown=${args.get('cpu-slowdown')}: a factor of 1 or more`);
if (only !== undefined && only !== 'popup' && only !== 'cards' && only !== 'entities')
  throw new Error(`--only=${only}: --only=popup, --only=cards and --only=entities are supported`);
const pageParts = only === undefined;
const cardPart = only === undefined || only === 'cards';
const started = Date.now();
const log = (s: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

// ---- Pattern for the baselines: every surface form of the built spec, one alternation ----------------
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const spec = buildSpec(loadData(defaultDataDir()).catalogue);
const forms = [...new Set(spec.forms.map(([f]) => f))].sort((a, b) => b.length - a.length);
const screenMatcher = new Matcher(spec);
/** A jump's screen holds a name the extension would mark (or could, once the page confirms it). */
const namesIn = (text: string) => {
  const r = screenMatcher.scan(text);
  return r.mentions.length + r.pending.length > 0;
};
const PATTERN = forms.map((f) => escapeRegExp(f).replace(/\s+/g, '\\s+')).join('|');

// ---- Pages -----------------------------------------------------------------------------------------
interface PageDef {
  id: string;
  label: string;
  path: string;
  html: string;
  append: boolean;
  markjsReps: number;
}
const appendHtml = generateAppendSection(100_000);
const pages: PageDef[] = [
  {
    id: 'article-1mb',
    label: '1 MB article',
    path: '/bench/article-1mb.html',
    html: BENCH_PAGES['article-1mb'](),
    append: true,
    markjsReps: REPS,
  },
  {
    id: 'article-5mb',
    label: '5 MB article',
    path: '/bench/article-5mb.html',
    html: BENCH_PAGES['article-5mb'](),
    append: true,
    markjsReps: quick ? 0 : 1,
  },
  {
    id: 'comments-50k',
    label: '50k-node thread',
    path: '/bench/comments-50k.html',
    html: BENCH_PAGES['comments-50k'](),
    append: false,
    markjsReps: quick ? 0 : REPS,
  },
  // Pages dense with names, and pages that are one giant block (issue 15).
  {
    id: 'dense-100k',
    label: 'dense 100 KB article',
    path: '/bench/dense-100k.html',
    html: BENCH_PAGES['dense-100k'](),
    append: true,
    markjsReps: REPS,
  },
  {
    id: 'dense-1mb',
    label: 'dense 1 MB article',
    path: '/bench/dense-1mb.html',
    html: BENCH_PAGES['dense-1mb'](),
    append: true,
    markjsReps: quick ? 1 : REPS,
  },
  {
    id: 'dense-5mb',
    label: 'dense 5 MB article',
    path: '/bench/dense-5mb.html',
    html: BENCH_PAGES['dense-5mb'](),
    append: true,
    markjsReps: quick ? 0 : 1,
  },
  {
    id: 'pre-2mb',
    label: '2 MB in one <pre> text node',
    path: '/bench/pre-2mb.html',
    html: BENCH_PAGES['pre-2mb'](),
    append: true,
    markjsReps: quick ? 0 : 1,
  },
  {
    id: 'para-2mb',
    label: '2 MB in one paragraph',
    path: '/bench/para-2mb.html',
    html: BENCH_PAGES['para-2mb'](),
    append: true,
    markjsReps: quick ? 0 : 1,
  },
];
const onlyPages = args.get('pages')?.split(',');
if (onlyPages) pages.splice(0, pages.length, ...pages.filter((p) => onlyPages.includes(p.id)));

const server = await startServer();
for (const p of pages) server.route(p.path, { body: p.html });
log(
  `pages generated: ${pages.map((p) => `${p.id} ${kb(Buffer.byteLength(p.html))} HTML`).join(', ')}; pattern: ${forms.length} forms`,
);

const SHIM = 'globalThis.__name ??= (f) => f;'; // tsx/esbuild keepNames helper used inside evaluated functions
async function prepare(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript({ content: SHIM });
  await context.addInitScript(benchInitScript);
  return context;
}

// Other work in this tree may rebuild .output while the bench runs: load a private copy of the build.
if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
  throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npx wxt build\` first.`);
const extensionDir = join(mkdtempSync(join(tmpdir(), 'context-reader-bench-')), 'chrome-mv3');
cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
const bundle = measureBundle(extensionDir);
const loadAtStart = loadavg();
if (loadAtStart[0]! > 0.5)
  log(
    `warning: load average ${loadAtStart[0]!.toFixed(2)} at start: other processes compete for the ${cpus().length} cores, figures will be noisy`,
  );

const ext = await launchWithExtension({ extensionDir });
await prepare(ext.context);
let plain = await prepare(await launchPlain());
const version = await (async () => {
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  const v = (await cdp.send('Browser.getVersion')) as { product: string; userAgent: string };
  await page.close();
  return v;
})();
log(`${version.product}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
if (CPU_SLOWDOWN !== 1)
  log(`the pages' loads run with the renderer's CPU slowed ${CPU_SLOWDOWN}× (Chromium's throttling)`);

// ---- Marking, long tasks, heap, append; plain loads with the regex floor ------------------------------
const extRuns: Record<string, ExtensionLoad[]> = {};
const plainRuns: Record<string, PlainLoad[]> = {};
for (const p of pageParts ? pages : []) {
  extRuns[p.id] = [];
  plainRuns[p.id] = [];
  for (let i = 0; i < REPS; i++) {
    const slow = { cpuSlowdown: CPU_SLOWDOWN };
    const e = await loadWithExtension(
      ext.context,
      server.url(p.path),
      p.append ? appendHtml : undefined,
      namesIn,
      slow,
    );
    extRuns[p.id]!.push(e);
    const n = await loadPlain(plain, server.url(p.path), PATTERN, p.append ? appendHtml : undefined, slow);
    plainRuns[p.id]!.push(n);
    log(
      `${p.id} #${i + 1}: start→painted ${ms(e.painted - e.scriptStart)} (nav→painted ${ms(e.painted)}), viewport ${ms(e.viewportMarked - e.scriptStart)}, ` +
        `ext JS ${ms(e.cpu.cpuMs)} CPU, ${ms(e.cpu.totalMs)} wall (run ${ms(e.cpu.longestRunCappedMs)}, wall ${ms(e.cpu.longestRunMs)}: ${e.cpu.longestRunTop
          .slice(0, 4)
          .map((f) => `${f.fn} ${f.ms}`)
          .join(
            ', ',
          )}), longest task ${ms(e.longestTaskMs)} (from the script ${ms(e.longestTaskFromScriptMs)}, before it ${ms(e.longestTaskBeforeScriptMs)}) / alone ${ms(n.longestTaskMs)}, ` +
        `jump ${e.jumps.map((j) => ms(j.ms)).join('/')}, scroll ${ms(e.scroll.busyMs)} (task ${ms(e.scroll.longestMs)}) / alone ${ms(n.scroll.busyMs)} (${ms(n.scroll.longestMs)}), first move ${ms(e.scroll.firstMoveMs)} / ${ms(n.scroll.firstMoveMs)}, heap +${kb(e.heapUsed - n.heapUsed)}, ` +
        `slice ${ms(e.longestSliceMs)}, long tasks ${e.longTasks.map((t) => t.duration.toFixed(0)).join('/') || 'none'}, mentions ${e.mentions}` +
        (e.rescan ? `, append ${ms(e.rescan.ms)} (+${e.rescan.addedMentions})` : '') +
        ` | regex floor ${ms(n.regex?.cpuMs)} CPU, ${ms(n.regex?.totalMs)} wall (${n.regex?.matches} hits)`,
    );
  }
}

// ---- Cards ------------------------------------------------------------------------------------------
// The demo news article: a realistic page with many different mentions, all registered as highlights
// (on the generated megabyte pages only those near the screen are, which leaves one or two to hover).
const hovers = cardPart ? await measureCards(ext.context, server.url('/news-article.html'), HOVERS) : [];
log(`cards: ${hovers.map((h) => `${h.text} ${h.ms.toFixed(1)}`).join(', ')}`);

// ---- mark.js (last: a timeout costs a browser restart) ------------------------------------------------
const markjs: Record<string, MarkJsOutcome[]> = {};
for (const p of pageParts ? pages : []) {
  markjs[p.id] = [];
  for (let i = 0; i < p.markjsReps; i++) {
    const r = await runMarkJs(plain, server.url(p.path), PATTERN, MARKJS_TIMEOUT_MS, { cpuSlowdown: CPU_SLOWDOWN });
    markjs[p.id]!.push(r);
    log(
      `mark.js ${p.id} #${i + 1}: ${r.ok ? `${ms(r.run.paintedMs)} (${r.run.matches} marks)` : `> ${MARKJS_TIMEOUT_MS / 1000} s, stopped`}`,
    );
    if (!r.ok) {
      await plain.close().catch(() => undefined);
      plain = await prepare(await launchPlain());
      break;
    }
    if (r.run.paintedMs > 20_000) break; // one slow run is enough
  }
}

// ---- Bundle, popup ----------------------------------------------------------------------------------
const popup = only === 'cards' || only === 'entities' || onlyPages ? null : await measurePopup(ext, 10_000, log);
// Last: it tracks a name in this profile, which every later page load would mark.
const entities =
  only === undefined || only === 'entities'
    ? await measureEntityCollection(ext, server.url('/new-name.html'), log)
    : null;

await ext.close();
await plain.close();
await server.close();
rmSync(extensionDir, { recursive: true, force: true });

// ---- Report -----------------------------------------------------------------------------------------
const rows: Row[] = [];
const pass = (ok: boolean | null): Row['result'] => (ok === null ? '—' : ok ? 'PASS' : 'MISS');
const summary: Record<string, unknown> = {};

for (const p of pageParts ? pages : []) {
  const e = extRuns[p.id]!;
  const n = plainRuns[p.id]!;
  const navPainted = median(e.map((r) => r.painted));
  const startPainted = median(e.map((r) => r.painted - r.scriptStart));
  const scan = median(e.map((r) => r.done - r.scriptStart));
  const floor = median(n.map((r) => r.regex?.cpuMs ?? NaN));
  const floorWall = median(n.map((r) => r.regex?.totalMs ?? NaN));
  const mj = markjs[p.id]!;
  const mjOk = mj.filter((r): r is Extract<MarkJsOutcome, { ok: true }> => r.ok).map((r) => r.run.paintedMs);
  const mjTimedOut = mj.some((r) => !r.ok);
  const mjValue = mjTimedOut ? Infinity : median(mjOk);
  const vp = median(e.map((r) => r.viewportMarked - r.scriptStart));
  const vpPaint = median(e.map(viewportAfterPaint));
  const vpWait = median(e.map(viewportWait));
  const extTask = median(
    e.map((r) => max(r.longTasks.filter((t) => t.start + t.duration > r.scriptStart).map((t) => t.duration))),
  );
  const pageTask = median(
    n.map((r) => max(r.longTasksAfterLoad.filter((t) => t.start >= r.loadEventEnd).map((t) => t.duration))),
  );
  const loadExt = median(e.map((r) => r.loadEventEnd));
  const loadPlainMs = median(n.map((r) => r.loadEventEnd));
  const slice = median(e.map((r) => r.longestSliceMs));
  const heapExt = median(e.map((r) => r.heapUsed));
  const heapPlain = median(n.map((r) => r.heapUsed));
  const L = p.label;
  const dense5 = p.id === 'dense-5mb';
  // CPU time, the floor's too: the samples' wall time held stretches in which the page's main thread was
  // not running (tasks with our code in them, traced: 37-61 ms of wall time, 32-38 ms of CPU on the dense
  // 100 KB page), and so, once in five runs, did the floor's on the idle page (45.9 ms for 33.9 of CPU).
  const extJs = median(e.map((r) => r.cpu.cpuMs));
  const extJsSampled = median(e.map((r) => r.cpu.totalMs));
  const run = median(e.map((r) => r.cpu.longestRunCappedMs));
  const runWall = median(e.map((r) => r.cpu.longestRunMs));
  const taskExt = median(e.map((r) => r.longestTaskMs));
  const taskFromScript = median(e.map((r) => r.longestTaskFromScriptMs));
  const taskBeforeScript = median(e.map((r) => r.longestTaskBeforeScriptMs));
  const taskAlone = median(n.map((r) => r.longestTaskMs));
  const jump50 = median(e.map((r) => r.jumps[0]?.ms ?? NaN));
  const jump90 = median(e.map((r) => r.jumps[1]?.ms ?? NaN));
  // A jump with no mark is a miss unless the screen held nothing to mark (every load said so).
  const noneDue = (i: number) => e.every((r) => r.jumps[i]?.noMention === true);
  const jumpOk = (v: number, i: number) => v <= 100 || (Number.isNaN(v) && noneDue(i));
  const jumpText = (v: number, i: number) => (Number.isNaN(v) && noneDue(i) ? 'none due' : ms(v));
  const jsTarget = dense5 ? 1.5 : 2;
  const heapTarget = dense5 ? 10.5 * 1024 * 1024 : p.id === 'dense-100k' ? 1.3 * 1024 * 1024 : null;
  const mjText = mj.length
    ? mjTimedOut
      ? `mark.js > ${MARKJS_TIMEOUT_MS / 1000} s`
      : `mark.js ${ms(mjValue)}`
    : 'mark.js not run';
  rows.push({
    section: L,
    figure: `extension main-thread JS (CPU time: profile × trace, nav → painted)`,
    value: ms(extJs),
    baseline: `regex floor ${ms(floor)}; ${mjText}; wall ${ms(extJsSampled)} / ${ms(floorWall)}`,
    ratio: fmtRatio(ratio(extJs, floor)),
    target: `≤ ${jsTarget}× floor`,
    result: pass((ratio(extJs, floor) ?? Infinity) <= jsTarget),
  });
  rows.push({
    section: L,
    figure: `longest unbroken extension run (profile, samples ≤ 1 ms each)`,
    value: ms(run),
    baseline: `wall clock ${ms(runWall)}`,
    ratio: '',
    target: '≤ 30 ms',
    result: pass(run <= 30),
  });
  // From the content script's first task on: before it the load's tasks are the page's parsing and
  // frames (ours only our scripts' evaluation at document_start, 12-15 ms inside the first parse task),
  // and their longest moves by 100 ms and more between loads of the same page
  // alone (README, "longest task of the load"); judged against the page's longest of its whole load.
  rows.push({
    section: L,
    figure: `longest task of the load from the script's first task, with it / page alone`,
    value: ms(taskFromScript),
    baseline: `alone ${ms(taskAlone)}; with it, before the script ${ms(taskBeforeScript)}, whole load ${ms(taskExt)}`,
    ratio: `${taskFromScript >= taskAlone ? '+' : '−'}${ms(Math.abs(taskFromScript - taskAlone))}`,
    target: '≤ +30 ms',
    result: pass(taskFromScript - taskAlone <= 30),
  });
  rows.push({
    section: L,
    figure: `script start → all marked + painted (scan ${ms(scan)})`,
    value: ms(startPainted),
    baseline: `nav → painted ${ms(navPainted)}, load ${ms(loadExt)} / alone ${ms(loadPlainMs)}`,
    ratio: '',
    target: '',
    result: '—',
  });
  rows.push({
    section: L,
    figure: `first viewport marked (from script start or first paint, the later), less the page's own work`,
    value: ms(vpWait),
    baseline: `wall ${ms(vpPaint)}, page's own tasks in it ${ms(median(e.map((r) => r.viewportPageWorkMs)))}; start → in the next frame ${ms(median(e.map((r) => r.firstFrame - r.scriptStart)))}`,
    ratio: '',
    target: '≤ 50 ms',
    result: pass(vpWait <= 50),
  });
  rows.push({
    section: L,
    figure: `jump to 50% / 90% → a mark in view (none due: no name on that screen)`,
    value: `${jumpText(jump50, 0)} / ${jumpText(jump90, 1)}`,
    baseline: '',
    ratio: '',
    target: '≤ 100 ms',
    result: pass(jumpOk(jump50, 0) && jumpOk(jump90, 1)),
  });
  const scrollExt = median(e.map((r) => r.scroll.busyMs));
  const scrollAlone = median(n.map((r) => r.scroll.busyMs));
  const scrollTask = median(e.map((r) => r.scroll.longestMs));
  const scrollTaskAlone = median(n.map((r) => r.scroll.longestMs));
  rows.push({
    section: L,
    figure: `scroll after marking, 30 wheel steps of 300 px: main thread busy`,
    value: ms(scrollExt),
    baseline: `alone ${ms(scrollAlone)}`,
    ratio: fmtRatio(ratio(scrollExt, scrollAlone)),
    target: '',
    result: '—',
  });
  rows.push({
    section: L,
    figure: `longest task while scrolling, with it / page alone`,
    value: ms(scrollTask),
    baseline: `alone ${ms(scrollTaskAlone)}`,
    ratio: `+${ms(scrollTask - scrollTaskAlone)}`,
    target: '≤ +30 ms',
    result: pass(scrollTask - scrollTaskAlone <= 30),
  });
  const moveTask = median(e.map((r) => r.scroll.firstMoveMs));
  const moveTaskAlone = median(n.map((r) => r.scroll.firstMoveMs));
  rows.push({
    section: L,
    figure: `first pointer move after marking: longest task, with it / page alone`,
    value: ms(moveTask),
    baseline: `alone ${ms(moveTaskAlone)}`,
    ratio: `+${ms(moveTask - moveTaskAlone)}`,
    target: '≤ +30 ms',
    result: pass(moveTask - moveTaskAlone <= 30),
  });
  rows.push({
    section: L,
    figure: `longest scanner slice (stats.longestSliceMs)`,
    value: ms(slice),
    baseline: `long tasks after start: ${extTask ? ms(extTask) : 'none'}`,
    ratio: '',
    target: '',
    result: '—',
  });
  rows.push({
    section: L,
    figure: `JS heap after GC, with minus without (${median(e.map((r) => r.mentions))} ranges registered)`,
    value: kb(heapExt - heapPlain),
    baseline: `page alone ${kb(heapPlain)}`,
    ratio: '',
    target: heapTarget ? `≤ ${kb(heapTarget)}` : '',
    result: heapTarget ? pass(heapExt - heapPlain <= heapTarget) : '—',
  });
  if (p.append) {
    const ap = median(e.map((r) => r.rescan?.ms ?? NaN));
    const own = median(n.map((r) => r.appendFrameMs ?? NaN));
    rows.push({
      section: L,
      figure: `append ~100 KB → marked (rescan-done, +${median(e.map((r) => r.rescan?.addedMentions ?? NaN))})`,
      value: ms(ap),
      baseline: `no ext: append → frame ${ms(own)}`,
      ratio: '',
      target: '≤ 20 ms',
      result: pass(ap <= 20),
    });
  }
  summary[p.id] = {
    viewportFromPaint: vpPaint,
    viewportWait: vpWait,
    firstFrameWait: median(e.map((r) => r.firstFrame - r.scriptStart)),
    extJs,
    longestRun: run,
    longestRunWall: runWall,
    longestTask: taskExt,
    longestTaskAlone: taskAlone,
    longestTaskFromScript: taskFromScript,
    longestTaskBeforeScript: taskBeforeScript,
    jump50,
    jump90,
    scrollBusy: scrollExt,
    scrollBusyAlone: scrollAlone,
    scrollLongestTask: scrollTask,
    scrollLongestTaskAlone: scrollTaskAlone,
    firstMoveTask: moveTask,
    firstMoveTaskAlone: moveTaskAlone,
    extTop: e[0]?.cpu.top,
    loadExt,
    loadPlain: loadPlainMs,
    navPainted,
    startPainted,
    scan,
    floor,
    markjs: mjTimedOut ? `> ${MARKJS_TIMEOUT_MS / 1000} s` : mjValue,
    viewport: vp,
    extLongestTask: extTask,
    pageLongestTaskAfterLoad: pageTask,
    longestSlice: slice,
    heapAdded: heapExt - heapPlain,
    mentions: median(e.map((r) => r.mentions)),
    textNodes: e[0]?.textNodes,
    textChars: e[0]?.textChars,
  };
}
const cardMs = median(hovers.map((h) => h.ms));
if (cardPart)
  rows.push({
    section: 'Cards',
    figure: `hover delay elapsed → card painted (median of ${hovers.length})`,
    value: ms(cardMs),
    baseline: `max ${ms(max(hovers.map((h) => h.ms)))}`,
    ratio: '',
    target: '≤ 16 ms',
    result: pass(hovers.length > 0 && cardMs <= 16),
  });
rows.push({
  section: 'Bundle',
  figure: 'content-main.js gzip -9 (raw)',
  value: `${kb(bundle.js.gzip)} (${kb(bundle.js.raw)})`,
  baseline: '',
  ratio: '',
  target: '≤ 50 KB',
  result: pass(bundle.js.gzip <= 50 * 1024),
});
rows.push({
  section: 'Bundle',
  figure: 'injected CSS gzip -9 (raw)',
  value: `${kb(bundle.css.gzip)} (${kb(bundle.css.raw)})`,
  baseline: '',
  ratio: '',
  target: '',
  result: '—',
});
rows.push({
  section: 'Bundle',
  figure: 'marks-style.js gzip -9 (raw)',
  value: `${kb(bundle.start.gzip)} (${kb(bundle.start.raw)})`,
  baseline: '',
  ratio: '',
  target: '',
  result: '—',
});
rows.push({
  section: 'Bundle',
  figure: 'injected total gzip -9 (raw)',
  value: `${kb(bundle.total.gzip)} (${kb(bundle.total.raw)})`,
  baseline: '',
  ratio: '',
  target: '≤ 50 KB',
  result: pass(bundle.total.gzip <= 50 * 1024),
});
if (popup) {
  const P = 'Popup (10,000 clips)';
  rows.push({
    section: P,
    figure: `navigation → first list on screen (median of ${popup.firstRenders.length})`,
    value: ms(popup.firstRenderMs),
    baseline: `max ${ms(max(popup.firstRenders))}`,
    ratio: '',
    target: '≤ 150 ms',
    result: pass(popup.firstRenderMs <= 150),
  });
  rows.push({
    section: P,
    figure: '  same, first open after seeding (index cold)',
    value: ms(popup.firstRenderColdMs),
    baseline: '',
    ratio: '',
    target: '(≤ 150 ms)',
    result: '—',
  });
  rows.push({
    section: P,
    figure: `search keystroke → results committed (median of ${popup.keystrokes.length})`,
    value: ms(popup.keystrokeMs),
    baseline: `max ${ms(popup.keystrokeMaxMs)}`,
    ratio: '',
    target: '≤ 30 ms',
    result: pass(popup.keystrokeMs <= 30),
  });
  rows.push({
    section: P,
    figure: '  same, typed at first open (index cold)',
    value: ms(median(popup.coldKeystrokes.map((k) => k.ms))),
    baseline: `max ${ms(max(popup.coldKeystrokes.map((k) => k.ms)))}`,
    ratio: '',
    target: '',
    result: '—',
  });
  if (popup.restart) {
    const ks = popup.restart.keystrokes.map((k) => k.ms);
    rows.push({
      section: P,
      figure: `after a worker restart: navigation → first list on screen (median of ${popup.restart.firstRenders.length})`,
      value: ms(popup.restart.firstRenderMs),
      baseline: `max ${ms(max(popup.restart.firstRenders))}`,
      ratio: '',
      target: '≤ 150 ms',
      result: pass(popup.restart.firstRenderMs <= 150),
    });
    rows.push({
      section: P,
      figure: `  same, the worker's answer (the stored first page shown until then)`,
      value: popup.restart.answerMs === null ? '—' : ms(popup.restart.answerMs),
      baseline: popup.restart.replaced ? 'rows drawn again' : 'same rows',
      ratio: '',
      target: '',
      result: '—',
    });
    rows.push({
      section: P,
      figure: `after a worker restart: keystroke, fewer matches than a page (median of ${ks.length})`,
      value: ms(median(ks)),
      baseline: `max ${ms(max(ks))}`,
      ratio: '',
      target: '≤ 30 ms',
      result: pass(median(ks) <= 30),
    });
  }
  rows.push({
    section: P,
    figure: `"Save page", 1 MB article → saved (median of ${popup.saves.length})`,
    value: ms(popup.saveMs),
    baseline: `max ${ms(max(popup.saves))}`,
    ratio: '',
    target: '',
    result: '—',
  });
}

if (entities) {
  const E = `Your entities (${entities.clips.toLocaleString('en')} clips)`;
  rows.push({
    section: E,
    figure: `re-scan of every clip after "Track" (${Math.round(entities.rescanRate)} clips/s)`,
    value: ms(entities.rescanMs),
    baseline: '',
    ratio: '',
    target: '≤ 60 s',
    result: pass(entities.rescanMs <= 60_000),
  });
  rows.push({
    section: E,
    figure: `  library page's longest task meanwhile (${entities.libraryLongTasks.length} over 50 ms, ${entities.progressUpdates} progress updates)`,
    value: ms(max(entities.libraryLongTasks)),
    baseline: '',
    ratio: '',
    target: 'none > 50 ms',
    result: pass(entities.libraryLongTasks.length === 0),
  });
  rows.push({
    section: E,
    figure: `card with ${entities.ownTotal} passages: hover delay → painted (median of ${entities.ownCards.length})`,
    value: ms(entities.ownCardMs),
    baseline: `max ${ms(max(entities.ownCards.map((h) => h.ms)))}`,
    ratio: '',
    target: '≤ 16 ms',
    result: pass(entities.ownCards.length > 0 && entities.ownTotal === entities.passages && entities.ownCardMs <= 16),
  });
  rows.push({
    section: E,
    figure: `  catalogue cards on the same page, passages from the same clips (median of ${entities.corpusCards.length})`,
    value: ms(median(entities.corpusCards.map((h) => h.ms))),
    baseline: `max ${ms(max(entities.corpusCards.map((h) => h.ms)))}`,
    ratio: '',
    target: '(≤ 16 ms)',
    result: '—',
  });
}

printTable(rows);
if (CPU_SLOWDOWN !== 1)
  log(`pages measured with the CPU slowed ${CPU_SLOWDOWN}× (--cpu-slowdown); the popup and cards not`);
const elapsed = (Date.now() - started) / 1000;
const outDir = resolve('bench-results');
mkdirSync(outDir, { recursive: true });
const json = {
  date: new Date().toISOString(),
  elapsedSeconds: elapsed,
  chromium: version,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? null,
    platform: platform(),
    release: release(),
    totalMemBytes: totalmem(),
    node: process.version,
  },
  loadAverage: { start: loadAtStart, end: loadavg() },
  options: {
    reps: REPS,
    markjsTimeoutMs: MARKJS_TIMEOUT_MS,
    hovers: HOVERS,
    patternForms: forms.length,
    cpuSlowdown: CPU_SLOWDOWN,
  },
  pages: pages.map((p) => ({ id: p.id, label: p.label, htmlBytes: Buffer.byteLength(p.html) })),
  summary,
  rows,
  raw: { extension: extRuns, plain: plainRuns, markjs, cards: hovers, bundle, popup, entities },
};
// A partial or slowed run never replaces the full results.
const outFile = !pageParts
  ? `only-${only}.json`
  : CPU_SLOWDOWN !== 1
    ? `slowdown-${CPU_SLOWDOWN}.json`
    : onlyPages
      ? 'only-pages.json'
      : 'latest.json';
writeFileSync(resolve(outDir, outFile), `${JSON.stringify(json, null, 2)}\n`);
log(`wrote bench-results/${outFile} (${elapsed.toFixed(0)} s in all)`);
