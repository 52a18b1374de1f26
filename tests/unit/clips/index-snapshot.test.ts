/**
 * The persisted search index: a snapshot answers exactly as the index it was taken of, it is used
 * after a restart only while it holds the collection's current version, and no write the background
 * did not see can leave it looking current.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toRecord } from '../../../lib/clips/db.ts';
import { LiveIndex, SNAPSHOT_ID } from '../../../lib/clips/live-index.ts';
import type { Clip } from '../../../lib/clips/schema.ts';
import { SearchIndex, type IndexedDoc } from '../../../lib/clips/search-index.ts';
import { ClipStore } from '../../../lib/clips/store.ts';
import { tokenize } from '../../../lib/clips/text.ts';
import { fullClip, makeStore, pageInput, type TestStore } from './helpers.ts';

function prng(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff;
}

const WORDS = 'patrushev csto kanal moscow summit border treaty heroin seized ОДКБ café zürich patrol panama'.split(
  ' ',
);
const QUERIES = ['pa', 'patr', 'csto mo', 'kanal', 'одкб', 'cafe', 'border tr', 'zz', '', 'seized heroin'];
const FILTERS = [{}, { tag: 't1' }, { entity: 'e2' }, { site: 's0' }, { limit: 3, offset: 2 }];

function randomDoc(r: () => number, i: number): IndexedDoc<string> {
  const text = Array.from({ length: 3 + Math.floor(r() * 8) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  return {
    id: `d${i}`,
    savedAt: Math.floor(r() * 50),
    words: tokenize(text),
    tags: r() < 0.5 ? [`t${Math.floor(r() * 3)}`] : [],
    entities: [`e${Math.floor(r() * 4)}`],
    site: `s${Math.floor(r() * 3)}`,
    data: `d${i}`,
  };
}

/** The same answers and facets for every query and filter. */
function expectSameAnswers(a: SearchIndex, b: SearchIndex): void {
  for (const q of QUERIES)
    for (const f of FILTERS) expect(b.search(q, f), `${q} ${JSON.stringify(f)}`).toEqual(a.search(q, f));
  expect(b.facets()).toEqual(a.facets());
  expect(b.size).toBe(a.size);
}

describe('SearchIndex.snapshot / fromSnapshot', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: after adds, replacements and deletes, the snapshot (structured-cloned) answers alike',
    (seed) => {
      const r = prng(seed);
      const index = new SearchIndex();
      for (let i = 0; i < 300; i++) index.upsert(randomDoc(r, Math.floor(r() * 200)));
      for (let i = 0; i < 60; i++) index.remove(`d${Math.floor(r() * 200)}`);
      const loaded = SearchIndex.fromSnapshot(structuredClone(index.snapshot()));
      expectSameAnswers(index, loaded);
    },
  );

  it('a loaded index takes new clips, replacements and deletes like the original', () => {
    const r = prng(9);
    const index = new SearchIndex();
    for (let i = 0; i < 200; i++) index.upsert(randomDoc(r, i));
    const loaded = SearchIndex.fromSnapshot(structuredClone(index.snapshot()));
    for (let i = 0; i < 150; i++) {
      const op = r();
      const id = Math.floor(r() * 260);
      if (op < 0.3) {
        index.remove(`d${id}`);
        loaded.remove(`d${id}`);
      } else {
        const d = randomDoc(r, id);
        index.upsert(d);
        loaded.upsert(d);
      }
    }
    expectSameAnswers(index, loaded);
  });

  it('refuses a snapshot that does not hold together', () => {
    const index = new SearchIndex();
    index.upsert(randomDoc(prng(1), 1));
    const s = index.snapshot();
    expect(() => SearchIndex.fromSnapshot({ ...s, ids: [] })).toThrow(/lengths/);
    expect(() => SearchIndex.fromSnapshot({ ...s, postings: s.postings.subarray(1) })).toThrow(/cut short/);
  });
});

describe('LiveIndex persisted in IndexedDB', () => {
  let t: TestStore;
  afterEach(() => (t as TestStore | undefined)?.db.close());

  /** The background's index: told of its store's writes; snapshots written only when asked. */
  function background(store: ClipStore): LiveIndex<Clip> {
    const index = new LiveIndex(store.db, (c) => c, { chunk: 10, snapshotDelayMs: -1 });
    store.onWrite((before, after) => index.noteWrite(before, after));
    return index;
  }

  async function answers(index: LiveIndex<Clip>): Promise<(string[] | undefined)[]> {
    const out: (string[] | undefined)[] = [];
    for (const q of ['patr', 'csto', 'ёжик', 'article 4', 'nothing', ''])
      out.push((await index.search(q, { limit: 20 }))?.map((c) => c.id));
    return out;
  }

  async function seeded(n: number): Promise<TestStore> {
    const s = makeStore();
    for (let i = 1; i <= n; i++) await s.store.restore(fullClip(100 + i));
    return s;
  }

  it('after a restart, answers from the snapshot without reading the clips', async () => {
    t = await seeded(40);
    const before = background(t.store);
    await before.whenReady();
    expect(before.stats().source).toBe('records');
    expect(await before.saveSnapshot()).toBe(true);

    const after = background(t.store); // a new service worker
    // The clips' words are gone from the records: an index built from them would find nothing.
    await t.db.clips.toCollection().modify((r) => void (r.words = []));
    expect(await answers(after)).toEqual(await answers(before));
    expect(after.stats().source).toBe('snapshot');
  });

  it("keeps its version through the background's own saves, edits and deletes, and persists them", async () => {
    t = await seeded(20);
    const live = background(t.store);
    await live.whenReady();
    const saved = await t.store.saveClip(pageInput({ url: 'https://x.example.com/new', title: 'Zanzibar summit' }));
    live.put(saved.clip, saved.record);
    const edited = await t.store.update(fullClip(105).id, { note: 'quixotic remark' });
    live.put(edited!);
    await t.store.delete(fullClip(110).id);
    live.remove(fullClip(110).id);
    expect(await live.saveSnapshot()).toBe(true);

    const restarted = background(t.store);
    expect((await restarted.search('zanzibar', {}))?.map((c) => c.id)).toEqual([saved.clip.id]);
    expect((await restarted.search('quixotic', {}))?.map((c) => c.id)).toEqual([fullClip(105).id]);
    expect(restarted.stats()).toMatchObject({ source: 'snapshot', clips: 20 });
  });

  it('a write it was not told of (an import in the library page) makes it persist nothing, and the old snapshot unused', async () => {
    t = await seeded(20);
    const live = background(t.store);
    await live.whenReady();
    expect(await live.saveSnapshot()).toBe(true);
    const libraryPage = new ClipStore(t.db); // another writer, as the library page is
    await libraryPage.saveClip(pageInput({ url: 'https://y.example.com/', title: 'Unseen by the background' }));
    expect(await live.saveSnapshot()).toBe(false);

    const restarted = background(t.store);
    expect((await restarted.search('unseen', {}))?.map((c) => c.title)).toEqual(['Unseen by the background']);
    expect(restarted.stats().source).toBe('records');
    // Built from the records, it knows the version again and persists it.
    expect(await restarted.saveSnapshot()).toBe(true);
    expect((await t.db.snapshots.get(SNAPSHOT_ID))?.version).toBe((await t.db.meta.get('clips-version'))?.value);
  });

  it('a snapshot that a write around the store proved wrong is dropped for the records', async () => {
    t = await seeded(10);
    const live = background(t.store);
    await live.whenReady();
    await live.saveSnapshot();
    await t.db.clips.clear(); // what a test helper emptying the table does: no version change

    const restarted = background(t.store);
    expect(await restarted.search('', {})).toEqual([]);
    expect(restarted.stats()).toMatchObject({ source: 'records', clips: 0 });
  });

  it('an import keeps the background index unaware until it rebuilds from the records', async () => {
    t = await seeded(5);
    const live = background(t.store);
    await live.whenReady();
    await t.store.beginImport('i');
    await t.store.importBatch('i', [fullClip(900, { title: 'Imported later' })]);
    await t.store.finishImport('i');
    // The background's own store wrote it, but no put() followed: the index was told to refresh instead.
    live.invalidate();
    expect((await live.search('imported', {}))?.map((c) => c.id)).toEqual([fullClip(900).id]);
    expect(live.stats().source).toBe('records');
  });

  it('told of writes that changed no version (the entity rescan), rebuilds from the records, not the snapshot', async () => {
    t = await seeded(10);
    const live = background(t.store);
    await live.whenReady();
    expect(await live.saveSnapshot()).toBe(true);
    // What lib/entities/rescan.ts does: entities updated in place, no ClipStore, no new version.
    await t.db.clips.toCollection().modify((r) => void (r.entities = ['rescanned']));
    live.invalidate(true);
    expect((await live.search('', { entity: 'rescanned' }))?.length).toBe(10);
    expect(live.stats().source).toBe('records');
  });

  it('writes a snapshot only after a quiet spell: every query moves a due one later', async () => {
    t = await seeded(10);
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers = {
      set: (run: () => void) => (pending.set(++next, run), next),
      clear: (handle: unknown) => void pending.delete(handle as number),
    };
    const live = new LiveIndex(t.db, (c) => c, { chunk: 10, snapshotDelayMs: 3_000, timers });
    t.store.onWrite((before, after) => live.noteWrite(before, after));
    await live.whenReady(); // a build from the records makes a snapshot due
    expect(pending.size).toBe(1);
    const first = [...pending.keys()][0];
    await live.search('csto', {});
    await live.search('csto pa', {});
    expect(pending.size).toBe(1);
    expect([...pending.keys()][0]).toBeGreaterThan(first!); // the due write was moved after the queries
    expect(await t.db.snapshots.count()).toBe(0);
    const [run] = pending.values();
    run!();
    await expect.poll(() => t.db.snapshots.count()).toBe(1);
    expect(live.stats().snapshotsWritten).toBe(1);
    await live.search('csto', {}); // nothing due any more: a query schedules nothing
    expect(pending.size).toBe(0);
  });

  it('persists what a build from records read, so the next restart loads it', async () => {
    t = makeStore();
    await t.db.clips.bulkAdd(Array.from({ length: 25 }, (_, i) => toRecord(fullClip(i + 1))));
    const first = background(t.store);
    await first.whenReady();
    expect(await first.saveSnapshot()).toBe(true); // no write ever: version '' on both sides
    const second = background(t.store);
    expect(await answers(second)).toEqual(await answers(first));
    expect(second.stats().source).toBe('snapshot');
  });
});
