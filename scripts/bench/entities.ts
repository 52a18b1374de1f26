/**
 * The reader's entities against the budgets of issue 14, as ratios against a catalogue-only run:
 * 1,000 entities with 5,000 aliases (Latin and Russian, inflected through the catalogue's paradigms).
 * - matcher ready: what a content script does per frame: parse the stored pack (lib/entities/pack.ts)
 *   and load its automaton; the catalogue-only frame builds from the bundled spec. Also the fallback
 *   (no pack: build from the compiled list) and 20 frames one after another;
 * - memory: JS heap plus typed-array backing stores held by the matcher (node --expose-gc): the
 *   automaton lives in typed arrays, which heapUsed alone does not count;
 * - marking: one scan of ~1 MB of article text.
 * Run: node --expose-gc --import tsx scripts/bench/entities.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileEntities, mergeSpec } from '../../lib/entities/compile';
import { corpusRules, packEntities, unpackMatcher } from '../../lib/entities/pack';
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
const pack = JSON.stringify(packEntities(spec, compiled));
const rules = corpusRules(spec);
// What a frame keeps: the matcher and the names for the popup's list.
const fromPack = () => unpackMatcher(JSON.parse(pack), rules)!;
// The catalogue alone, as every page loads it when the reader tracks nothing: from its own pack.
const basePack = JSON.stringify(packEntities(spec, compileEntities([], {}, spec)));
const baseMatcher = () => unpackMatcher(JSON.parse(basePack), rules)!.matcher;
const packMatcher = () => fromPack().matcher;
const fromList = () => new Matcher(mergeSpec(spec, JSON.parse(stored) as typeof compiled));

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
/** What one matcher holds: five built and kept at once, divided by five (two collections each side). */
function heldBy(make: () => unknown): number {
  if (!gc) return NaN;
  const used = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const kept = Array.from({ length: 5 }, make);
  const after = used();
  if (kept.length !== 5) throw new Error('unreachable');
  return (after - before) / 5;
}

const readyBase = time(baseMatcher);
const readyOwn = time(packMatcher);
const readyList = time(fromList, 3);
const frames = 20;
const readyFrames = time(() => {
  for (let f = 0; f < frames; f++) packMatcher();
}, 3);
const readyFramesBase = time(() => {
  for (let f = 0; f < frames; f++) baseMatcher();
}, 3);
const memBase = heldBy(baseMatcher);
const memOwn = heldBy(fromPack);
const memList = heldBy(fromList);
const base = baseMatcher();
const own = packMatcher();
const scanBase = time(() => base.scan(text));
const scanOwn = time(() => own.scan(text));
const same = JSON.stringify(own.scan(text)) === JSON.stringify(fromList().scan(text));

const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(
  `reader entities: ${entities.length}, aliases: ${compiled.rules.length}, surface forms: ${compiled.forms.length}; in storage: compiled list ${(stored.length / 1024).toFixed(0)} KB, pack ${(pack.length / 1024).toFixed(0)} KB`,
);
console.log(
  `matcher ready (median): catalogue ${readyBase.toFixed(1)} ms, with entities from the pack ${readyOwn.toFixed(1)} ms (+${(readyOwn - readyBase).toFixed(1)} ms; budget ≤ 30 ms); without a pack (built from the list) ${readyList.toFixed(1)} ms`,
);
console.log(
  `${frames} frames: catalogue ${readyFramesBase.toFixed(1)} ms, with entities ${readyFrames.toFixed(1)} ms (+${((readyFrames - readyFramesBase) / frames).toFixed(1)} ms per frame)`,
);
console.log(
  `matcher memory (heap + typed arrays): catalogue ${mb(memBase)} MB, with entities ${mb(memOwn)} MB (+${mb(memOwn - memBase)} MB per frame; budget ≤ 2 MB); without a pack ${mb(memList)} MB`,
);
console.log(
  `marking ${(text.length / 1e6).toFixed(2)} MB of text: catalogue ${scanBase.toFixed(1)} ms, with entities ${scanOwn.toFixed(1)} ms (×${(scanOwn / scanBase).toFixed(2)}; budget ≤ 1.1×); pack and list find the same mentions: ${same}`,
);
