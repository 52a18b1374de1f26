/**
 * zod's Function probe is off: parsing object schemas never calls the Function constructor once
 * lib/zod-config.ts ran. The second test turns jitless off to show the spy does see zod's use of it,
 * so the first one can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../../lib/zod-config';
import { z } from 'zod';
import { z as zm } from 'zod/mini';
import { requests } from '../../../lib/protocol/requests';
import { Settings } from '../../../lib/settings/settings';

const RealFunction = globalThis.Function;

function spyOnFunction(): { calls: number } {
  const seen = { calls: 0 };
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      seen.calls++;
      return Reflect.construct(target, args) as object;
    },
    apply(target, self, args) {
      seen.calls++;
      return Reflect.apply(target, self, args) as unknown;
    },
  });
  return seen;
}

afterEach(() => {
  globalThis.Function = RealFunction;
  z.config({ jitless: true });
});

describe('zod without its Function probe', () => {
  it('parses every request schema and the settings without the Function constructor', () => {
    const seen = spyOnFunction();
    expect(requests['kb:card'].schema.safeParse({ type: 'kb:card', entity: 'csto' }).success).toBe(true);
    expect(requests['clips:list'].schema.safeParse({ query: '', filters: {}, offset: 0, limit: 5 }).success).toBe(true);
    expect(Settings.safeParse({}).success).toBe(true);
    expect(zm.object({ a: zm.string() }).safeParse({ a: 'x' }).success).toBe(true);
    expect(seen.calls).toBe(0);
  });

  it('(control) sees zod reach for Function when jitless is off', () => {
    z.config({ jitless: false });
    const seen = spyOnFunction();
    const schema = z.object({ a: z.string(), b: z.number() });
    for (let i = 0; i < 3; i++) schema.parse({ a: 'x', b: i });
    expect(seen.calls).toBeGreaterThan(0);
  });
});
