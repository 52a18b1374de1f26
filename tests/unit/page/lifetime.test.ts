import { describe, expect, it } from 'vitest';
import { claimLifetime } from '../../../lib/page/lifetime';

describe('claimLifetime', () => {
  it('ends the copy that ran before, and only when a newer one starts', () => {
    const scope: Record<symbol, unknown> = {};
    const first = claimLifetime(scope);
    expect(first.aborted).toBe(false);
    const second = claimLifetime(scope);
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
    expect(claimLifetime({}).aborted).toBe(false);
    expect(second.aborted).toBe(false);
  });

  it('keeps its slot off the object under any name a page could guess by string, and ignores what is not its own', () => {
    const scope: Record<string | symbol, unknown> = {};
    claimLifetime(scope);
    expect(Object.keys(scope)).toEqual([]);
    // Whatever else sits in the slot (not an AbortController) is replaced, never called.
    const slot = Object.getOwnPropertySymbols(scope)[0]!;
    scope[slot] = {
      abort: () => {
        throw new Error('called');
      },
    };
    expect(() => claimLifetime(scope)).not.toThrow();
  });
});
