/**
 * The reader's entities travel with the collection's JSON export and come back all or nothing: a bad
 * entity refuses the whole file (clips included), fuzzed the way clip imports are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../lib/clips/errors.ts';
import { exportJson, importJson } from '../../../lib/clips/export.ts';
import { ReaderEntity } from '../../../lib/entities/schema';
import { EntityStore } from '../../../lib/entities/store';
import { importEntities } from '../../../lib/entities/transfer';
import { fullClip, makeStore } from '../clips/helpers.ts';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20_261_127 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });

const entity = (n: number) =>
  ReaderEntity.parse({
    id: `u-e${String(n).padStart(8, '0')}`,
    name: `Name ${n} «Тасмагамбетов»\nwith a line break`,
    type: 'person',
    aliases: [{ text: `Alias${n}` }, { text: `Тасмагамбетов${n}`, case: 'exact', inflect: 'none' }],
    near: ['CSTO'],
    note: 'a "quoted" note, ]} and a comma,',
    createdAt: n,
    updatedAt: n + 1,
  });

async function dump(t: ReturnType<typeof makeStore>) {
  return JSON.stringify([await t.db.clips.orderBy('id').toArray(), await t.db.entities.orderBy('id').toArray()]);
}
const withEntities = (t: ReturnType<typeof makeStore>) => ({
  entities: async (raw: unknown[]) => {
    await importEntities(new EntityStore(t.db), raw);
  },
});

describe('JSON export and import carry the reader entities', () => {
  it('round-trips clips and entities into a fresh profile, in both layouts', async () => {
    const a = makeStore('a');
    for (let i = 1; i <= 3; i++) await a.store.restore(fullClip(i));
    const mine = [entity(1), entity(2)];
    const text = await exportJson(a.store, new Date('2024-06-01T10:00:00Z'), mine);
    expect((JSON.parse(text) as { entities: unknown }).entities).toEqual(mine);

    const b = makeStore('b');
    await importJson(b.store, text, withEntities(b));
    expect(await new EntityStore(b.db).list()).toEqual(mine);
    expect(await b.db.clips.count()).toBe(3);

    // The older whole-file layout (pretty-printed) too, and an export of no clips at all.
    const c = makeStore('c');
    await importJson(c.store, JSON.stringify(JSON.parse(text), null, 2), withEntities(c));
    expect(await new EntityStore(c.db).list()).toEqual(mine);
    const d = makeStore('d');
    await importJson(d.store, await exportJson(d.store, new Date(), mine), withEntities(d));
    expect(await new EntityStore(d.db).list()).toEqual(mine);
    for (const t of [a, b, c, d]) t.db.close();
  });

  it('refuses a file with one bad entity and keeps the collection as it was (clips included)', async () => {
    const src = makeStore('src');
    await src.store.restore(fullClip(9));
    const text = await exportJson(src.store, new Date(), [entity(1), { ...entity(2), aliases: [] }]);
    const t = makeStore('dst');
    await t.store.restore(fullClip(1));
    await new EntityStore(t.db).put(entity(5));
    const before = await dump(t);
    const err = await importJson(t.store, text, withEntities(t)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toContain('One of your tracked names in this file cannot be imported');
    expect((err as ImportError).details).toContain('entities[1].aliases');
    expect(await dump(t)).toBe(before);
    src.db.close();
    t.db.close();
  });

  it('fuzz: any entity value is either stored as valid or refused with the database untouched', async () => {
    const t = makeStore('fuzz-e');
    await t.store.restore(fullClip(1));
    const store = new EntityStore(t.db);
    await store.put(entity(7));
    const good = entity(3) as unknown as Record<string, unknown>;
    const arb = fc.oneof(
      fc.anything(),
      fc
        .record({ ...Object.fromEntries(Object.keys(good).map((k) => [k, fc.constant(good[k])])) })
        .chain((g) => fc.constantFrom(...Object.keys(g)).chain((k) => fc.anything().map((v) => ({ ...g, [k]: v })))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: 4 }), async (raw) => {
        const before = await dump(t);
        try {
          await importEntities(store, raw);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          expect((e as Error).message.length).toBeLessThan(2_000);
          expect(await dump(t)).toBe(before);
          return;
        }
        for (const e of await t.db.entities.toArray()) expect(ReaderEntity.safeParse(e).success).toBe(true);
        await t.db.entities.clear();
        await store.put(entity(7));
      }),
      { numRuns: 300 },
    );
    t.db.close();
  });
});

describe('Markdown export', () => {
  it("lists each clip's entities by name, the reader's own included", async () => {
    const { exportMarkdown } = await import('../../../lib/clips/export.ts');
    const clip = { ...fullClip(1), entities: ['csto', 'u-e00000001', 'unknown-id'] };
    const [file] = exportMarkdown([clip], {
      csto: 'Collective Security Treaty Organization',
      'u-e00000001': 'Imangali Tasmagambetov',
    });
    expect(file!.content).toContain(
      'entities: ["Collective Security Treaty Organization", "Imangali Tasmagambetov", "unknown-id"]',
    );
  });
});
