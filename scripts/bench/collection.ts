/**
 * The collection at 100,000 clips (issue 10), in real Chromium with the built extension:
 *
 * 1. import: a 100,000-clip export file (one clip per line, as the exporter writes it) chosen in the
 *    library page's file input → the "Imported" notice (checked, parsed and written in batches);
 * 2. library first paint: library.html opened on the full collection, navigation start → the first
 *    list committed and a frame painted ('library:list-rendered');
 * 3. export: "Export JSON" and "Export Markdown" clicked → the download complete on disk.
 *
 * Clips are short articles and passages (~1,000 characters of text, the same as HTML and Markdown),
 * so the file is ~0.4 GB; the figures say how large it was. Prints figures; asserts nothing.
 *
 * The import also reports the CPU seconds Chromium used for it (/proc), which, unlike its wall time,
 * does not depend on what else the machine runs. --no-markdown skips the Markdown export.
 *
 *   npm run build && npx tsx scripts/bench/collection.ts [--clips=100000] [--no-markdown]
 */
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../../tests/support/browser';
import { prng } from '../../tests/support/prng';

const n = Number(process.argv.find((a) => a.startsWith('--clips='))?.slice(8) ?? 100_000);
const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

const WORDS = (
  'security treaty organization summit minister council defence border drug trafficking agreement meeting talks military exercise troops ' +
  'officials moscow beijing astana bishkek dushanbe tashkent region regional patrushev bordyuzha kanal heroin seized tonnes operation channel ' +
  'the of and to in is that for it as was with be by on not this are or from at which but have an they were all there would their'
).split(' ');
const ENTITIES = [
  'csto',
  'sco',
  'cis',
  'rats',
  'operation-kanal',
  'nikolai-patrushev',
  'nikolai-bordyuzha',
  'rashid-nurgaliyev',
];

async function writeExport(path: string): Promise<void> {
  const rnd = prng(7);
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`{"format":"context-reader-clips","version":1,"exportedAt":"${new Date().toISOString()}","clips":[\n`);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const words = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
    const text = `${words(150)}.`;
    const id = `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${Math.floor(rnd() * 2 ** 48)
      .toString(16)
      .padStart(12, '0')}`;
    const url = `https://news${i % 50}.example.com/a/${i}`;
    const clip = {
      id,
      kind: i % 6 === 0 ? 'selection' : 'page',
      url,
      urlKey: url,
      title: words(9),
      siteName: `News ${i % 50}`,
      excerpt: text.slice(0, 200),
      text,
      html: `<p>${text}</p>`,
      markdown: text,
      entities: [...new Set([ENTITIES[i % 8]!, ENTITIES[Math.floor(rnd() * 8)]!])],
      note: i % 10 === 0 ? words(12) : '',
      tags: i % 3 === 0 ? ['security'] : [],
      savedAt: t0 + i * 60_000,
      updatedAt: t0 + i * 60_000,
    };
    await write(`${i === 0 ? '' : ',\n'}${JSON.stringify(clip)}`);
  }
  await write('\n]}\n');
  await new Promise<void>((r) => out.end(r));
}

/**
 * CPU seconds (user + system) used so far by this script's Chromium processes (the browser's and every
 * renderer's, IndexedDB's backend included), from /proc: a figure that, unlike wall time, does not grow
 * with what else the machine runs. null where /proc is not there.
 */
function browserCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name (which may hold spaces, hence the last ')'): state ppid … utime stime.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      cpu.set(Number(name), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the process ended while it was read
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

const dir = await mkdtemp(join(tmpdir(), 'cr-bench-collection-'));
const ext = await launchWithExtension();
try {
  const file = join(dir, 'context-reader-clips-bench.json');
  await writeExport(file);
  const size = (await stat(file)).size;
  log(`${n.toLocaleString()} clips, export file ${(size / 2 ** 20).toFixed(0)} MB`);

  const library = await ext.context.newPage();
  await library.goto(`chrome-extension://${ext.extensionId}/library.html`);
  await library.locator('.top h1').waitFor();
  let t = performance.now();
  const cpu0 = browserCpuSeconds();
  await library.locator('input[type="file"]').setInputFiles(file);
  await library.locator('.notice.success, .notice.error').first().waitFor({ timeout: 600_000 });
  const importMs = performance.now() - t;
  const cpu1 = browserCpuSeconds();
  const cpuNote = cpu0 !== null && cpu1 !== null ? `, ${(cpu1 - cpu0).toFixed(1)} CPU-s in Chromium` : '';
  log(
    `import: ${(importMs / 1000).toFixed(1)} s${cpuNote} (load average ${loadavg()[0]!.toFixed(1)}) — ${await library.locator('.notice .notice-text').first().textContent()}`,
  );

  const paints: number[] = [];
  for (let i = 0; i < 5; i++) {
    await library.goto('about:blank');
    await library.goto(`chrome-extension://${ext.extensionId}/library.html`);
    await library.waitForFunction(() => performance.getEntriesByName('library:list-rendered').length > 0, null, {
      timeout: 120_000,
    });
    paints.push(await library.evaluate(() => performance.getEntriesByName('library:list-rendered')[0]!.startTime));
  }
  log(`library first paint: ${paints.map((p) => p.toFixed(0)).join(', ')} ms (first is right after the import)`);

  const exports = [
    ['Export JSON', 'json'],
    ['Export Markdown', 'markdown zip'],
  ] as const;
  for (const [button, name] of process.argv.includes('--no-markdown') ? exports.slice(0, 1) : exports) {
    t = performance.now();
    const download = library.waitForEvent('download', { timeout: 600_000 });
    await library.getByRole('button', { name: button }).click();
    const path = await (await download).path();
    const ms = performance.now() - t;
    log(`export ${name}: ${(ms / 1000).toFixed(1)} s, ${((await stat(path)).size / 2 ** 20).toFixed(0)} MB`);
  }
} finally {
  await ext.close();
  await rm(dir, { recursive: true, force: true });
}
