/**
 * The words next to a surname that say whose it is ("B. Nurgaliyev", "Болат Нургалиев", "Rahmon Yusuf
 * Ahmadzoda"), read by hand from a few dozen characters. These were `\p{L}`/`\p{Lu}` RegExps, which V8
 * compiles to 10–28 KB of native code each in every frame (see terms.ts); the tests hold them as the
 * reference (tests/unit/match/words.test.ts).
 */
import { isJsSpaceCode, isLetterCode, isUpperCode } from './chars';

const DOT = 0x2e;
/** `'’-`: inside a name ("O'Brien", "Ter-Petrosyan"). */
const isNameCode = (c: number) => isLetterCode(c) || c === 0x27 || c === 0x2019 || c === 0x2d;

/**
 * `/(?:^|[^\p{L}.])((?:\p{Lu}\.\s?){1,3})\s*$/u`: one to three initials at the end of `s`, each an
 * upper-case letter and a dot with at most one space after it; the first initial's letter, or null.
 */
export function initialBefore(s: string): string | null {
  let p = s.length;
  while (p > 0 && isJsSpaceCode(s.charCodeAt(p - 1))) p--;
  // Group starts, right to left: each group is "X." plus at most one space before the next.
  const starts: number[] = [];
  let end = p;
  while (starts.length < 3) {
    if (end < 2 || s.charCodeAt(end - 1) !== DOT || !isUpperCode(s.charCodeAt(end - 2))) break;
    starts.push(end - 2);
    end -= 2;
    if (end > 0 && isJsSpaceCode(s.charCodeAt(end - 1))) {
      // The space belongs to the next group to the left, if there is one.
      if (end >= 3 && s.charCodeAt(end - 2) === DOT && isUpperCode(s.charCodeAt(end - 3))) end--;
      else break;
    }
  }
  // The leftmost start whose left edge is the text's start or neither a letter nor a dot.
  for (let i = starts.length - 1; i >= 0; i--) {
    const at = starts[i]!;
    const before = at > 0 ? s.charCodeAt(at - 1) : -1;
    if (before < 0 || (!isLetterCode(before) && before !== DOT)) return s[at]!;
  }
  return null;
}

/**
 * `/(?:^|[^\p{L}'’-])(\p{L}[\p{L}'’-]*)\s+$/u`: the word right before `s`'s trailing spaces (at least
 * one), starting with a letter; null when there is none.
 */
export function wordBefore(s: string): string | null {
  let p = s.length;
  while (p > 0 && isJsSpaceCode(s.charCodeAt(p - 1))) p--;
  if (p === s.length) return null;
  let a = p;
  while (a > 0 && isNameCode(s.charCodeAt(a - 1))) a--;
  if (a === p || !isLetterCode(s.charCodeAt(a))) return null;
  return s.slice(a, p);
}

/**
 * `/^\s+(\p{Lu}[\p{L}'’-]*)/u`: a capitalised word after `s`'s leading spaces (at least one), and the
 * length read (spaces and word); null when there is none.
 */
export function nameAfter(s: string): { word: string; length: number } | null {
  let p = 0;
  while (p < s.length && isJsSpaceCode(s.charCodeAt(p))) p++;
  if (p === 0 || p === s.length || !isUpperCode(s.charCodeAt(p))) return null;
  let e = p + 1;
  while (e < s.length && isNameCode(s.charCodeAt(e))) e++;
  return { word: s.slice(p, e), length: e };
}

/** `/^\p{Lu}/u` */
export function startsUpper(s: string): boolean {
  return s.length > 0 && isUpperCode(s.charCodeAt(0));
}

/**
 * Whether the words of four letters or more (`/\p{L}{4,}/gu`) are at least two and all capitalised:
 * a headline in title case ("Putin Meets Xi in Astana").
 */
export function isTitleCase(s: string): boolean {
  let words = 0;
  for (let i = 0; i < s.length;) {
    if (!isLetterCode(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < s.length && isLetterCode(s.charCodeAt(e))) e++;
    if (e - i >= 4) {
      if (!isUpperCode(s.charCodeAt(i))) return false;
      words++;
    }
    i = e;
  }
  return words >= 2;
}

/** `s.replace(/^\s*\S+/u, '')`: without its first word. */
export function dropFirstWord(s: string): string {
  let p = 0;
  while (p < s.length && isJsSpaceCode(s.charCodeAt(p))) p++;
  if (p === s.length) return s;
  while (p < s.length && !isJsSpaceCode(s.charCodeAt(p))) p++;
  return s.slice(p);
}
