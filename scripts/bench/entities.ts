/**
 * The reader's entities against the budgets of issue 14, as ratios against a catalogue-only run:
 * 1,000 entities with 5,000 aliases (Latin and Russian, inflected through the catalogue's paradigms).
 * - matcher ready: building the automaton from the compiled form (what a content script does per frame);
 * - memory: heap held by the matcher above the catalogue-only one (node --expose-gc);
 * - marking: one scan of ~1 MB of article text.
 * Run: node --expose-gc --import tsx scripts/bench/entities.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileEntities, mergeSpec } from '../../lib/entities/compile';
import { ReaderEntity } from '../../lib/entities/schema';
import { loadData } from '../../lib/kb/load';
import { defaultDataDir } from '../../lib/kb/vite-plugin';
import { Matcher } from '../../lib/match/matcher';
import { buildSpec } from '../../lib/match/spec';

const gc = (globalThis as { gc?: () => void }).gc;
const data = loadData(defaultDataDir());
const spec = buildSpec(data.catalogue);

const LAT = 'bcdfghklmnprstvz';
const CYR = 'бвгдклмнпрстфхз';
const VOW = 'aeiou';
const CVOW = 'аеиоу';
function word(i: number, cons: string, vows: string, len: number): string {
  let s = '';
  let n = i * 7919 + 13;
  for (let k = 0; k < len; k++) {
    s += k % 2 === 0 ? cons.charAt(n % cons.length) : vows.charAt(n % vows.length);
    n = Math.floor(n / 3) + k * 31 + i;
  }
  return s[0]!.toUpperCase() + s.slice(1);
}
const entities = Array.from({ length: 1_000 }, (_, i) =>
  ReaderEntity.parse({
    id: `u-bench${String(i).padStart(6, '0')}`,
    name: `${word(i, LAT, VOW, 6)} ${word(i + 5_000, LAT, VOW, 8)}ov`,
    type: i % 3 === 0 ? 'organisation' : 'person',
    aliases: [
      { text: `${word(i + 5_000, LAT, VOW, 8)}ov` },
      { text: `${word(i, LAT, VOW, 6)} ${word(i + 5_000, LAT, VOW, 8)}ov` },
      { text: `${word(i + 5_000, CYR, CVOW, 8)}ов` },
      { text: `${word(i, CYR, CVOW, 6)} ${word(i + 5_000, CYR, CVOW, 8)}ов` },
      { text: word(i + 9_000, LAT, VOW, 5).toUpperCase(), case: 'sensitive', inflect: 'none' },
    ],
    createdAt: 1,
    updatedAt: 1,
  }),
);
const compiled = compileEntities(entities, spec.paradigms!, spec);
const stored = JSON.stringify(compiled);

const docs = data.documents.map((d) => d.text).join('\n\u2029');
const pages = ['news-article.html', 'new-name.html']
  .map((f) => readFileSync(join('tests/pages', f), 'utf8').replace(/<[^>]+>/g, ' '))
  .join('\u2029');
let text = '';
while (text.length < 1_000_000) text += `${docs}\u2029${pages}\u2029`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function time(f: () => void, runs = 9): number {
  f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return median(out);
}
function heldBy(make: () => unknown): number {
  if (!gc) return NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = make();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (!keep) throw new Error('unreachable');
  return after - before;
}

const readyBase = time(() => new Matcher(spec));
const readyOwn = time(() => new Matcher(mergeSpec(spec, JSON.parse(stored) as typeof compiled)));
const memBase = heldBy(() => new Matcher(spec));
const memOwn = heldBy(() => new Matcher(mergeSpec(spec, JSON.parse(stored) as typeof compiled)));
const base = new Matcher(spec);
const own = new Matcher(mergeSpec(spec, compiled));
const scanBase = time(() => base.scan(text));
const scanOwn = time(() => own.scan(text));

const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(
  `reader entities: ${entities.length}, aliases: ${compiled.rules.length}, surface forms: ${compiled.forms.length}, compiled form in storage: ${(stored.length / 1024).toFixed(0)} KB`,
);
console.log(
  `matcher ready (parse + build, median of 9): catalogue ${readyBase.toFixed(1)} ms, with entities ${readyOwn.toFixed(1)} ms (+${(readyOwn - readyBase).toFixed(1)} ms; budget ≤ 30 ms)`,
);
console.log(
  `matcher heap: catalogue ${mb(memBase)} MB, with entities ${mb(memOwn)} MB (+${mb(memOwn - memBase)} MB; budget ≤ 2 MB)`,
);
console.log(
  `marking ${(text.length / 1e6).toFixed(2)} MB of text: catalogue ${scanBase.toFixed(1)} ms, with entities ${scanOwn.toFixed(1)} ms (×${(scanOwn / scanBase).toFixed(2)}; budget ≤ 1.1×)`,
);
