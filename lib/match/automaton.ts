/**
 * Aho–Corasick automaton over a small alphabet, so that one pass over a page's text finds every alias at
 * once. Case is folded here; the rule checks (lib/match/matcher.ts) restore case sensitivity on the few
 * candidates that reach them.
 *
 * Compact: only the shallow states, where text spends most of its time, get a full transition row (a
 * dense DFA row, one lookup per code unit); deeper states keep their own edges (lib/match/trie.ts) and a
 * failure link. Measured with the reader's 1,000 entities (84,000 states): a dense row for every state
 * took 24 MB per frame and 0.4 s to build; here the rows stay at 128 KB and the deep states' arrays add
 * 0.9 MB (scripts/bench/entities.ts).
 *
 * Offsets reported are those of the raw text: skipped code units (soft hyphens) and collapsed whitespace
 * are stepped over without a transition, and a ring buffer remembers where each consumed symbol sat.
 */
import { SKIP_CODES, SPACE_CODES, foldCode } from './chars';
import { FIRST_LETTER, SYM_OTHER, SYM_SKIP, SYM_SPACE, buildTrie, type Trie } from './trie';

/** Latin (with extensions and modifiers), Greek and Cyrillic, general punctuation, letterlike symbols. */
const FOLD_RANGES: readonly [number, number][] = [
  [0x21, 0x2ff],
  [0x370, 0x52f],
  [0x1e00, 0x1eff],
  [0x2000, 0x215f],
  [0x2212, 0x2212],
];

/**
 * Bytes of full transition rows: the shallowest ~900 of the bundled catalogue's 7,040 states (71
 * symbols). All of them had rows (1 MB in every frame of every page, content scripts run in iframes
 * too): with 128 KB the catalogue's matcher is 0.9 MB smaller per frame and marks 1 MB of dense text as
 * fast (scripts/bench/entities.ts, two runs each: 33.3 ms with every row, 31.0-31.4 with these; the
 * text seldom goes deeper than a name's first few letters).
 */
const DENSE_BYTES = 1 << 17;

export interface Automaton extends Trie {
  /** Symbol per UTF-16 code unit. */
  readonly sym: Uint16Array;
  readonly alphabetSize: number;
  /** Index in `letters` of a folded code unit. */
  readonly letterOf: (folded: number) => number;
  /** States below this id have a full row in `dense`. */
  readonly denseStates: number;
  /** dense[state * alphabetSize + symbol] → next state, for state < denseStates. */
  readonly dense: Uint16Array;
  readonly fail: Int32Array;
  /** 0: no pattern ends here or along the failure chain; 1: some ends along the chain; 3: one ends here. */
  readonly out: Uint8Array;
  readonly maxLength: number;
}

/** Hit: pattern `pattern` occupies raw text [start, end). */
export type HitSink = (pattern: number, start: number, end: number) => void;

/**
 * Every code unit of FOLD_RANGES whose fold is one of the letters, as [code, symbol] pairs. Only the blocks
 * that can fold onto Latin or Cyrillic letters, quotes and dashes are visited (a few thousand folds),
 * rather than keeping a second table of case pairs correct by hand. Kept with a stored pack
 * (lib/match/pack.ts), since a page would otherwise fold those ~1,800 code units at every start (each a
 * string lower-casing: ~2 ms of every frame's start, CPU profiles of warm loads).
 */
export function letterFolds(letters: Uint16Array): Uint16Array {
  return foldsOf(letterIndexOf(letters));
}

/** Index in `letters` of each folded code unit. */
function letterIndexOf(letters: Uint16Array): Map<number, number> {
  const letterIndex = new Map<number, number>();
  letters.forEach((c, i) => letterIndex.set(c, i));
  return letterIndex;
}

function foldsOf(letterIndex: ReadonlyMap<number, number>): Uint16Array {
  const out: number[] = [];
  for (const [lo, hi] of FOLD_RANGES) {
    for (let code = lo; code <= hi; code++) {
      const idx = letterIndex.get(foldCode(code));
      if (idx !== undefined) out.push(code, FIRST_LETTER + idx);
    }
  }
  return Uint16Array.from(out);
}

/** Whether stored folds name only symbols of this alphabet (a row is never read past its end). */
export function foldsFit(folds: Uint16Array, letters: number): boolean {
  if (folds.length % 2) return false;
  for (let i = 1; i < folds.length; i += 2)
    if (folds[i]! < FIRST_LETTER || folds[i]! >= FIRST_LETTER + letters) return false;
  return true;
}

/** Symbol table: spaces, skips, and the code units that fold onto a letter (`folds`, [code, symbol] pairs). */
function symbolTable(folds: Uint16Array): Uint16Array {
  const sym = new Uint16Array(0x10000);
  for (const code of SPACE_CODES) sym[code] = SYM_SPACE;
  for (const code of SKIP_CODES) sym[code] = SYM_SKIP;
  for (let i = 0; i + 1 < folds.length; i += 2) if (sym[folds[i]!] === SYM_OTHER) sym[folds[i]!] = folds[i + 1]!;
  return sym;
}

/** Failure links and the dense rows of the shallowest states, breadth first. */
function link(trie: Trie, A: number, denseBytes: number) {
  const { childStart, label } = trie;
  const n = label.length;
  // Rows hold 16-bit targets: a dense state's children must have ids below 65,536.
  let D = Math.max(1, Math.min(n, Math.floor(denseBytes / (A * 2))));
  while (D > 1 && childStart[D]! > 0x10000) D--;
  const dense = new Uint16Array(D * A);
  const fail = new Int32Array(n);
  const step = (from: number, symbol: number): number => {
    let s = from;
    while (s >= D) {
      const end = childStart[s + 1]!;
      for (let t = childStart[s]!; t < end; t++) if (label[t] === symbol) return t;
      s = fail[s]!;
    }
    return dense[s * A + symbol]!;
  };
  // A state's failure state is shallower, so complete before it: a dense row starts as a copy of its
  // failure state's row, then its own edges overwrite it.
  for (let s = 0; s < n; s++) {
    const f = fail[s]!;
    if (s < D && s > 0) dense.copyWithin(s * A, f * A, f * A + A);
    const end = childStart[s + 1]!;
    for (let t = childStart[s]!; t < end; t++) {
      const symbol = label[t]!;
      fail[t] = s === 0 ? 0 : step(f, symbol);
      if (s < D) dense[s * A + symbol] = t;
    }
  }
  return { D, dense, fail };
}

/**
 * Completes a trie into a runnable automaton: failure links, shallow dense rows, output flags. `folds`
 * (from `letterFolds`, checked with `foldsFit`) spares folding the code units again.
 */
export function loadAutomaton(trie: Trie, denseBytes = DENSE_BYTES, folds?: Uint16Array): Automaton {
  const { letters, patternEnd, patternStart } = trie;
  const A = FIRST_LETTER + letters.length;
  const { D, dense, fail } = link(trie, A, denseBytes);
  const out = new Uint8Array(trie.label.length);
  for (const s of patternEnd) out[s] = 3;
  for (let s = 1; s < out.length; s++) if (out[s] === 0 && out[fail[s]!] !== 0) out[s] = 1;
  let maxLength = 1;
  for (let p = 0; p + 1 < patternStart.length; p++)
    maxLength = Math.max(maxLength, patternStart[p + 1]! - patternStart[p]!);
  const letterIndex = letterIndexOf(letters);
  return {
    ...trie,
    sym: symbolTable(folds ?? foldsOf(letterIndex)),
    alphabetSize: A,
    letterOf: (g) => letterIndex.get(g) ?? -1,
    denseStates: D,
    dense,
    fail,
    out,
    maxLength,
  };
}

/** Builds the runnable automaton straight from patterns; `origin[p]` is the input index of pattern p. */
export function buildAutomaton(
  patterns: readonly string[],
  denseBytes = DENSE_BYTES,
): { automaton: Automaton; origin: Int32Array } {
  const { trie, origin } = buildTrie(patterns);
  return { automaton: loadAutomaton(trie, denseBytes), origin };
}

/** The state after `state` on `symbol` for a state without a full row: its own edges, else its failure link. */
function deepStep(a: Automaton, state: number, symbol: number): number {
  const { childStart, label, fail, denseStates: D } = a;
  let s = state;
  while (s >= D) {
    const end = childStart[s + 1]!;
    for (let t = childStart[s]!; t < end; t++) if (label[t] === symbol) return t;
    s = fail[s]!;
  }
  return a.dense[s * a.alphabetSize + symbol]!;
}

/** Reports the patterns ending at `state` and along its failure chain: longer ones first. */
function emit(a: Automaton, state: number, ring: Int32Array, k: number, mask: number, end: number, sink: HitSink) {
  const { out, fail, patternEnd, patternStart } = a;
  for (let q = state; out[q] !== 0; q = fail[q]!) {
    if (out[q] !== 3) continue;
    let lo = 0;
    let hi = patternEnd.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (patternEnd[mid]! < q) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < patternEnd.length && patternEnd[p] === q; p++) {
      sink(p, ring[(k - (patternStart[p + 1]! - patternStart[p]!)) & mask]!, end);
    }
  }
}

/**
 * Runs the automaton over text[from, to) and reports every pattern occurrence (overlapping ones too).
 * Hot loop: no allocation per code unit, and as small as the dense DFA's was (the rare steps are calls).
 */
export function runAutomaton(a: Automaton, text: string, from: number, to: number, sink: HitSink): void {
  const { sym, dense, denseStates: D, out } = a;
  const A = a.alphabetSize;
  // Locals, not the imported bindings: outside a bundle each imported name is a property read per code unit.
  const SKIP = SYM_SKIP;
  const SPACE = SYM_SPACE;
  const OTHER = SYM_OTHER;
  let size = 1;
  while (size < a.maxLength + 1) size <<= 1;
  const mask = size - 1;
  const ring = new Int32Array(size);
  let k = 0;
  let state = 0;
  let prevSpace = true; // leading whitespace is never part of a match
  for (let i = from; i < to; i++) {
    const s = sym[text.charCodeAt(i)]!;
    if (s === SKIP) continue;
    if (s === SPACE) {
      if (prevSpace) continue;
      prevSpace = true;
    } else {
      prevSpace = false;
      if (s === OTHER) {
        state = 0;
        continue;
      }
    }
    ring[k & mask] = i;
    k++;
    state = state < D ? dense[state * A + s]! : deepStep(a, state, s);
    if (out[state] !== 0) emit(a, state, ring, k, mask, i + 1, sink);
  }
}
