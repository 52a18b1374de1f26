/** formatCount (lib/format-count.ts) against the Intl formatting it stands in for. */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../lib/format-count';
import { prng } from '../support/prng';

describe('formatCount', () => {
  it("writes whole numbers as toLocaleString('en') does", () => {
    const samples = [
      0, 7, 42, 999, 1_000, 1_001, 12_345, 999_999, 1_000_000, 10_000, 123_456_789, -5, -1_234, -1_000_000,
    ];
    const rnd = prng(15);
    for (let k = 0; k < 200; k++) samples.push(Math.floor(rnd() * 10 ** (1 + (k % 15))));
    for (const n of samples) expect(formatCount(n)).toBe(n.toLocaleString('en'));
  });

  it('leaves what is not a safe integer to String', () => {
    expect(formatCount(1.5)).toBe('1.5');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});
