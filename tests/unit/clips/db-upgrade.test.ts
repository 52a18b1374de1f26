import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  ClipsDB,
  DB_VERSION,
  STORES_V1,
  STORES_V2,
  STORES_V3,
  STORES_V4,
  STORES_V5,
  toClip,
  toRecord,
  type ClipRecord,
} from '../../../lib/clips/db.ts';
import type { Clip } from '../../../lib/clips/schema.ts';
import { LiveIndex } from '../../../lib/clips/live-index.ts';
import { ClipStore } from '../../../lib/clips/store.ts';
import { tokenize } from '../../../lib/clips/text.ts';
import { freshFactory, fullClip } from './helpers.ts';
import { searchClips } from './helpers.ts';

describe('schema upgrade v1 → v2', () => {
  it('keeps every record and field and indexes words and site', async () => {
    const factory = freshFactory();
    const clips: Clip[] = Array.from({ length: 300 }, (_, i) => fullClip(i + 1));

    // A database exactly as version 1 of the extension wrote it.
    const v1 = new Dexie('context-reader', factory);
    v1.version(1).stores(STORES_V1);
    await v1.table('clips').bulkAdd(clips);
    v1.close();

    const db = new ClipsDB('context-reader', factory);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    const records: ClipRecord[] = await db.clips.toArray();
    expect(records).toHaveLength(clips.length);

    const byId = new Map(records.map((r) => [r.id, r]));
    for (const clip of clips) {
      const record = byId.get(clip.id);
      expect(record).toBeDefined();
      const { words, site, ...rest } = record!;
      expect(rest).toStrictEqual(clip);
      expect(words).toEqual(expect.arrayContaining(tokenize(clip.title)));
      expect(words).toContain('patrushev');
      expect(site).toBe(clip.siteName);
    }

    // The new indexes answer queries over the upgraded records.
    const store = new ClipStore(db);
    expect(await store.count()).toBe(300);
    expect((await searchClips(db, 'ёжик', { limit: 1000 })).length).toBe(300);
    // "17" is the word being typed: a prefix of 17 and of 170–179; newest (highest n) first.
    const expected = [179, 178, 177, 176, 175, 174, 173, 172, 171, 170, 17].map((n) => fullClip(n).id);
    expect((await searchClips(db, 'article 17')).map((c) => c.id)).toEqual(expected);
    expect((await store.list({ site: 'Site 3', limit: 1000 })).length).toBe(
      clips.filter((c) => c.siteName === 'Site 3').length,
    );
    db.close();
  });

  it('opens an empty database at the latest version', async () => {
    const db = new ClipsDB('fresh', freshFactory());
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(db.clips.schema.indexes.map((i) => i.name).sort()).toEqual([
      'entities',
      'savedAt',
      'site',
      'tags',
      'urlKey',
    ]);
    db.close();
  });
});

describe('schema upgrade to v3 (import journal) and v4 (no IndexedDB word index)', () => {
  it.each([
    ['v1', 1, STORES_V1],
    ['v2', 2, STORES_V2],
    ['v3', 3, STORES_V3],
  ] as const)('from %s: every record kept as it was, the import tables ready', async (_name, version, stores) => {
    const factory = freshFactory();
    const clips: Clip[] = Array.from({ length: 250 }, (_, i) => fullClip(i + 1));
    const old = new Dexie('context-reader', factory);
    old.version(version).stores(stores);
    // v2 and v3 databases hold records with their index fields; v1 ones the bare clips.
    const records = version >= 2 ? clips.map(toRecord) : clips;
    await old.table('clips').bulkAdd(records);
    old.close();

    const db = new ClipsDB('context-reader', factory);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(db.clips.schema.indexes.map((i) => i.name)).not.toContain('words');
    expect(await db.clips.count()).toBe(250);
    const stored = await db.clips.toArray();
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const clip of clips) expect(toClip(byId.get(clip.id)!)).toStrictEqual(clip);
    // Words stay on the records (the in-memory index is rebuilt from them); v1 records got them in v2.
    expect(stored).toStrictEqual(clips.map(toRecord));
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'clips',
      'entities',
      'importJournal',
      'imports',
      'meta',
      'snapshots',
    ]);

    // The new tables work: an import on the upgraded database rolls back to exactly these records.
    const store = new ClipStore(db);
    await store.beginImport('x');
    await store.importBatch('x', [fullClip(900), { ...fullClip(3), title: 'changed' }]);
    await store.rollbackImport('x');
    expect(await db.clips.toArray()).toStrictEqual(stored);
    db.close();
  });
});

describe('schema upgrade to v6 (the persisted search index)', () => {
  it.each([
    [1, STORES_V1],
    [2, STORES_V2],
    [3, STORES_V3],
    [4, STORES_V4],
    [5, STORES_V5],
  ] as const)(
    'from v%i: every record kept as it was, the index built, persisted and read back',
    async (version, stores) => {
      const factory = freshFactory();
      const clips: Clip[] = Array.from({ length: 150 }, (_, i) => fullClip(i + 1));
      const old = new Dexie('context-reader', factory);
      old.version(version).stores(stores);
      await old.table('clips').bulkAdd(version >= 2 ? clips.map(toRecord) : clips);
      old.close();

      const db = new ClipsDB('context-reader', factory);
      await db.open();
      expect(db.verno).toBe(6);
      expect(await db.clips.toArray()).toStrictEqual(clips.map(toRecord));
      expect(await db.meta.count()).toBe(0);
      expect(await db.snapshots.count()).toBe(0);

      const first = new LiveIndex(db, (c) => c.id, { snapshotDelayMs: -1 });
      const answer = await first.search('patrushev', { limit: 200 });
      expect(answer).toHaveLength(150);
      expect(await first.saveSnapshot()).toBe(true);
      const second = new LiveIndex(db, (c) => c.id, { snapshotDelayMs: -1 });
      expect(await second.search('patrushev', { limit: 200 })).toEqual(answer);
      expect(second.stats().source).toBe('snapshot');
      expect(await db.clips.toArray()).toStrictEqual(clips.map(toRecord));
      db.close();
    },
  );
});
