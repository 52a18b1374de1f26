/**
 * Whole-word, case-insensitive tests for a rule's evidence and veto words ("summit", "Unix", "Dmitry"),
 * in plain code. They were RegExps (`(?<![\p{L}\p{N}])(?:a|b|…)(?![\p{L}\p{N}])` with the `iu` flags):
 * V8 compiles each one that runs twice to native code, 2–17 KB apiece and ~200 KB for the catalogue's
 * rules, kept in every frame of every page, and slow to run on text dense with names. A rule's terms are
 * a handful of short words and the text tested is a few dozen characters around one mention, so a
 * search per term is both smaller and faster.
 *
 * Case-insensitive means both sides folded code unit by code unit (`foldCode`: lower case, quotes,
 * dashes and ё as the matcher reads them), which keeps offsets and agrees with the RegExp `i` flag on
 * the Latin and Cyrillic text the catalogue is written for.
 */
import { canonText, foldCanon, isLetterOrNumberCode } from './chars';

/** Whether s[at] is outside s or not a letter or digit: a whole word may start or end next to it. */
function edge(s: string, at: number): boolean {
  return at < 0 || at >= s.length || !isLetterOrNumberCode(s.charCodeAt(at));
}

/** A term is a whole word in `s` at `i`. */
function wholeAt(s: string, i: number, len: number): boolean {
  return edge(s, i - 1) && edge(s, i + len);
}

export class Terms {
  private foldedTerms: string[] | undefined;

  /**
   * Folded on first use: a page tests the terms of the few rules whose names it holds, and every frame
   * builds the catalogue's ~50 sets at start, in code that has not warmed up yet.
   */
  constructor(private readonly terms: readonly string[]) {}

  /** Canonical, folded, without repeats. */
  private get folded(): string[] {
    return (this.foldedTerms ??= [...new Set(this.terms.map((t) => foldCanon(canonText(t))))].filter(
      (t) => t.length > 0,
    ));
  }

  /** Some term occurs in `text` as a whole word (`text` raw: canonicalised here). */
  in(text: string): boolean {
    const s = foldCanon(canonText(text));
    for (const t of this.folded) {
      for (let i = s.indexOf(t); i >= 0; i = s.indexOf(t, i + 1)) if (wholeAt(s, i, t.length)) return true;
    }
    return false;
  }

  /** `text` (canonical) ends with a term that starts a word: the words right before a mention. */
  endsText(text: string): boolean {
    const s = foldCanon(text);
    for (const t of this.folded) if (s.endsWith(t) && edge(s, s.length - t.length - 1)) return true;
    return false;
  }

  /**
   * `text` (canonical) starts with a term, which ends a word there when its own last character is a
   * letter or digit ("Canal+" is vetoed by "+" whatever follows): the words right after a mention.
   */
  startsText(text: string): boolean {
    const s = foldCanon(text);
    for (const t of this.folded) {
      if (!s.startsWith(t)) continue;
      if (!isLetterOrNumberCode(t.charCodeAt(t.length - 1)) || edge(s, t.length)) return true;
    }
    return false;
  }

  /**
   * How many distinct terms occur as whole words in text[from, to), counting up to `min` (raw text,
   * compared in lower case as it is written: no canonical copy of a window per rule).
   */
  countIn(text: string, from: number, to: number, min: number): number {
    // One character either side, so that a word's edge is judged by what really surrounds it.
    const a = Math.max(0, from - 1);
    const s = text.slice(a, Math.min(text.length, to + 1)).toLowerCase();
    const first = from - a;
    const last = to - a;
    let n = 0;
    for (const t of this.folded) {
      for (let i = s.indexOf(t, first); i >= 0 && i + t.length <= last; i = s.indexOf(t, i + 1)) {
        if (!wholeAt(s, i, t.length)) continue;
        if (++n >= min) return n;
        break;
      }
    }
    return n;
  }
}
