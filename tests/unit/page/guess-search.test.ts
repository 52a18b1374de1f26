/**
 * firstReaching: the first index whose value has reached a target, over values that grow along a list,
 * read as few times as a good guess allows.
 */
import { describe, expect, it } from 'vitest';
import { firstReaching, Readings } from '../../../lib/page/guess-search';
import { prng } from '../../support/prng';

/** The same answer by reading every value in turn. */
function linear(values: number[], from: number, reached: (v: number) => boolean): number {
  for (let i = from; i < values.length; i++) if (reached(values[i]!)) return i;
  return values.length;
}

describe('firstReaching', () => {
  it('gives what a linear scan gives, on lists of every shape, from any start, for any target', () => {
    const rnd = prng(7);
    for (let run = 0; run < 400; run++) {
      const n = Math.floor(rnd() * 300);
      // Steps of uneven size, some of zero (several mentions on one line), some long gaps.
      const values: number[] = [];
      for (let i = 0, y = rnd() * 50; i < n; i++)
        values.push((y += rnd() < 0.2 ? 0 : rnd() < 0.1 ? rnd() * 5000 : rnd() * 40));
      const last = values.at(-1) ?? 0;
      const from = Math.floor(rnd() * (n + 1));
      const target = rnd() * (last + 200) - 100;
      const strict = rnd() < 0.5;
      const reached = (v: number) => (strict ? v > target : v >= target);
      // The ends' estimates are only estimates: sometimes wrong.
      const before = rnd() < 0.8 ? (values[from - 1] ?? 0) : rnd() * last;
      const after = rnd() < 0.8 ? last + 20 : rnd() * last;
      const got = firstReaching(from, n, (i) => values[i]!, target, reached, before, after);
      expect(got, `run ${run}`).toBe(linear(values, from, reached));
    }
  });

  it('reads a handful of values where text runs at a steady pace, at most about twice a binary search where not', () => {
    const n = 12_692;
    const count = (values: number[], target: number) => {
      let reads = 0;
      const got = firstReaching(
        0,
        n,
        (i) => (reads++, values[i]!),
        target,
        (v) => v >= target,
        0,
        values.at(-1)! + 20,
      );
      expect(got).toBe(linear(values, 0, (v) => v >= target));
      return reads;
    };
    // A <pre>: a line of 20 px every 80 characters, a mention every 160 or so, with some jitter.
    const rnd = prng(3);
    const steady: number[] = [];
    for (let i = 0, y = 0; i < n; i++) steady.push((y += 40 + Math.round((rnd() - 0.5) * 40)));
    for (const f of [0.01, 0.5, 0.9, 0.999]) expect(count(steady, steady.at(-1)! * f)).toBeLessThanOrEqual(10);
    // Everything in the last tenth: the guess is far off.
    const skewed = Array.from({ length: n }, (_, i) => (i < n * 0.9 ? i : 1e6 + i));
    for (const t of [100, 5_000, 1e6 + n * 0.95])
      expect(count(skewed, t)).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 2);
  });

  it('Readings read each value once, and bracket a target between the indexes read nearest to it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 10);
    let reads = 0;
    const readings = new Readings<number>();
    const read = (i: number) => (reads++, values[i]!);
    for (const i of [50, 10, 90, 50, 30]) readings.get(i, read);
    expect(reads).toBe(4);
    expect(readings.furthest).toBe(90);
    expect(readings.around((v) => v >= 400)).toEqual([30, 50]);
    expect(readings.around((v) => v >= 0)).toEqual([-1, 10]);
    expect(readings.around((v) => v > 2000)).toEqual([90, -1]);
  });
});
