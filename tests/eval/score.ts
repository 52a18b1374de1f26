/**
 * Scores the matcher against the annotated evaluation set (tests/eval/mentions.jsonl): sentences written
 * for this project in the manner of news reports and official pages, each with the mentions a careful
 * reader would mark, as [surface, entity id].
 *
 * Sentences are grouped into pages by their `page` field and each page is scanned the way the extension
 * scans a page that fits one text chunk: blocks joined with U+2029, one `Matcher.scan`, page-level evidence
 * from the page's unambiguous mentions, pending mentions resolved against it (`Matcher.scanAll`).
 * A found mention counts when its surface and entity equal an expected one in the same sentence.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BLOCK_SEPARATOR } from '../../lib/match/chars';
import type { Matcher } from '../../lib/match/matcher';

export const EvalRecord = z.object({
  page: z.string().min(1),
  lang: z.enum(['en', 'ru']),
  /** What the sentence tests: names, inflection, given-name, generic, acronym-evidence, trap. */
  class: z.string().min(1),
  text: z.string().min(1),
  mentions: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
});
export type EvalRecord = z.infer<typeof EvalRecord>;

export interface Tally {
  expected: number;
  found: number;
  correct: number;
}

export interface EvalReport {
  overall: Tally;
  byClass: Map<string, Tally>;
  byLang: Map<string, Tally>;
  /** Sentences that expect no mention (traps, namesakes) and how many of them got one anyway. */
  emptySentences: number;
  emptyMarked: number;
  /** Every disagreement, for the person fixing it. */
  errors: { page: string; text: string; missed: string[]; spurious: string[] }[];
}

export function loadEval(path: string): EvalRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = EvalRecord.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const empty = (): Tally => ({ expected: 0, found: 0, correct: 0 });

function add(map: Map<string, Tally>, key: string, t: Tally): void {
  const row = map.get(key) ?? empty();
  row.expected += t.expected;
  row.found += t.found;
  row.correct += t.correct;
  map.set(key, row);
}

export function scoreEval(matcher: Matcher, records: readonly EvalRecord[]): EvalReport {
  const report: EvalReport = {
    overall: empty(),
    byClass: new Map(),
    byLang: new Map(),
    emptySentences: 0,
    emptyMarked: 0,
    errors: [],
  };
  const pages = new Map<string, EvalRecord[]>();
  for (const r of records) pages.set(r.page, [...(pages.get(r.page) ?? []), r]);

  for (const [page, sentences] of pages) {
    const starts: number[] = [];
    let text = '';
    for (const s of sentences) {
      if (text) text += BLOCK_SEPARATOR;
      starts.push(text.length);
      text += s.text;
    }
    const mentions = matcher.scanAll(text);
    sentences.forEach((s, i) => {
      const from = starts[i]!;
      const to = from + s.text.length;
      const found = mentions
        .filter((m) => m.start >= from && m.end <= to)
        .map((m) => `${text.slice(m.start, m.end)} = ${m.entity}`);
      const expected = s.mentions.map(([surface, entity]) => `${surface} = ${entity}`);
      const left = [...found];
      const missed: string[] = [];
      for (const e of expected) {
        const k = left.indexOf(e);
        if (k >= 0) left.splice(k, 1);
        else missed.push(e);
      }
      const t: Tally = { expected: expected.length, found: found.length, correct: expected.length - missed.length };
      report.overall.expected += t.expected;
      report.overall.found += t.found;
      report.overall.correct += t.correct;
      if (!expected.length) {
        report.emptySentences++;
        if (found.length) report.emptyMarked++;
      }
      add(report.byClass, s.class, t);
      add(report.byLang, s.lang, t);
      if (missed.length || left.length) report.errors.push({ page, text: s.text, missed, spurious: left });
    });
  }
  return report;
}

/** Precision and recall; a set with nothing found (or nothing expected) scores 1 on that side. */
export function rates(t: Tally): { precision: number; recall: number } {
  return { precision: t.found ? t.correct / t.found : 1, recall: t.expected ? t.correct / t.expected : 1 };
}

export function formatReport(r: EvalReport): string {
  const row = (name: string, t: Tally) => {
    const { precision, recall } = rates(t);
    return `${name.padEnd(18)} ${String(t.expected).padStart(8)} ${String(t.found).padStart(6)} ${String(t.correct).padStart(8)} ${precision.toFixed(3).padStart(9)} ${recall.toFixed(3).padStart(7)}`;
  };
  const lines = [
    `${'set'.padEnd(18)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'correct'.padStart(8)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`,
  ];
  for (const [k, t] of [...r.byClass].sort()) lines.push(row(`class ${k}`, t));
  for (const [k, t] of [...r.byLang].sort()) lines.push(row(`lang ${k}`, t));
  lines.push(row('overall', r.overall));
  lines.push(`\nsentences that must stay unmarked: ${r.emptySentences}, marked anyway: ${r.emptyMarked}`);
  return lines.join('\n');
}
