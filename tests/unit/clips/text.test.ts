import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldForSearch, MAX_TOKEN, parseQuery, tokenize } from '../../../lib/clips/text.ts';

describe('foldForSearch', () => {
  it.each([
    ['Café', 'cafe'],
    ['ÉLYSÉE', 'elysee'],
    ['Łódź', 'łodz'], // ł is a letter of its own, not l with a mark
    ['Ёлка', 'елка'],
    ['ОДКБ', 'одкб'],
    ['Патрушев', 'патрушев'],
    ['Йошкар-Ола', 'йошкар-ола'],
    ['мой', 'мой'],
    ['ﬁnance', 'finance'],
    ['Ｓｃｏ２０２４', 'sco2024'],
    ['Naïve résumé', 'naive resume'],
  ])('%s → %s', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('keeps й apart from и', () => {
    expect(foldForSearch('мой')).not.toBe(foldForSearch('мои'));
  });
});

describe('tokenize', () => {
  it.each([
    ['The CSTO met in Moscow.', ['the', 'csto', 'met', 'in', 'moscow']],
    ['Nikolai Patrushev, Nikolai PATRUSHEV', ['nikolai', 'patrushev']],
    ['ОДКБ и ШОС: саммит-2024', ['одкб', 'шос', 'саммит', '2024']],
    ['a b c de', ['de']],
    ['don’t stop', ['don', 'stop']],
    ['Éducation / éducation', ['education']],
    ['', []],
  ])('%j', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  it('cuts long words at MAX_TOKEN instead of dropping them', () => {
    const long = 'x'.repeat(100);
    expect(tokenize(long)).toEqual(['x'.repeat(MAX_TOKEN)]);
  });

  it('keeps at most `max` distinct tokens, first ones first', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const tokens = tokenize(text, 2000);
    expect(tokens).toHaveLength(2000);
    expect(tokens[0]).toBe('w0');
    expect(tokens.at(-1)).toBe('w1999');
  });
});

describe('parseQuery', () => {
  it.each([
    ['', { complete: [], prefix: null }],
    ['pat', { complete: [], prefix: 'pat' }],
    ['Nikolai Patru', { complete: ['nikolai'], prefix: 'patru' }],
    ['nikolai p', { complete: ['nikolai'], prefix: null }],
    ['ОДКБ Сам', { complete: ['одкб'], prefix: 'сам' }],
    ['  Café  ', { complete: [], prefix: 'cafe' }],
    ['a', { complete: [], prefix: null }],
    ['csto csto summ', { complete: ['csto'], prefix: 'summ' }],
  ])('%j', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('tokenize: the ASCII fast path', () => {
  /** The Unicode path, written out: what every text was tokenised with before the fast path. */
  function reference(s: string): string[] {
    const folded = s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
    const seen = new Set<string>();
    for (const [w] of folded.matchAll(/[\p{L}\p{N}]+/gu)) if (w.length >= 2) seen.add(w.slice(0, 40));
    return [...seen];
  }

  it('gives the same tokens as the Unicode path on any ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(tokenize(s)).toEqual(reference(s));
      }),
    );
  });

  it.each(['Kelvin \u212a sign', 'CSTO – ОДКБ summit', 'café 42 naïve'])('and on mixed text: %s', (s) => {
    expect(tokenize(s)).toEqual(reference(s));
  });
});
