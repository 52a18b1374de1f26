import { describe, expect, it } from 'vitest';
import { placeCard } from '../../../lib/page/position';

const viewport = { width: 1000, height: 800 };
const card = { width: 400, height: 300 };
const at = (left: number, top: number, w = 60, h = 20) => ({ left, top, right: left + w, bottom: top + h });

describe('placeCard', () => {
  it.each([
    ['below, aligned with the mention', at(100, 100), false, { left: 100, top: 128, above: false }],
    ['above when there is no room below', at(100, 700), false, { left: 100, top: 392, above: true }],
    ['pulled left at the right edge', at(900, 100), false, { left: 592, top: 128, above: false }],
    ['mirrored on right-to-left pages', at(500, 100), true, { left: 160, top: 128, above: false }],
    ['kept off the left edge', at(2, 100), true, { left: 8, top: 128, above: false }],
  ])('%s', (_name, anchor, rtl, expected) => {
    expect(placeCard(anchor, card, viewport, rtl)).toEqual(expected);
  });

  it('shrinks a tall card to the larger side rather than covering the mention', () => {
    const p = placeCard(at(100, 420), { width: 400, height: 700 }, viewport);
    expect(p.above).toBe(true);
    expect(p.maxHeight).toBe(404);
    expect(p.top + p.maxHeight!).toBeLessThanOrEqual(420 - 8);
  });
});
