/**
 * Diagnostics behind the benchmark's figures (not part of `npm run bench`):
 *   npx tsx scripts/bench/profile.ts [load|scan|append] [page]
 * load:   navigation → DCL / load with the full extension, its JS only, its CSS only, and none;
 * scan:   CPU profile (CDP Profiler, 100 µs sampling) from navigation to 'context-reader:done', self time
 *         per function of the content script, with the minified source around each hot spot;
 * append: the same for the ~100 KB append, from the append to 'context-reader:rescan-done'.
 * page: any page id of scripts/bench/pages.ts (default article-5mb).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension } from '../../tests/support/browser';
import { generateAppendSection } from '../../tests/support/generate-pages';
import { startServer } from '../../tests/support/server';
import { benchInitScript, launchPlain } from './browsers';
import { BENCH_PAGES, benchPageIds, type BenchPageId } from './pages';
import { median } from './stats';

const mode = process.argv[2] ?? 'scan';
// The bench's own pages (scripts/bench/pages.ts): an unknown id names the ones there are.
const [pageId] = benchPageIds(process.argv[3], ['article-5mb']) as [BenchPageId];
const html = BENCH_PAGES[pageId]();
const server = await startServer();
server.route('/p.html', { body: html });
const url = server.url('/p.html');
const SHIM = 'globalThis.__name ??= (f) => f;';

function variant(name: string, edit: (m: { content_scripts: { js?: string[]; css?: string[] }[] }) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cr-profile-')), name);
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Parameters<typeof edit>[0];
  edit(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

async function prep(c: BrowserContext) {
  await c.addInitScript({ content: SHIM });
  await c.addInitScript(benchInitScript);
  return c;
}

async function timing(page: Page) {
  return page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { responseEnd: n.responseEnd, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
}

if (mode === 'load') {
  const variants: [string, () => Promise<{ context: BrowserContext; close(): Promise<void> }>][] = [
    [
      'none',
      async () => {
        const c = await launchPlain();
        return { context: c, close: () => c.close() };
      },
    ],
    ['full', () => launchWithExtension({ extensionDir: variant('full', () => undefined) })],
    [
      'css-only',
      () => launchWithExtension({ extensionDir: variant('css', (m) => m.content_scripts.forEach((c) => delete c.js)) }),
    ],
    [
      'js-only',
      () => launchWithExtension({ extensionDir: variant('js', (m) => m.content_scripts.forEach((c) => delete c.css)) }),
    ],
  ];
  for (const [name, launch] of variants) {
    const b = await launch();
    await prep(b.context);
    const loads: number[] = [];
    const dcls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await b.context.newPage();
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      const t = await timing(page);
      loads.push(t.load);
      dcls.push(t.dcl);
      await page.waitForTimeout(1500);
      await page.close();
    }
    console.log(
      `${name.padEnd(9)} DCL ${median(dcls).toFixed(0)} ms, load ${median(loads).toFixed(0)} ms   (${loads.map((x) => x.toFixed(0)).join(', ')})`,
    );
    await b.close();
  }
} else {
  const ext = await launchWithExtension();
  await prep(ext.context);
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  if (mode === 'scan') {
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(
      () => (window as unknown as { __bench: { paintedAt: number } }).__bench.paintedAt >= 0,
      null,
      { timeout: 120_000 },
    );
  } else {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(
      () => (window as unknown as { __bench: { paintedAt: number } }).__bench.paintedAt >= 0,
      null,
      { timeout: 120_000 },
    );
    await page.waitForTimeout(500);
    const section = generateAppendSection(100_000);
    await cdp.send('Profiler.start');
    const t0 = await page.evaluate((h) => {
      const tpl = document.createElement('template');
      tpl.innerHTML = h;
      const t = performance.now();
      document.querySelector('article')!.append(tpl.content);
      return t;
    }, section);
    await page.waitForFunction(
      (t0) => performance.getEntriesByName('context-reader:rescan-done').some((e) => e.startTime >= t0),
      t0,
    );
    console.log(
      'append → rescan-done',
      await page.evaluate(
        (t0) =>
          performance.getEntriesByName('context-reader:rescan-done').find((e) => e.startTime >= t0)!.startTime - t0,
        t0,
      ),
    );
  }
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
      }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(`bench-results/profile-${mode}-${pageId}.cpuprofile`, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    const cf = n.callFrame;
    const key = cf.url.includes('content-main.js')
      ? `content-main.js:${cf.lineNumber}:${cf.columnNumber} ${cf.functionName || '(anon)'}`
      : cf.functionName || cf.url.split('/').pop() || '(native)';
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const src = readFileSync(join(EXTENSION_DIR, 'content-main.js'), 'utf8').split('\n');
  console.log(`profile: ${total.toFixed(0)} ms sampled`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    let snippet = '';
    const m = /^content-main\.js:(\d+):(\d+)/.exec(k);
    if (m) snippet = src[Number(m[1])]!.slice(Number(m[2]), Number(m[2]) + 110).replace(/\s+/g, ' ');
    console.log(`${v.toFixed(1).padStart(8)} ms  ${k}  ${snippet}`);
  }
  await ext.close();
}
await server.close();
