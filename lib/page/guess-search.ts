/**
 * A search over values that grow along a list and cost something to read: where a mention sits inside a
 * giant block, read from its range's rect (1–2 ms inside a 2 MB text node). A binary search reads ~14 of
 * 12,692; text runs down a block at a steady pace, so the index where the value reaches the target is
 * guessed from the values at the two ends, and the answer is found by galloping out from the guess and
 * bisecting what that brackets: 3–7 reads when the guess is a few entries off, never more than about
 * twice a binary search's when it is far off.
 */

/**
 * The first index in [from, n) whose value has reached `target` (`reached(value)`, false then true along
 * the list; n when none has). `before` and `after` estimate the values just before `from` and at `n`
 * (a block's top and bottom): they place the first guess and are never taken for read values.
 */
export function firstReaching(
  from: number,
  n: number,
  value: (i: number) => number,
  target: number,
  reached: (v: number) => boolean,
  before: number,
  after: number,
): number {
  if (from >= n) return n;
  const guess = Math.min(n - 1, guessIndex(from, n, target, before, after));
  let lo: number;
  let hi: number;
  if (reached(value(guess))) {
    // Down from the guess, in steps that double, until one has not reached it.
    hi = guess;
    lo = from;
    for (let step = 1; hi - step >= from; step *= 2) {
      if (!reached(value(hi - step))) {
        lo = hi - step + 1;
        break;
      }
      hi -= step;
    }
  } else {
    lo = guess + 1;
    hi = n;
    for (let step = 1; lo - 1 + step < n; step *= 2) {
      if (reached(value(lo - 1 + step))) {
        hi = lo - 1 + step;
        break;
      }
      lo += step;
    }
  }
  // Bisect what the gallop bracketed: [lo, hi], hi known to have reached it (or n).
  return lowerBound(hi, (i) => !reached(value(i)), lo);
}

/**
 * Where in [from, n] the value reaches `target`, by interpolating between `before` (the value just before
 * `from`) and `after` (the value at n): no value is read.
 */
export function guessIndex(from: number, n: number, target: number, before: number, after: number): number {
  const span = after - before;
  const share = span > 0 ? (target - before) / span : 0.5;
  return clamp(from - 1 + Math.round(share * (n - from + 1)), from, n);
}

/** First index in [from, n) where `before(i)` is false, for a predicate true then false along the list. */
export function lowerBound(n: number, before: (i: number) => boolean, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Values read along a list, by index, each read once: searches start between the two read nearest to
 * where they aim, so a search near an earlier one reads a few values and a guess from them lands close.
 */
export class Readings<T> {
  private readonly values = new Map<number, T>();
  /** The indexes read, in order. */
  private readonly indexes: number[] = [];

  /** The value at `i`: read by `read` the first time. */
  get(i: number, read: (i: number) => T): T {
    let v = this.values.get(i);
    if (v === undefined) {
      v = read(i);
      this.values.set(i, v);
      this.indexes.splice(
        lowerBound(this.indexes.length, (k) => this.indexes[k]! < i),
        0,
        i,
      );
    }
    return v;
  }

  /** The furthest index read, or -1. */
  get furthest(): number {
    return this.indexes.at(-1) ?? -1;
  }

  /**
   * Around where `reached` turns true (false then true along the list): the last index read where it is
   * false (-1 if none) and the first where it is true (-1 if none).
   */
  around(reached: (v: T) => boolean): [number, number] {
    const k = lowerBound(this.indexes.length, (j) => !reached(this.values.get(this.indexes[j]!)!));
    return [this.indexes[k - 1] ?? -1, this.indexes[k] ?? -1];
  }
}
