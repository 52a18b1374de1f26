/**
 * The first viewport figure as the bench and the A/B script read it (scripts/bench/marking.ts).
 */
import { describe, expect, it } from 'vitest';
import { viewportAfterPaint, viewportWait } from '../../../scripts/bench/marking';

describe('the first viewport figure', () => {
  it('counts from the later of the script start and the first paint', () => {
    expect(viewportAfterPaint({ scriptStart: 100, firstPaint: 150, viewportMarked: 170 })).toBe(20);
    expect(viewportAfterPaint({ scriptStart: 200, firstPaint: 150, viewportMarked: 230 })).toBe(30);
  });

  it('reads 0 where the marks came in the first painted frame (its entry is that frame’s presentation)', () => {
    expect(viewportAfterPaint({ scriptStart: 125, firstPaint: 148, viewportMarked: 142.2 })).toBe(0);
  });

  it('counts from the script start where no paint entry was seen', () => {
    expect(viewportAfterPaint({ scriptStart: 100, firstPaint: NaN, viewportMarked: 130 })).toBe(30);
  });

  it("less the page's own work in it, never below 0", () => {
    // Started 18 ms after the page's first paint; the frame that painted the marks ended 111 ms later, 84 ms
    // of it the page's own (its first frame after the load).
    const load = { scriptStart: 118, firstPaint: 100, viewportMarked: 229, viewportPageWorkMs: 84 };
    expect(viewportAfterPaint(load)).toBe(111);
    expect(viewportWait(load)).toBe(27);
    expect(viewportWait({ ...load, viewportPageWorkMs: 200 })).toBe(0);
  });
});
