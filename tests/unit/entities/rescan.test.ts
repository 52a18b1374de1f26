/** The retroactive re-scan: every clip learns the reader's names, and a pass cut short resumes where it stopped. */
import { describe, expect, it } from 'vitest';
import { compileEntities, mergeSpec } from '../../../lib/entities/compile';
import { VERSION_KEY } from '../../../lib/clips/db';
import { RESCAN_KEY, rescanBatch, runRescan, type RescanState } from '../../../lib/entities/rescan';
import { ReaderEntity } from '../../../lib/entities/schema';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';
import { fullClip, makeStore } from '../clips/helpers.ts';
import { memoryArea } from './memory-area.ts';

const corpus = buildSpec(loadData(defaultDataDir()).catalogue);
const mine = ReaderEntity.parse({
  id: 'u-tasmagambet',
  name: 'Imangali Tasmagambetov',
  type: 'person',
  aliases: [{ text: 'Тасмагамбетов' }],
  createdAt: 1,
  updatedAt: 1,
});
const matcher = new Matcher(mergeSpec(corpus, compileEntities([mine], corpus.paradigms!, corpus)));
const entitiesOf = (t: string) => [...new Set(matcher.scanAll(t).map((m) => m.entity))];

describe('re-scan of stored clips', () => {
  it('adds the reader entity to every clip that mentions it (case forms too), and only those', async () => {
    const t = makeStore('rescan');
    for (let i = 1; i <= 250; i++) {
      const c = fullClip(i);
      await t.store.restore(i % 5 === 0 ? { ...c, text: `${c.text} Встреча с Тасмагамбетовым.` } : c);
    }
    const before = await t.db.clips.orderBy(':id').toArray();
    const versionBefore = (await t.db.meta.get(VERSION_KEY))?.value;
    const local = memoryArea();
    const state: RescanState = { generation: 1, after: null, done: 0, total: 250 };
    await local.set({ [RESCAN_KEY]: state });

    // The worker goes to sleep after one batch: the position is what storage says.
    const first = await rescanBatch(t.db, entitiesOf, null, 100);
    expect(first.count).toBe(100);
    await local.set({ [RESCAN_KEY]: { ...state, after: first.last, done: 100 } });

    let changed = 0;
    await runRescan(t.db, local, entitiesOf, () => changed++);
    expect(local.area[RESCAN_KEY]).toBeUndefined();
    expect(changed).toBe(1);
    const after = await t.db.clips.orderBy(':id').toArray();
    expect(after).toHaveLength(250);
    after.forEach((r, i) => {
      const mentions = r.text.includes('Тасмагамбетовым');
      expect(r.entities.includes('u-tasmagambet')).toBe(mentions);
      // Nothing but the entities changed.
      expect({ ...r, entities: [] }).toStrictEqual({ ...before[i]!, entities: [] });
    });
    expect(after.filter((r) => r.entities.includes('u-tasmagambet'))).toHaveLength(50);
    // The collection's version moved with the writes: a search index persisted before is no longer current.
    expect((await t.db.meta.get(VERSION_KEY))?.value).not.toBe(versionBefore);
    t.db.close();
  });

  it('stops when a newer change recorded a new pass', async () => {
    const t = makeStore('rescan-gen');
    for (let i = 1; i <= 150; i++) await t.store.restore(fullClip(i));
    const local = memoryArea();
    await local.set({ [RESCAN_KEY]: { generation: 1, after: null, done: 0, total: 150 } });
    const slow = (text: string) => {
      // A change arrives while the first batch runs.
      local.area[RESCAN_KEY] = { generation: 2, after: null, done: 0, total: 150 };
      return entitiesOf(text);
    };
    await runRescan(t.db, local, slow, () => undefined);
    expect(local.area[RESCAN_KEY]).toEqual({ generation: 2, after: null, done: 0, total: 150 });
    t.db.close();
  });
});
