/**
 * The compact automaton (lib/match/automaton.ts) against the dense one it replaced, hit for hit, and the
 * matcher built on it against a naive matcher that tries every form at every position: random alias
 * sets and texts in Latin and Cyrillic, with case rules, word boundaries, soft hyphens, curly quotes,
 * dashes, runs of spaces and a letter two capitals fold onto (K and the Kelvin sign).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, foldsFit, letterFolds, loadAutomaton, runAutomaton } from '../../../lib/match/automaton';
import { canonText, isWordCode } from '../../../lib/match/chars';
import { Matcher, compilePatterns, type Mention } from '../../../lib/match/matcher';
import { decodePatterns, encodePatterns } from '../../../lib/match/pack';
import type { AliasRule, MatcherSpec } from '../../../lib/match/spec';
import * as dense from './dense-automaton';

const LETTERS = ['a', 'b', 'A', 'B', 'é', 'É', 'k', 'K', '\u212a', 'а', 'б', 'А', 'Б', 'е', 'ё', 'Ё', 'ж', 'Ж'];
const PUNCT = [' ', '-', '–', '’', "'"];
const NOISE = ['\u00ad', '  ', '\n', '1', 'x', '.', ',', '\u2029'];

const form = fc
  .array(fc.constantFrom(...LETTERS, ...PUNCT), { minLength: 1, maxLength: 5 })
  .map((cs) => cs.join(''))
  .filter((f) => canonText(f).trim().length > 0);
const text = fc.array(fc.constantFrom(...LETTERS, ...PUNCT, ...NOISE), { maxLength: 80 }).map((cs) => cs.join(''));

type Hit = [number, number, number];

function compactHits(forms: string[], t: string, denseBytes?: number): Hit[] {
  const { automaton, origin } = buildAutomaton(forms, denseBytes);
  const hits: Hit[] = [];
  runAutomaton(automaton, t, 0, t.length, (p, s, e) => hits.push([origin[p]!, s, e]));
  return hits;
}

function denseHits(forms: string[], t: string): Hit[] {
  const hits: Hit[] = [];
  dense.runAutomaton(dense.buildAutomaton(forms), t, 0, t.length, (p, s, e) => hits.push([p, s, e]));
  return hits;
}

describe('the compact automaton', () => {
  it('reports the same hits, in the same order, as the dense one', () => {
    fc.assert(
      fc.property(fc.array(form, { minLength: 1, maxLength: 8 }), text, (forms, t) => {
        const want = denseHits(forms, t);
        expect(compactHits(forms, t)).toEqual(want);
        // No full rows beyond the root: every other step goes through own edges and failure links.
        expect(compactHits(forms, t, 0)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('comes back from storage as it went in (JSON, base64 of typed arrays)', () => {
    fc.assert(
      fc.property(fc.array(form, { minLength: 1, maxLength: 12 }), (forms) => {
        const patterns = compilePatterns(forms.map((f, i): [string, number] => [f, i % 3]));
        const stored = JSON.parse(JSON.stringify(encodePatterns(patterns))) as ReturnType<typeof encodePatterns>;
        expect(decodePatterns(stored, 3)).toEqual({ ...patterns, folds: letterFolds(patterns.trie.letters) });
        // One rule fewer than the highest a pattern names: refused.
        expect(decodePatterns(stored, Math.max(...patterns.rule))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same symbols from stored folds as from folding the letters again', () => {
    fc.assert(
      fc.property(fc.array(form, { minLength: 1, maxLength: 12 }), (forms) => {
        const patterns = compilePatterns(forms.map((f): [string, number] => [f, 0]));
        const stored = JSON.parse(JSON.stringify(encodePatterns(patterns))) as ReturnType<typeof encodePatterns>;
        const decoded = decodePatterns(stored, 1)!;
        const fromStored = loadAutomaton(decoded.trie, undefined, decoded.folds).sym;
        const folded = loadAutomaton(patterns.trie).sym;
        // The first code unit whose symbol differs (-1: none). toEqual walked the 65,536 entries element by
        // element: 22-33 s for the 100 runs, past the test timeout on a busy machine.
        expect(fromStored.length).toBe(folded.length);
        expect(fromStored.findIndex((s, code) => s !== folded[code])).toBe(-1);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses stored folds that name a symbol past the alphabet', () => {
    const { trie, rule } = compilePatterns([
      ['ab', 0],
      ['Жб', 0],
    ]);
    const folds = letterFolds(trie.letters);
    expect(foldsFit(folds, trie.letters.length)).toBe(true);
    const past = folds.slice();
    past[1] = 3 + trie.letters.length; // a row read past its end
    expect(foldsFit(past, trie.letters.length)).toBe(false);
    expect(foldsFit(folds.slice(1), trie.letters.length)).toBe(false);
    expect(decodePatterns(encodePatterns({ trie, rule, folds: past }), 1)).toBeNull();
  });

  it('finds a form at the end of a long chain of near misses, with few full rows', () => {
    const forms = ['aaab', 'aab', 'ab', 'b', 'aaaa'];
    const t = 'aaaaaab';
    expect(compactHits(forms, t, 0)).toEqual(denseHits(forms, t));
    expect(compactHits(forms, t, 0).map(([p]) => forms[p])).toEqual(['aaaa', 'aaaa', 'aaaa', 'aaab', 'aab', 'ab', 'b']);
  });
});

type Case = AliasRule['case'];
const casing = fc.constantFrom<Case>('sensitive', 'exact', 'insensitive');
const alias = fc.record({ text: form, case: casing, entity: fc.constantFrom('e1', 'e2', 'e3', 'e4') });

function specOf(aliases: { text: string; case: Case; entity: string }[]): MatcherSpec {
  return {
    rules: aliases.map((a) => ({ entity: a.entity, type: 'organisation', text: a.text, case: a.case })),
    forms: aliases.map((a, i): [string, number] => [a.text, i]),
  };
}

/**
 * Every form tried at every position of the text, by string comparison: texts here have no soft
 * hyphens or runs of spaces, so the canonical text has the raw text's offsets.
 */
function naive(spec: MatcherSpec, raw: string): Mention[] {
  const canon = canonText(raw);
  const folded = canon.toLowerCase();
  const candidates: Mention[] = [];
  for (let start = 0; start < raw.length; start++) {
    for (let p = 0; p < spec.forms.length; p++) {
      const f = canonText(spec.forms[p]![0]).trim();
      const end = start + f.length;
      if (end > raw.length || folded.slice(start, end) !== f.toLowerCase()) continue;
      if (start > 0 && isWordCode(raw.charCodeAt(start - 1))) continue;
      if (end < raw.length && isWordCode(raw.charCodeAt(end))) continue;
      const rule = spec.rules[spec.forms[p]![1]]!;
      const seen = canon.slice(start, end);
      if (rule.case !== 'insensitive' && seen !== f && !(rule.case === 'sensitive' && seen === f.toUpperCase()))
        continue;
      candidates.push({ entity: rule.entity, rule: spec.forms[p]![1], start, end });
    }
  }
  // Leftmost-longest; between two forms over the same text, the one listed first (as the automaton reports them).
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || a.rule - b.rule);
  const out: Mention[] = [];
  let lastEnd = -1;
  for (const m of candidates) {
    if (m.start < lastEnd) continue;
    lastEnd = m.end;
    out.push(m);
  }
  return out;
}

/** Texts of forms and other words, single spaces and punctuation between them. */
const plainText = (forms: string[]) =>
  fc
    .array(fc.oneof(fc.constantFrom(...forms), fc.constantFrom(...LETTERS, 'ab', 'Жа', 'x')), { maxLength: 12 })
    .chain((words) =>
      fc
        .array(fc.constantFrom(' ', ', ', '. ', '-', ''), { minLength: words.length, maxLength: words.length })
        .map((seps) => words.map((w, i) => w + (seps[i] ?? '')).join('')),
    );

describe('the matcher on the compact automaton', () => {
  it('finds what a naive matcher finds: case rules, word boundaries, leftmost-longest', () => {
    const input = fc
      .array(alias, { minLength: 1, maxLength: 6 })
      .filter((as) => as.every((a) => !/\s\s|\u00ad/.test(a.text) && a.text.trim() === a.text))
      .chain((as) => fc.tuple(fc.constant(as), plainText(as.map((a) => a.text))));
    fc.assert(
      fc.property(input, ([aliases, t]) => {
        const spec = specOf(aliases);
        const want = naive(spec, t);
        expect(new Matcher(spec).scan(t).mentions).toEqual(want);
        // The same matcher rebuilt from its stored form.
        const packed = JSON.parse(JSON.stringify(encodePatterns(compilePatterns(spec.forms)))) as ReturnType<
          typeof encodePatterns
        >;
        const patterns = decodePatterns(packed, spec.rules.length)!;
        expect(new Matcher({ rules: spec.rules }, patterns).scan(t).mentions).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['exact', 'Kx', 'Kx met', ['e1']],
    ['exact', 'Kx', '\u212ax met', []],
    ['sensitive', 'Ёж', 'ЕЖ и Ёж и ёж', ['e1', 'e1']],
    ['insensitive', 'ёж', 'ЕЖ и Ёж', ['e1', 'e1']],
    ['exact', 'Ab', 'Ab, AB, ab', ['e1']],
  ] as const)('case %s of "%s" in "%s"', (c, f, t, want) => {
    const m = new Matcher(specOf([{ text: f, case: c, entity: 'e1' }]));
    expect(m.scan(t).mentions.map((x) => x.entity)).toEqual(want);
  });

  it('keeps two spellings of one capital apart (Kelvin sign and K)', () => {
    const spec = specOf([
      { text: '\u212ax', case: 'exact', entity: 'e1' },
      { text: 'Kx', case: 'exact', entity: 'e2' },
    ]);
    const m = new Matcher(spec);
    expect(m.scan('Kx').mentions.map((x) => x.entity)).toEqual(['e2']);
    expect(m.scan('\u212ax').mentions.map((x) => x.entity)).toEqual(['e1']);
  });
});
