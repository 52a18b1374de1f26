/**
 * The content script's hand-written shape checks (lib/guards.ts, parseSummary in lib/settings/summary.ts)
 * against the zod schemas they replaced, kept here as the oracle: on random values close to each shape
 * (every field present, missing, or of another type; extra fields; arrays, null, numbers that are not
 * finite) both accept the same values and give the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../lib/zod-config';
import { z } from 'zod/mini';
import { readPassages, readRemoved } from '../../../lib/guards';
import { parseSummary } from '../../../lib/settings/summary';

const MarkingSummary = z.object({
  enabled: z.boolean(),
  salt: z.string(),
  sitesOff: z.array(z.string()),
  everywhere: z.array(z.string()),
  scoped: z.record(z.string(), z.array(z.string())),
});
const PassageList = z.object({
  passages: z.array(
    z.object({
      id: z.string().check(z.maxLength(200)),
      selection: z.object({
        exact: z.string(),
        prefix: z.string(),
        suffix: z.string(),
        start: z.number(),
        end: z.number(),
      }),
    }),
  ),
});
const Removed = z.object({ removed: z.optional(z.array(z.string())) });

const RUNS = { numRuns: 4000 };
/** Anything, and sometimes a value of the expected kind. */
const wrong = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 2 }),
);
/** A record with each key either right, wrong, or missing, plus perhaps an extra field. */
function near(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const shaped = Object.fromEntries(
    Object.entries(fields).map(([k, right]) => [
      k,
      fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong }),
    ]),
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.record(shaped, { requiredKeys: Object.keys(fields).slice(1) }), fc.boolean())
        .map(([r, extra]) => (extra ? { ...r, extra: 1 } : r)),
    },
    { weight: 1, arbitrary: wrong },
  );
}
const strings = fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 });
const numbers = fc.oneof(fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, 0.5));

function agrees<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  mine: (v: unknown) => unknown,
  data: (v: T) => unknown,
) {
  return (v: unknown) => {
    const r = schema.safeParse(v);
    expect(mine(v)).toEqual(r.success ? data(r.data as T) : null);
  };
}

describe('the content script reads what the zod schemas read', () => {
  it('the marking summary', () => {
    const summary = near({
      enabled: fc.boolean(),
      salt: fc.string({ maxLength: 4 }),
      sitesOff: strings,
      everywhere: strings,
      scoped: fc.dictionary(
        fc.string({ maxLength: 3 }),
        fc.oneof({ weight: 5, arbitrary: strings }, { weight: 1, arbitrary: wrong }),
        { maxKeys: 3 },
      ),
    });
    fc.assert(
      fc.property(
        summary,
        agrees(MarkingSummary, parseSummary, (d) => d),
      ),
      RUNS,
    );
  });

  it('the passages to show', () => {
    const selection = near({
      exact: fc.string({ maxLength: 3 }),
      prefix: fc.string({ maxLength: 2 }),
      suffix: fc.string({ maxLength: 2 }),
      start: numbers,
      end: numbers,
    });
    const passage = near({
      id: fc.oneof(fc.string({ maxLength: 3 }), fc.constant('x'.repeat(201)), fc.constant('y'.repeat(200))),
      selection,
    });
    const list = near({ passages: fc.array(passage, { maxLength: 3 }) });
    fc.assert(
      fc.property(
        list,
        agrees(PassageList, readPassages, (d) => d.passages),
      ),
      RUNS,
    );
  });

  it('the removed ids', () => {
    const removed = near({ removed: strings });
    fc.assert(
      fc.property(removed, (v) => {
        const r = Removed.safeParse(v);
        expect(readRemoved(v)).toEqual(r.success ? (r.data.removed ?? []) : []);
      }),
      RUNS,
    );
  });

  it('returns copies with only the known fields', () => {
    const raw = { enabled: true, salt: 's', sitesOff: ['a'], everywhere: [], scoped: { h: ['csto'] }, extra: 1 };
    const read = parseSummary(raw)!;
    expect(read).toEqual({ enabled: true, salt: 's', sitesOff: ['a'], everywhere: [], scoped: { h: ['csto'] } });
    expect(read.sitesOff).not.toBe(raw.sitesOff);
  });
});
