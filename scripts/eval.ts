/**
 * `npm run eval`: precision and recall of the real matcher and catalogue on the annotated sentences in
 * tests/eval/mentions.jsonl, per class, per language and overall. Exits 1 when any language or the
 * overall figure falls under 0.99, listing every disagreement.
 */
import { fileURLToPath } from 'node:url';
import { loadData } from '../lib/kb/load';
import { defaultDataDir } from '../lib/kb/vite-plugin';
import { Matcher } from '../lib/match/matcher';
import { buildSpec } from '../lib/match/spec';
import { formatReport, loadEval, rates, scoreEval } from '../tests/eval/score';

const THRESHOLD = 0.99;
const records = loadEval(fileURLToPath(new URL('../tests/eval/mentions.jsonl', import.meta.url)));
const report = scoreEval(new Matcher(buildSpec(loadData(defaultDataDir()).catalogue)), records);

console.log(`${records.length} sentences, ${new Set(records.map((r) => r.page)).size} pages\n`);
console.log(formatReport(report));
if (report.errors.length) {
  console.log(`\n${report.errors.length} sentences disagree:`);
  for (const e of report.errors) {
    console.log(`  [${e.page}] ${e.text}`);
    for (const m of e.missed) console.log(`      missed:   ${m}`);
    for (const s of e.spurious) console.log(`      spurious: ${s}`);
  }
}
const failing = [
  ['overall', report.overall] as const,
  ...[...report.byLang].map(([k, t]) => [`lang ${k}`, t] as const),
].filter(([, t]) => {
  const { precision, recall } = rates(t);
  return precision < THRESHOLD || recall < THRESHOLD;
});
if (failing.length) {
  console.log(`\nFAIL: under ${THRESHOLD} in ${failing.map(([k]) => k).join(', ')}`);
  process.exit(1);
}
console.log(`\nPASS: precision and recall ≥ ${THRESHOLD} overall and per language`);
