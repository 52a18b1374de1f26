import { describe, expect, it } from 'vitest';
import { SlicePacer } from '../../../lib/page/slice-pacer';

describe('SlicePacer windows', () => {
  it.each([
    ['nothing measured yet: the first, small window', [], 12, 2048],
    ['1,000 characters per ms, 12 ms left', [[10_000, 10]], 12, 12_000],
    ['capped at the largest window', [[100_000, 10]], 12, 32_768],
    ['at least the smallest window when half of one fits', [[10_000, 10]], 1.5, 2048],
    ['none when less than half of the smallest fits (the slice ends)', [[10_000, 10]], 0.9, 0],
    [
      'a slower sample is believed at once',
      [
        [10_000, 10],
        [5_000, 10],
      ],
      12,
      6_000,
    ],
    [
      'a faster one moves the estimate a quarter of the way',
      [
        [10_000, 10],
        [30_000, 10],
      ],
      12,
      18_000,
    ],
    [
      'samples under 1 ms are pooled, not read from a coarse clock',
      [
        [10_000, 10],
        [900, 0.1],
        [100, 0.9],
      ],
      12,
      12_000,
    ],
  ] as [string, [number, number][], number, number][])('%s', (_, samples, leftMs, expected) => {
    const p = new SlicePacer();
    // The first window's time (cold code) is no sample: the cases' samples follow it.
    p.measured(2048, 50);
    for (const [chars, ms] of samples) p.measured(chars, ms);
    expect(p.windowChars(leftMs)).toBe(expected);
  });

  it("leaves the first window's time out: it ran cold, the small window comes again until a warm one", () => {
    const p = new SlicePacer();
    p.measured(2048, 8.6);
    expect(p.charsPerMs).toBe(0);
    expect(p.windowChars(3.9)).toBe(2048);
    p.measured(2048, 0.5);
    p.measured(2048, 0.5);
    expect(p.charsPerMs).toBe(4096);
  });

  it("leaves out a window the caller says ran cold (the scanner's first names), after the first too", () => {
    const p = new SlicePacer();
    p.measured(50, 0.6);
    p.measured(806, 12, true);
    expect(p.charsPerMs).toBe(0);
    expect(p.windowChars(4)).toBe(2048);
    p.measured(2048, 0.5);
    p.measured(2048, 0.5);
    expect(p.charsPerMs).toBe(4096);
    // Believed, the cold window's 67 characters per ms would have ended the slice with 4 ms left.
    const believing = new SlicePacer();
    believing.measured(50, 0.6);
    believing.measured(806, 12);
    expect(believing.windowChars(4)).toBe(0);
  });

  it('keeps windows within a small maximum (tests and callers that set one)', () => {
    const p = new SlicePacer({ maxChars: 333 });
    expect(p.windowChars(12)).toBe(333);
    p.measured(333, 5);
    p.measured(100_000, 10);
    expect(p.windowChars(12)).toBe(333);
    expect(p.minChars).toBe(333);
  });
});

describe('SlicePacer runs', () => {
  it('allows two 12 ms slices back to back, then a rest; a pause of the page ends the run', () => {
    const p = new SlicePacer({ sliceMs: 12, runMs: 26, gapMs: 1 });
    expect(p.mustRest(0)).toBe(false);
    p.ranUntil(12.5);
    expect(p.mustRest(12.6)).toBe(false);
    p.ranUntil(25);
    expect(p.mustRest(25.1)).toBe(true);
    p.rested(26.1);
    expect(p.mustRest(26.1)).toBe(false);
    p.ranUntil(38);
    // The page ran something for 3 ms in between: a new run.
    expect(p.mustRest(41)).toBe(false);
    p.ranUntil(53);
    expect(p.mustRest(53.2)).toBe(false);
  });

  it('by default rests after a full slice, and lets a second follow only one that stopped short', () => {
    const p = new SlicePacer();
    expect(p.mustRest(0)).toBe(false);
    p.ranUntil(12);
    expect(p.mustRest(12.2)).toBe(true);
    p.rested(13.2);
    expect(p.mustRest(13.2)).toBe(false);
    p.ranUntil(16);
    expect(p.mustRest(16.1)).toBe(false);
  });

  it("counts work of ours between two slices (the frame's check) as part of the run", () => {
    const p = new SlicePacer({ sliceMs: 12, runMs: 26, gapMs: 1 });
    expect(p.mustRest(0)).toBe(false);
    p.ranUntil(12);
    // The highlight window's check in the next frame, 1.2–2.0 ms after the slice.
    p.ranUntil(14);
    expect(p.mustRest(14.1)).toBe(true);
  });

  it('rests at once after one slice that overran past half the run', () => {
    const p = new SlicePacer({ sliceMs: 12, runMs: 26 });
    expect(p.mustRest(0)).toBe(false);
    p.ranUntil(15);
    expect(p.mustRest(15.1)).toBe(true);
  });
});
