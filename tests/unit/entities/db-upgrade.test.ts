/** Schema v5 adds the reader's entities: every earlier schema upgrades with zero records lost. */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ClipsDB, DB_VERSION, STORES_V1, STORES_V2, STORES_V3, STORES_V4, toRecord } from '../../../lib/clips/db.ts';
import { EntityStore } from '../../../lib/entities/store';
import { ReaderEntity } from '../../../lib/entities/schema';
import { ENTITIES_KEY } from '../../../lib/entities/compile';
import { freshFactory, fullClip } from '../clips/helpers.ts';

const sample = ReaderEntity.parse({
  id: 'u-abcdef123456',
  name: 'Imangali Tasmagambetov',
  type: 'person',
  aliases: [{ text: 'Тасмагамбетов' }],
  createdAt: 1,
  updatedAt: 2,
});

describe('schema upgrade to v5 (the reader entities)', () => {
  it.each([
    [1, STORES_V1],
    [2, STORES_V2],
    [3, STORES_V3],
    [4, STORES_V4],
  ] as const)('from v%i: every clip kept, the entities table ready', async (version, stores) => {
    const factory = freshFactory();
    const clips = Array.from({ length: 120 }, (_, i) => fullClip(i + 1));
    const old = new Dexie('context-reader', factory);
    old.version(version).stores(stores);
    await old.table('clips').bulkAdd(version >= 2 ? clips.map(toRecord) : clips);
    old.close();

    const db = new ClipsDB('context-reader', factory);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.clips.toArray()).toStrictEqual(clips.map(toRecord));
    const store = new EntityStore(db);
    await store.put(sample);
    expect(await store.list()).toStrictEqual([sample]);
    db.close();
  });

  it('publishes the compiled form only when it changed, and drops records that no longer parse', async () => {
    const db = new ClipsDB('pub', freshFactory());
    const store = new EntityStore(db);
    const area: Record<string, unknown> = {};
    let writes = 0;
    const local = {
      get: (k: string) => Promise.resolve({ [k]: area[k] }),
      set: (items: Record<string, unknown>) => {
        writes++;
        Object.assign(area, items);
        return Promise.resolve();
      },
    };
    await store.put(sample);
    await db.entities.put({ ...sample, id: 'u-broken000000', aliases: [] });
    const { compiled, changed } = await store.publish(local, { 'ru-masc-ev': { strip: '', endings: ['', 'а'] } });
    expect(writes).toBe(1);
    expect(changed).toBe(true);
    expect(compiled.forms.map(([f]) => f)).toEqual(['Тасмагамбетов', 'Тасмагамбетова']);
    expect(area[ENTITIES_KEY]).toEqual(compiled);
    expect((await store.publish(local, { 'ru-masc-ev': { strip: '', endings: ['', 'а'] } })).changed).toBe(false);
    expect(writes).toBe(1);
    db.close();
  });
});
