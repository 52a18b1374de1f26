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
  // Interpolate between the two ends: index from - 1 holds `before`, index n holds `after`.
  const span = after - before;
  const share = span > 0 ? (target - before) / span : 0.5;
  const guess = clamp(from - 1 + Math.round(share * (n - from + 1)), from, n - 1);
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
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(value(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
