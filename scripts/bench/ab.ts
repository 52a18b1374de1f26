/**
 * A/B of two builds of the extension on the same pages, loads interleaved (the figures issue 15's
 * scanner work is judged by: extension JS, longest unbroken run, longest slice, first viewport; and the
 * highlight window's: jumps to 50% / 90% → a mark in view, the longest task while the wheel scrolls).
 *   npx tsx scripts/bench/ab.ts --a=/tmp/ext-before --b=.output/chrome-mv3 --pages=dense-5mb,para-2mb --reps=3
 * --cpu-slowdown=N runs every load under Chromium's CPU throttling (a slower machine's view).
 */
import { loadavg } from 'node:os';
import { launchWithExtension } from '../../tests/support/browser';
import { startServer } from '../../tests/support/server';
import { benchInitScript } from './browsers';
import { loadWithExtension, viewportAfterPaint, viewportWait, type ExtensionLoad } from './marking';
import { median } from './stats';
import { BENCH_PAGES, benchPageIds } from './pages';

const args = new Map(
  process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0]!, a.split('=')[1] ?? 'true']),
);
const REPS = Number(args.get('reps') ?? 3);
const slow = { cpuSlowdown: Number(args.get('cpu-slowdown') ?? 1) };
const ids = benchPageIds(args.get('pages'), ['dense-5mb', 'para-2mb']);
const server = await startServer();
for (const id of ids) server.route(`/bench/${id}.html`, { body: BENCH_PAGES[id]() });
const builds = { a: args.get('a')!, b: args.get('b')! };
const browsers = {
  a: await launchWithExtension({ extensionDir: builds.a }),
  b: await launchWithExtension({ extensionDir: builds.b }),
};
for (const x of Object.values(browsers)) {
  await x.context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await x.context.addInitScript(benchInitScript);
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const f = (n: number) => n.toFixed(1);
const jumps = (e: ExtensionLoad) => e.jumps.map((j) => (j.noMention ? 'none due' : f(j.ms))).join(' / ');
for (const id of ids) {
  const runs: Record<'a' | 'b', ExtensionLoad[]> = { a: [], b: [] };
  for (let i = 0; i < REPS; i++)
    for (const k of ['a', 'b'] as const) {
      const e = await loadWithExtension(
        browsers[k].context,
        server.url(`/bench/${id}.html`),
        undefined,
        undefined,
        slow,
      );
      runs[k].push(e);
      console.log(
        `${id} ${k} #${i + 1}: JS ${f(e.cpu.cpuMs)} (sampled ${f(e.cpu.totalMs)}) run ${f(e.cpu.longestRunCappedMs)} (wall ${f(e.cpu.longestRunMs)}: ${e.cpu.longestRunTop
          .slice(0, 3)
          .map((t) => `${t.fn} ${t.ms}`)
          .join(
            ', ',
          )}) slice ${f(e.longestSliceMs)} task ${f(e.longestTaskMs)} (from the script ${f(e.longestTaskFromScriptMs)}) viewport ${f(viewportAfterPaint(e))} (less the page's work: ${f(viewportWait(e))}) start→painted ${f(e.painted - e.scriptStart)} jumps ${jumps(e)} scroll's longest task ${f(e.scroll.longestMs)}`,
      );
    }
  for (const k of ['a', 'b'] as const) {
    const r = runs[k];
    console.log(
      `${id} ${k} median: JS ${f(median(r.map((e) => e.cpu.cpuMs)))} (sampled ${f(median(r.map((e) => e.cpu.totalMs)))}), run ${f(median(r.map((e) => e.cpu.longestRunCappedMs)))}, slice ${f(median(r.map((e) => e.longestSliceMs)))}, task ${f(median(r.map((e) => e.longestTaskMs)))}, viewport ${f(median(r.map(viewportAfterPaint)))} (less the page's work: ${f(median(r.map(viewportWait)))}), start→painted ${f(median(r.map((e) => e.painted - e.scriptStart)))}, jumps ${[0, 1].map((j) => f(median(r.map((e) => e.jumps[j]?.ms ?? NaN)))).join(' / ')}, scroll's longest task ${f(median(r.map((e) => e.scroll.longestMs)))}; top ${JSON.stringify(r[0]!.cpu.top.slice(0, 6))}`,
    );
  }
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const x of Object.values(browsers)) await x.close();
await server.close();
