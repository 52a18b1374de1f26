/**
 * The alias trie in flat typed arrays: built once from the surface forms, small enough to store
 * (lib/match/pack.ts) and complete into an automaton in a few milliseconds (lib/match/automaton.ts).
 *
 * States are numbered breadth first, so a state's children are consecutive ids and one start offset per
 * state locates them. Patterns are numbered by the state where they end (ascending input order within a
 * state), so the automaton finds a state's patterns by binary search and needs no list per state.
 *
 * The case rules need each form as written, but a string per form costs more than the whole automaton
 * (21,000 forms: 2.4 MB as parsed JSON). The matched text already holds every letter up to case, so a
 * form keeps one bit per letter (written as its fold, or not) plus, per letter of the alphabet, the one
 * way the forms write it otherwise; the rare form that needs two spellings of one letter keeps its text.
 */
import { canonText, foldCode } from './chars';

export const SYM_OTHER = 0;
export const SYM_SPACE = 1;
export const SYM_SKIP = 2;
export const FIRST_LETTER = 3;

export interface Trie {
  /** Folded code unit of each letter symbol (symbol FIRST_LETTER + i is letters[i]). */
  readonly letters: Uint16Array;
  /** How forms write letters[i] when not as its fold (the capital), or 0. */
  readonly upper: Uint16Array;
  /** Children of state s are the states childStart[s] .. childStart[s + 1] - 1. */
  readonly childStart: Int32Array;
  /** Symbol on the edge into each state (0 for the root). */
  readonly label: Uint16Array;
  /** State where each pattern ends, ascending. */
  readonly patternEnd: Int32Array;
  /** Pattern p is symbols patternStart[p] .. patternStart[p + 1] - 1 of all forms laid end to end. */
  readonly patternStart: Int32Array;
  /** Bit i set: symbol i of the forms laid end to end is written as `upper` of its letter. */
  readonly caseBits: Uint8Array;
  /** Forms that cannot be rebuilt from their bits, by pattern. */
  readonly explicit: ReadonlyMap<number, string>;
}

/** `trie`, and for each of its patterns the index of the input form it came from. */
export interface BuiltTrie {
  trie: Trie;
  origin: Int32Array;
}

interface Folded {
  canon: string[];
  starts: Int32Array;
  symbols: Uint16Array;
  letterIndex: Map<number, number>;
}

/** Every pattern canonicalised and folded once, into one buffer of symbols (letters numbered as met). */
function foldAll(patterns: readonly string[]): Folded {
  const letterIndex = new Map<number, number>();
  const starts = new Int32Array(patterns.length + 1);
  const canon = patterns.map((p, i) => {
    const c = canonText(p).trim();
    if (!c) throw new Error(`pattern ${i} is empty`);
    starts[i + 1] = starts[i]! + c.length;
    return c;
  });
  const symbols = new Uint16Array(starts[patterns.length]!);
  canon.forEach((p, id) => {
    const at = starts[id]!;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c === 0x20) {
        symbols[at + i] = SYM_SPACE;
        continue;
      }
      const f = foldCode(c);
      let idx = letterIndex.get(f);
      if (idx === undefined) letterIndex.set(f, (idx = FIRST_LETTER + letterIndex.size));
      symbols[at + i] = idx;
    }
  });
  return { canon, starts, symbols, letterIndex };
}

interface Insertion {
  count: number;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  labelOf: Uint16Array;
  endOld: Int32Array;
}

/**
 * Insertion trie: one map keyed by state * A + symbol (a map per state costs more, at 84,000 states,
 * than the whole compact automaton), children as linked lists for the breadth-first renumbering.
 */
function insertAll({ starts, symbols, letterIndex }: Folded): Insertion {
  const A = FIRST_LETTER + letterIndex.size;
  const total = symbols.length;
  const edge = new Map<number, number>();
  const firstChild = new Int32Array(total + 1).fill(-1);
  const nextSibling = new Int32Array(total + 1).fill(-1);
  const labelOf = new Uint16Array(total + 1);
  const endOld = new Int32Array(starts.length - 1);
  let count = 1;
  for (let id = 0; id < endOld.length; id++) {
    let s = 0;
    const end = starts[id + 1]!;
    for (let i = starts[id]!; i < end; i++) {
      const symbol = symbols[i]!;
      const key = s * A + symbol;
      let t = edge.get(key);
      if (t === undefined) {
        t = count++;
        edge.set(key, t);
        labelOf[t] = symbol;
        nextSibling[t] = firstChild[s]!;
        firstChild[s] = t;
      }
      s = t;
    }
    endOld[id] = s;
  }
  return { count, firstChild, nextSibling, labelOf, endOld };
}

/** Breadth-first renumbering: the queue order is the new numbering, so siblings get consecutive ids. */
function renumber({ count, firstChild, nextSibling, labelOf }: Insertion) {
  const order = new Int32Array(count);
  const newId = new Int32Array(count);
  const childStart = new Int32Array(count + 1);
  const label = new Uint16Array(count);
  let tail = 1;
  for (let i = 0; i < count; i++) {
    childStart[i] = tail;
    for (let c = firstChild[order[i]!]!; c >= 0; c = nextSibling[c]!) {
      newId[c] = tail;
      label[tail] = labelOf[c]!;
      order[tail++] = c;
    }
  }
  childStart[count] = tail;
  return { newId, childStart, label };
}

/** The case bits of the patterns in their new order, the capital of each letter, and the exceptions. */
function caseData(f: Folded, origin: Int32Array) {
  const { canon, starts, letterIndex } = f;
  const upper = new Uint16Array(letterIndex.size);
  const patternStart = new Int32Array(origin.length + 1);
  const caseBits = new Uint8Array((starts[origin.length]! + 7) >> 3);
  const explicit = new Map<number, string>();
  origin.forEach((o, p) => {
    const text = canon[o]!;
    const at = patternStart[p]!;
    patternStart[p + 1] = at + text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const g = c === 0x20 ? c : foldCode(c);
      if (c === g) continue;
      const li = letterIndex.get(g)! - FIRST_LETTER;
      if (upper[li] === 0) upper[li] = c;
      if (upper[li] !== c) explicit.set(p, text);
      caseBits[(at + i) >> 3]! |= 1 << ((at + i) & 7);
    }
  });
  return { upper, patternStart, caseBits, explicit };
}

/** Builds the trie. Patterns are folded and canonicalised here; an empty pattern is an error. */
export function buildTrie(patterns: readonly string[]): BuiltTrie {
  const folded = foldAll(patterns);
  const inserted = insertAll(folded);
  const { newId, childStart, label } = renumber(inserted);
  const ends = inserted.endOld.map((s) => newId[s]!);
  const origin = Int32Array.from(ends.keys()).sort((a, b) => ends[a]! - ends[b]! || a - b);
  const letters = new Uint16Array(folded.letterIndex.size);
  for (const [code, idx] of folded.letterIndex) letters[idx - FIRST_LETTER] = code;
  return {
    trie: {
      letters,
      childStart,
      label,
      patternEnd: origin.map((o) => ends[o]!),
      ...caseData(folded, origin),
    },
    origin,
  };
}

/**
 * Pattern `p` as its form writes it, given `raw`: the canonical text it matched (same length, same
 * letters up to case).
 */
export function formAsWritten(t: Trie, p: number, raw: string, letterOf: (code: number) => number): string {
  const x = t.explicit.get(p);
  if (x !== undefined) return x;
  const at = t.patternStart[p]!;
  if (raw.length !== t.patternStart[p + 1]! - at) return '';
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const g = c === 0x20 ? c : foldCode(c);
    const bit = (t.caseBits[(at + i) >> 3]! >> ((at + i) & 7)) & 1;
    out += String.fromCharCode(bit ? t.upper[letterOf(g)]! : g);
  }
  return out;
}
