/**
 * Compiled patterns as one base64 string, for storage.local (which holds JSON): built once where the
 * reader's list changes, read by every frame of every page without building anything. Typed arrays go
 * in as they are (a state costs 4 bytes stored), so decoding is a copy, not a parse. The code units that
 * fold onto the letters go in too (lib/match/automaton.ts `letterFolds`, ~7 KB for the catalogue).
 */
import { foldsFit, letterFolds } from './automaton';
import type { Patterns } from './matcher';
import { FIRST_LETTER } from './trie';

const MAGIC = 0x32504352; // "RCP2" (RCP1 held no folds)
const HEADER = 7;

export interface PackedPatterns {
  /** base64 of the typed arrays, laid end to end (see `encodePatterns`). */
  data: string;
  /** Forms kept as text (lib/match/trie.ts): [pattern, form]. */
  explicit: [number, string][];
}

const pad4 = (n: number) => (n + 3) & ~3;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** `Uint8Array.fromBase64` (Chromium 140+, Firefox 133+; not in TypeScript's lib yet). */
type Base64Decoder = (b64: string) => Uint8Array;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: Base64Decoder }).fromBase64;

/** Native where there is one: the copy loop below was ~1.6 ms of every frame's start (CPU profile). */
function fromBase64(b64: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64.call(Uint8Array, b64);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Byte offsets of each section for the given sizes. */
function layout(letters: number, states: number, patterns: number, caseBytes: number, folds: number) {
  const letterAt = HEADER * 4;
  const upperAt = letterAt + letters * 2;
  const countAt = pad4(upperAt + letters * 2);
  const labelAt = countAt + states * 2;
  const endAt = pad4(labelAt + states * 2);
  const ruleAt = endAt + patterns * 4;
  const lengthAt = ruleAt + patterns * 4;
  const caseAt = lengthAt + patterns * 2;
  const foldAt = pad4(caseAt + caseBytes);
  return { letterAt, upperAt, countAt, labelAt, endAt, ruleAt, lengthAt, caseAt, foldAt, size: foldAt + folds * 2 };
}

export function encodePatterns({ trie, rule, folds = letterFolds(trie.letters) }: Patterns): PackedPatterns {
  const L = trie.letters.length;
  const n = trie.label.length;
  const P = trie.patternEnd.length;
  const F = folds.length;
  const at = layout(L, n, P, trie.caseBits.length, F);
  const buf = new ArrayBuffer(at.size);
  new Int32Array(buf, 0, HEADER).set([MAGIC, L, n, P, trie.caseBits.length, F, 0]);
  new Uint16Array(buf, at.letterAt, L).set(trie.letters);
  new Uint16Array(buf, at.upperAt, L).set(trie.upper);
  const counts = new Uint16Array(buf, at.countAt, n);
  for (let s = 0; s < n; s++) counts[s] = trie.childStart[s + 1]! - trie.childStart[s]!;
  new Uint16Array(buf, at.labelAt, n).set(trie.label);
  new Int32Array(buf, at.endAt, P).set(trie.patternEnd);
  new Int32Array(buf, at.ruleAt, P).set(rule);
  const lengths = new Uint16Array(buf, at.lengthAt, P);
  for (let p = 0; p < P; p++) lengths[p] = trie.patternStart[p + 1]! - trie.patternStart[p]!;
  new Uint8Array(buf, at.caseAt, trie.caseBits.length).set(trie.caseBits);
  new Uint16Array(buf, at.foldAt, F).set(folds);
  return { data: toBase64(new Uint8Array(buf)), explicit: [...trie.explicit] };
}

/** Sections that must hold together for the automaton to be safe to run. */
function consistent(p: Patterns, rules: number): boolean {
  const { childStart, label, patternEnd, patternStart, letters, caseBits } = p.trie;
  const n = label.length;
  const A = FIRST_LETTER + letters.length;
  if (childStart[n] !== n) return false;
  for (let s = 0; s < n; s++) if (childStart[s]! <= s && childStart[s + 1]! > childStart[s]!) return false;
  for (let s = 1; s < n; s++) if (label[s]! < 1 || label[s]! >= A) return false;
  for (let i = 0; i < patternEnd.length; i++) {
    const e = patternEnd[i]!;
    if (e <= 0 || e >= n || (i > 0 && e < patternEnd[i - 1]!)) return false;
    if (p.rule[i]! < 0 || p.rule[i]! >= rules) return false;
  }
  if (p.folds && !foldsFit(p.folds, letters.length)) return false;
  return patternStart[patternEnd.length]! <= caseBits.length * 8;
}

/** Decodes what `encodePatterns` wrote; null for anything else (the caller falls back to building). */
export function decodePatterns(packed: PackedPatterns, rules: number): Patterns | null {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(packed.data);
  } catch {
    return null;
  }
  if (bytes.length < HEADER * 4) return null;
  const buf = bytes.buffer;
  const [magic, L, n, P, C, F] = new Int32Array(buf, 0, HEADER);
  if (magic !== MAGIC || !(L! >= 0 && n! >= 1 && P! >= 0 && C! >= 0 && F! >= 0)) return null;
  const at = layout(L!, n!, P!, C!, F!);
  if (at.size !== bytes.length) return null;
  const counts = new Uint16Array(buf, at.countAt, n);
  const childStart = new Int32Array(n! + 1);
  childStart[0] = 1;
  for (let s = 0; s < n!; s++) childStart[s + 1] = childStart[s]! + counts[s]!;
  const lengths = new Uint16Array(buf, at.lengthAt, P);
  const patternStart = new Int32Array(P! + 1);
  for (let p = 0; p < P!; p++) patternStart[p + 1] = patternStart[p]! + lengths[p]!;
  // Copies, so the decoded buffer can go.
  const patterns: Patterns = {
    trie: {
      letters: new Uint16Array(buf, at.letterAt, L).slice(),
      upper: new Uint16Array(buf, at.upperAt, L).slice(),
      childStart,
      label: new Uint16Array(buf, at.labelAt, n).slice(),
      patternEnd: new Int32Array(buf, at.endAt, P).slice(),
      patternStart,
      caseBits: new Uint8Array(buf, at.caseAt, C).slice(),
      explicit: new Map(packed.explicit.filter(([p, f]) => Number.isInteger(p) && typeof f === 'string')),
    },
    rule: new Int32Array(buf, at.ruleAt, P).slice(),
    folds: new Uint16Array(buf, at.foldAt, F).slice(),
  };
  return consistent(patterns, rules) ? patterns : null;
}
