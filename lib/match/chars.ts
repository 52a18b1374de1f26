/**
 * Character classes shared by the automaton and the rule checks. Pages write the same name many ways:
 * curly or straight apostrophes, en dashes, non-breaking spaces, soft hyphens inside long surnames,
 * line breaks from the HTML source. Everything here maps those to one canonical form so that a pattern
 * written once in the catalogue matches all of them, while offsets stay those of the raw text.
 */

/** Code units the matcher steps over without a transition: soft hyphen and zero-width characters. */
export const SKIP_CODES = [0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff] as const;

/** Code units read as one space; runs of them collapse to a single space. */
export const SPACE_CODES = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x202f, 0x205f, 0x3000,
] as const;

/**
 * Block separator the DOM text index puts between blocks (U+2029 PARAGRAPH SEPARATOR): no mention and
 * no context window crosses it.
 */
export const BLOCK_SEPARATOR = '\u2029';

/**
 * Code units folded onto a canonical one, as pairs: built into a lookup object and the `special` table
 * below by index. Not an object literal read back with `Object.keys`: that turns each key into a string
 * through V8's number-to-string cache, and two of these codes meeting in one slot of its small first
 * table make V8 swap in its full one, 64 KB of every page's heap for the page's life (heap snapshots of
 * a page of one paragraph: 65,544 bytes with the content script, 1,032 without it, and after this).
 */
const CANON_PAIRS: readonly (readonly [number, number])[] = [
  [0x2018, 0x27], // ‘
  [0x2019, 0x27], // ’
  [0x02bc, 0x27], // ʼ
  [0x2032, 0x27], // ′
  [0x201c, 0x22], // “
  [0x201d, 0x22], // ”
  [0x201e, 0x22], // „
  [0x00ab, 0x22], // «
  [0x00bb, 0x22], // »
  [0x2010, 0x2d], // ‐
  [0x2011, 0x2d], // non-breaking hyphen
  [0x2012, 0x2d],
  [0x2013, 0x2d], // –
  [0x2014, 0x2d], // —
  [0x2212, 0x2d], // minus
  [0x0451, 0x0435], // ё → е: Russian text often drops the diaeresis
  [0x0401, 0x0415],
];
const CANON: Record<number, number> = {};
for (const [from, to] of CANON_PAIRS) CANON[from] = to;

/** Canonical code for one code unit: quotes, dashes and ё folded; case untouched. */
export function canonCode(code: number): number {
  return CANON[code] ?? code;
}

/**
 * Per code unit: SKIPPED, SPACE, CANON bits, 0 for the code units canonical form leaves alone. The one
 * record of which code units are spaces and skips (`isSpaceCode`, `isSkipCode`, `canonText`).
 */
const SKIPPED = 1;
const SPACE = 2;
const CANONED = 4;
const special = new Uint8Array(0x10000);
for (const c of SKIP_CODES) special[c]! |= SKIPPED;
for (const c of SPACE_CODES) special[c]! |= SPACE;
for (const [c] of CANON_PAIRS) special[c]! |= CANONED;

export function isSpaceCode(code: number): boolean {
  return ((special[code] ?? 0) & SPACE) !== 0;
}
export function isSkipCode(code: number): boolean {
  return ((special[code] ?? 0) & SKIPPED) !== 0;
}

/**
 * The canonical form of a string as the matcher sees it: skipped characters removed, whitespace runs
 * collapsed to one space, quotes and dashes straightened. Case is kept.
 */
export function canonText(s: string): string {
  // Most text the rules read is canonical already (no soft hyphen or curly quote, single plain spaces):
  // returned as it is, where building it again a code unit at a time was ~4% of marking a dense page.
  let prevSpace = false;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (special[c] === 0) prevSpace = false;
    else if (c === 0x20 && !prevSpace) prevSpace = true;
    else break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const f = special[c]!;
    if (f & SKIPPED) continue;
    if (f & SPACE) {
      if (!prevSpace) out += ' ';
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    out += f & CANONED ? String.fromCharCode(canonCode(c)) : s.charAt(i);
  }
  return out;
}

/**
 * foldCode of the code units 0x80–0x2FFF (Latin, Greek, Cyrillic, punctuation: nearly all the text the
 * rule checks fold), 0 until first asked; no code unit from 0x80 up folds to 0.
 */
const folds = new Uint16Array(0x3000);

/** Lower-case fold of one code unit, when it stays one code unit. */
export function foldCode(code: number): number {
  const c = canonCode(code);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  let f = c < 0x3000 ? folds[c]! : 0;
  if (f === 0) {
    const lower = String.fromCharCode(c).toLowerCase();
    f = lower.length === 1 ? canonCode(lower.charCodeAt(0)) : c;
    if (c < 0x3000) folds[c] = f;
  }
  return f;
}

/**
 * The Unicode classes the rule checks need, per code unit, in one table filled lazily (only code units
 * met next to a mention are ever classified): bit 0 known, then letter, upper-case letter, number, and
 * mark or underscore. One RegExp classifies; the checks themselves are plain code. Each distinct
 * `/\p{L}…/u` RegExp that runs twice is compiled to native code by V8 (10–28 KB each, ~200 KB for the
 * catalogue's rules, kept in every frame), and case-insensitive Unicode alternations are slow to run.
 */
const classes = new Uint8Array(0x10000);
const KNOWN = 1;
const LETTER = 2;
const UPPER = 4;
const NUMBER = 8;
const MARK = 16;
const CLASS_RE = /(\p{Lu})|(\p{L})|(\p{N})|([\p{M}_])/u;

function classOf(code: number): number {
  let v = classes[code]!;
  if (v === 0) {
    v = classify(code);
    classes[code] = v;
  }
  return v;
}

/**
 * ASCII and the General Punctuation block (the quotes, dashes and spaces that sit next to names) are
 * classified without the RegExp, which V8 compiles at its first run (~1 ms in Node 20) and again to
 * native code at its second (1.2–1.6 ms): on a page in English that fell inside the frame that marks
 * the screen, with the first name found. The block holds no letter, number or mark (a unit test
 * checks every code unit against the RegExp).
 */
function classify(code: number): number {
  if (code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return KNOWN | LETTER | UPPER;
    if (code >= 0x61 && code <= 0x7a) return KNOWN | LETTER;
    if (code >= 0x30 && code <= 0x39) return KNOWN | NUMBER;
    return code === 0x5f ? KNOWN | MARK : KNOWN;
  }
  if (code >= 0x2000 && code <= 0x206f) return KNOWN;
  const m = CLASS_RE.exec(String.fromCharCode(code));
  if (m?.[1] !== undefined) return KNOWN | LETTER | UPPER;
  if (m?.[2] !== undefined) return KNOWN | LETTER;
  if (m?.[3] !== undefined) return KNOWN | NUMBER;
  if (m?.[4] !== undefined) return KNOWN | MARK;
  return KNOWN;
}

/** Whether a code unit is part of a word (letters, digits, combining marks) for boundary checks. */
export function isWordCode(code: number): boolean {
  return (classOf(code) & (LETTER | NUMBER | MARK)) !== 0;
}

/** `\p{L}` */
export function isLetterCode(code: number): boolean {
  return (classOf(code) & LETTER) !== 0;
}

/** `\p{Lu}` */
export function isUpperCode(code: number): boolean {
  return (classOf(code) & UPPER) !== 0;
}

/** `[\p{L}\p{N}]`: what a whole-word term may not touch. */
export function isLetterOrNumberCode(code: number): boolean {
  return (classOf(code) & (LETTER | NUMBER)) !== 0;
}

/** JavaScript's `\s` (white space and line terminators). */
export function isJsSpaceCode(code: number): boolean {
  return isSpaceCode(code) || code === 0x2029 || code === 0xfeff;
}

/** `foldCode` over a string already in canonical form: the same length, so offsets carry over. */
export function foldCanon(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(foldCode(s.charCodeAt(i)));
  return out;
}
