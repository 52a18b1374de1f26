/**
 * The matcher's automaton as it was before issue 14 made it compact (lib/match/automaton.ts), kept as
 * the reference the compact one must agree with hit for hit.
 *
 * Aho–Corasick automaton compiled to a dense DFA over a small alphabet, so that one pass over a page's
 * text finds every alias at once with one table lookup per code unit. Case is folded here; the rule
 * checks (lib/match/matcher.ts) restore case sensitivity on the few candidates that reach them.
 *
 * Offsets reported are those of the raw text: skipped code units (soft hyphens) and collapsed whitespace
 * are stepped over without a transition, and a ring buffer remembers where each consumed symbol sat.
 */
import { SKIP_CODES, SPACE_CODES, canonText, foldCode } from '../../../lib/match/chars';

const SYM_OTHER = 0;
const SYM_SPACE = 1;
const SYM_SKIP = 2;
const FIRST_LETTER = 3;

/** Latin (with extensions and modifiers), Greek and Cyrillic, general punctuation, letterlike symbols. */
const FOLD_RANGES: readonly [number, number][] = [
  [0x21, 0x2ff],
  [0x370, 0x52f],
  [0x1e00, 0x1eff],
  [0x2000, 0x215f],
  [0x2212, 0x2212],
];

export interface Automaton {
  /** Symbol per UTF-16 code unit. */
  readonly sym: Uint16Array;
  readonly alphabetSize: number;
  /** delta[state * alphabetSize + symbol] → next state. */
  readonly delta: Uint16Array | Int32Array;
  /** Pattern ids ending at each state (own and inherited through failure links), or null. */
  readonly outputs: (Int32Array | null)[];
  /** Length of each pattern in symbols. */
  readonly patternLength: Int32Array;
  readonly maxLength: number;
}

/** Hit: pattern `pattern` occupies raw text [start, end). */
export type HitSink = (pattern: number, start: number, end: number) => void;

/** Builds the automaton. Patterns are folded and canonicalised here; an empty pattern is an error. */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  const folded = patterns.map((p, i) => {
    const canon = canonText(p).trim();
    if (!canon) throw new Error(`pattern ${i} is empty`);
    return Array.from(canon, (ch) => (ch === ' ' ? -1 : foldCode(ch.charCodeAt(0))));
  });

  // Alphabet: every folded code unit some pattern uses, plus space.
  const letterIndex = new Map<number, number>();
  for (const p of folded)
    for (const c of p) if (c >= 0 && !letterIndex.has(c)) letterIndex.set(c, FIRST_LETTER + letterIndex.size);
  const alphabetSize = FIRST_LETTER + letterIndex.size;

  const sym = new Uint16Array(0x10000);
  for (const code of SPACE_CODES) sym[code] = SYM_SPACE;
  for (const code of SKIP_CODES) sym[code] = SYM_SKIP;
  // Every code unit whose fold lands in the alphabet gets that letter's symbol. Only the blocks that can
  // fold onto Latin or Cyrillic letters, quotes and dashes are visited (a few thousand folds at start-up),
  // rather than keeping a second table of case pairs correct by hand.
  for (const [lo, hi] of FOLD_RANGES) {
    for (let code = lo; code <= hi; code++) {
      if (sym[code] !== SYM_OTHER) continue;
      const idx = letterIndex.get(foldCode(code));
      if (idx !== undefined) sym[code] = idx;
    }
  }

  // Trie.
  const next: Map<number, number>[] = [new Map<number, number>()];
  const own: number[][] = [[]];
  const patternLength = new Int32Array(folded.length);
  let maxLength = 1;
  folded.forEach((p, id) => {
    let s = 0;
    for (const c of p) {
      const symbol = c < 0 ? SYM_SPACE : letterIndex.get(c)!;
      let t = next[s]!.get(symbol);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        own.push([]);
        next[s]!.set(symbol, t);
      }
      s = t;
    }
    own[s]!.push(id);
    patternLength[id] = p.length;
    maxLength = Math.max(maxLength, p.length);
  });

  // Failure links, breadth first, folded into a dense transition table: each state's row starts as a
  // copy of its failure state's row (already complete, being shallower), then its own edges overwrite it.
  const n = next.length;
  const A = alphabetSize;
  // 16-bit states while they fit: the table is most of the content script's fixed heap (about 1 MB at
  // 32 bits for the bundled catalogue's 3,846 states), and it lives in every tab.
  const delta = n <= 0xffff ? new Uint16Array(n * A) : new Int32Array(n * A);
  const fail = new Int32Array(n);
  const outputs = new Array<Int32Array | null>(n).fill(null);
  const order: number[] = [0];
  for (let qi = 0; qi < order.length; qi++) {
    const s = order[qi]!;
    if (s !== 0) {
      const f = fail[s]!;
      delta.copyWithin(s * A, f * A, f * A + A);
      const inherited = outputs[f];
      const mine = own[s]!;
      if (mine.length || inherited) outputs[s] = Int32Array.from([...mine, ...(inherited ?? [])]);
    }
    for (const [symbol, t] of next[s]!) {
      fail[t] = s === 0 ? 0 : delta[fail[s]! * A + symbol]!;
      delta[s * A + symbol] = t;
      order.push(t);
    }
  }
  return { sym, alphabetSize, delta, outputs, patternLength, maxLength };
}

/**
 * Runs the automaton over text[from, to) and reports every pattern occurrence (overlapping ones too).
 * Hot loop: no allocation per code unit.
 */
export function runAutomaton(a: Automaton, text: string, from: number, to: number, sink: HitSink): void {
  const { sym, delta, outputs, patternLength, alphabetSize } = a;
  let size = 1;
  while (size < a.maxLength + 1) size <<= 1;
  const mask = size - 1;
  const ring = new Int32Array(size);
  let k = 0;
  let state = 0;
  let prevSpace = true; // leading whitespace is never part of a match
  for (let i = from; i < to; i++) {
    const s = sym[text.charCodeAt(i)]!;
    if (s === SYM_SKIP) continue;
    if (s === SYM_SPACE) {
      if (prevSpace) continue;
      prevSpace = true;
    } else {
      prevSpace = false;
      if (s === SYM_OTHER) {
        state = 0;
        continue;
      }
    }
    ring[k & mask] = i;
    k++;
    state = delta[state * alphabetSize + s]!;
    const out = outputs[state];
    if (out !== null && out !== undefined) {
      for (let j = 0; j < out.length; j++) {
        const p = out[j]!;
        sink(p, ring[(k - patternLength[p]!) & mask]!, i + 1);
      }
    }
  }
}
