/**
 * The rule checks read by hand (lib/match/words.ts, terms.ts) against the RegExps they replaced, on
 * random strings made of the characters those RegExps distinguish: upper- and lower-case Latin and
 * Cyrillic letters, an uncased letter, a combining mark, digits, dots, apostrophes, hyphens, quotes
 * and several kinds of space.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonText } from '../../../lib/match/chars';
import { Terms } from '../../../lib/match/terms';
import {
  dropFirstWord,
  initialBefore,
  isTitleCase,
  nameAfter,
  startsUpper,
  wordBefore,
} from '../../../lib/match/words';

/** Code units, one by one (the checks read code units; none of these is outside the BMP). */
const units = (s: string) => Array.from({ length: s.length }, (_, i) => s[i]!);
const CHARS = units('ABaбБЁёzZ中\u0301 19..  \u00a0\t\'’-"«x');
/** Single characters, and initials ("A.", "Б. ") often enough to make runs of up to four. */
const PIECES = [...CHARS, 'A.', 'Б. ', 'Z. ', 'A.B.'];
const text = (max = 24) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((a) => a.join(''));
const RUNS = { numRuns: 3000 };

const INITIALS_BEFORE = /(?:^|[^\p{L}.])((?:\p{Lu}\.\s?){1,3})\s*$/u;
const WORD_BEFORE = /(?:^|[^\p{L}'’-])(\p{L}[\p{L}'’-]*)\s+$/u;
const NAME_AFTER = /^\s+(\p{Lu}[\p{L}'’-]*)/u;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the words next to a surname, read by hand, agree with the RegExps they replaced', () => {
  it('initials before', () => {
    fc.assert(
      fc.property(text(), (s) => {
        expect(initialBefore(s)).toBe(INITIALS_BEFORE.exec(s)?.[1]?.[0] ?? null);
      }),
      RUNS,
    );
    expect(initialBefore('said B. K. ')).toBe('B');
    expect(initialBefore('Р.Г.')).toBe('Р');
    expect(initialBefore('xA. B.')).toBe('B');
    expect(initialBefore('A.B.C.D.')).toBeNull();
    expect(initialBefore('said A. B. C. ')).toBe('A');
    expect(initialBefore('said A. B. C. D.')).toBe('B');
  });

  it('the word before', () => {
    fc.assert(
      fc.property(text(), (s) => {
        expect(wordBefore(s)).toBe(WORD_BEFORE.exec(s)?.[1] ?? null);
      }),
      RUNS,
    );
    expect(wordBefore("met O'Brien ")).toBe("O'Brien");
  });

  it('a name after', () => {
    fc.assert(
      fc.property(text(), (s) => {
        const m = NAME_AFTER.exec(s);
        expect(nameAfter(s)).toEqual(m ? { word: m[1], length: m[0].length } : null);
      }),
      RUNS,
    );
  });

  it('title case, a capital first letter, the first word dropped', () => {
    fc.assert(
      fc.property(text(40), (s) => {
        const words = s.match(/\p{L}{4,}/gu) ?? [];
        expect(isTitleCase(s)).toBe(words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w)));
        expect(startsUpper(s)).toBe(/^\p{Lu}/u.test(s));
        expect(dropFirstWord(s)).toBe(s.replace(/^\s*\S+/u, ''));
      }),
      RUNS,
    );
  });
});

describe('evidence and veto terms agree with the whole-word, case-insensitive RegExps they replaced', () => {
  const term = fc
    .array(fc.constantFrom(...units('aбБzZ1-’. +')), { minLength: 1, maxLength: 4 })
    .map((a) => a.join(''));
  const terms = fc.array(term, { minLength: 1, maxLength: 4 });
  const body = (ts: string[]) => ts.map((t) => escape(canonText(t))).join('|');

  it('anywhere in the text around a mention', () => {
    fc.assert(
      fc.property(terms, text(), (ts, s) => {
        const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body(ts)})(?![\\p{L}\\p{N}])`, 'iu');
        expect(new Terms(ts).in(s)).toBe(re.test(canonText(s)));
      }),
      RUNS,
    );
  });

  it('right before and right after a mention', () => {
    fc.assert(
      fc.property(terms, text(), (ts, raw) => {
        const s = canonText(raw);
        const end = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body(ts)})$`, 'iu');
        expect(new Terms(ts).endsText(s)).toBe(end.test(s));
        const start = new RegExp(
          `^(?:${ts.map((t) => escape(canonText(t)) + (/[\p{L}\p{N}]$/u.test(t) ? '(?![\\p{L}\\p{N}])' : '')).join('|')})`,
          'iu',
        );
        expect(new Terms(ts).startsText(s)).toBe(start.test(s));
      }),
      RUNS,
    );
  });

  it('counts the distinct terms of a window, as many as asked for', () => {
    const words = fc.constantFrom('China', 'china', 'Russia', 'Chinese', 'Beijing', 'x', ' ', ', ', 'Chinas');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 30 }), fc.nat(40), fc.nat(40), (parts, a, b) => {
        const s = parts.join(' ');
        const from = Math.min(a, s.length);
        const to = Math.min(s.length, from + b);
        const ts = ['China', 'Russia', 'Beijing'];
        const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body(ts)})(?![\\p{L}\\p{N}])`, 'giu');
        const seen = new Set<string>();
        re.lastIndex = from;
        for (let hit = re.exec(s); hit && hit.index + hit[0].length <= to; hit = re.exec(s))
          seen.add(hit[0].toLowerCase());
        expect(new Terms(ts).countIn(s, from, to, 9)).toBe(seen.size);
      }),
      RUNS,
    );
  });
});
