import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SKIP_CODES,
  SPACE_CODES,
  canonCode,
  canonText,
  isLetterCode,
  isLetterOrNumberCode,
  isUpperCode,
  isWordCode,
} from '../../../lib/match/chars';

/** canonText as first written: a code unit at a time, every one looked up. */
function reference(s: string): string {
  const skip = new Set<number>(SKIP_CODES);
  const space = new Set<number>(SPACE_CODES);
  let out = '';
  let prevSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (skip.has(c)) continue;
    if (space.has(c)) {
      if (!prevSpace) out += ' ';
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    out += String.fromCharCode(canonCode(c));
  }
  return out;
}

/** Plain letters and spaces, and every code unit canonical form changes. */
const UNITS = [
  ...Array.from('aZ Ёё-.'),
  ...[...SKIP_CODES, ...SPACE_CODES].map((c) => String.fromCharCode(c)),
  ...Array.from('‘’ʼ′“”„«»‐‑‒–—−Ё'),
  '\ud83d',
];

describe('canonText', () => {
  it('returns canonical text as it is, and agrees with the code-unit-at-a-time definition on any text', () => {
    const plain = 'Nikolai Patrushev said the CSTO met.';
    expect(canonText(plain)).toBe(plain);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UNITS), { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        expect(canonText(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
    expect(canonText('  a\u00ad\u00a0\u00a0b’ ')).toBe(" a b' ");
  });
});

describe('Unicode classes of code units', () => {
  it('agree with \\p{L}, \\p{Lu}, \\p{N} and \\p{M} for every code unit, ASCII and punctuation included', () => {
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      const letter = /\p{L}/u.test(c);
      const number = /\p{N}/u.test(c);
      const want = [letter, /\p{Lu}/u.test(c), letter || number, letter || number || /[\p{M}_]/u.test(c)];
      const got = [isLetterCode(code), isUpperCode(code), isLetterOrNumberCode(code), isWordCode(code)];
      if (want.some((w, i) => w !== got[i])) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
