import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ClipsDB, DB_VERSION, STORES_V1, type ClipRecord } from '../../../lib/clips/db.ts';
import type { Clip } from '../../../lib/clips/schema.ts';
import { ClipStore } from '../../../lib/clips/store.ts';
import { tokenize } from '../../../lib/clips/text.ts';
import { freshFactory, fullClip } from './helpers.ts';

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
    expect((await store.search('ёжик', { limit: 1000 })).length).toBe(300);
    // "17" is the word being typed: a prefix of 17 and of 170–179; newest (highest n) first.
    const expected = [179, 178, 177, 176, 175, 174, 173, 172, 171, 170, 17].map((n) => fullClip(n).id);
    expect((await store.search('article 17')).map((c) => c.id)).toEqual(expected);
    expect((await store.list({ site: 'Site 3', limit: 1000 })).length).toBe(clips.filter((c) => c.siteName === 'Site 3').length);
    db.close();
  });

  it('opens an empty database at the latest version', async () => {
    const db = new ClipsDB('fresh', freshFactory());
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(db.clips.schema.indexes.map((i) => i.name).sort()).toEqual(['entities', 'savedAt', 'site', 'tags', 'urlKey', 'words']);
    db.close();
  });
});
