/**
 * The evaluation set as a test: the real matcher and catalogue must keep precision and recall at 0.99 or
 * more overall and per language. The second test shows the score can fail: the same set scored with the
 * round-two rules taken out of the catalogue falls under the bar.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';
import { loadEval, rates, scoreEval } from '../../eval/score';

const records = loadEval(fileURLToPath(new URL('../../eval/mentions.jsonl', import.meta.url)));
const catalogue = loadData(defaultDataDir()).catalogue;

describe('evaluation set', () => {
  it('is large enough and covers every class in both languages', () => {
    expect(records.reduce((n, r) => n + r.mentions.length, 0)).toBeGreaterThanOrEqual(300);
    for (const lang of ['en', 'ru']) {
      const classes = new Set(records.filter((r) => r.lang === lang).map((r) => r.class));
      for (const c of ['names', 'given-name', 'generic', 'trap']) expect(classes, `${lang} ${c}`).toContain(c);
    }
  });

  it('scores ≥ 0.99 precision and recall overall and per language', () => {
    const report = scoreEval(new Matcher(buildSpec(catalogue)), records);
    for (const [name, t] of [['overall', report.overall] as const, ...report.byLang]) {
      const { precision, recall } = rates(t);
      expect(precision, `${name} precision`).toBeGreaterThanOrEqual(0.99);
      expect(recall, `${name} recall`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('fails without the round-two rules (per-word inflection, person data, page words)', () => {
    const stripped = {
      ...catalogue,
      entities: catalogue.entities.map((e) => ({
        ...e,
        person: undefined,
        aliases: e.aliases.map((a) => ({
          ...a,
          words: undefined,
          requires: a.requires && { ...a.requires, words: undefined },
        })),
      })),
    };
    const report = scoreEval(new Matcher(buildSpec(stripped)), records);
    const ru = rates(report.byLang.get('ru')!);
    expect(ru.recall).toBeLessThan(0.9);
    expect(rates(report.byClass.get('given-name')!).precision).toBeLessThan(0.99);
  });
});
