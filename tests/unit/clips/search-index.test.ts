import { afterEach, describe, expect, it } from 'vitest';
import { toRecord } from '../../../lib/clips/db.ts';
import { LiveIndex } from '../../../lib/clips/live-index.ts';
import type { Clip } from '../../../lib/clips/schema.ts';
import { SearchIndex, type IndexedDoc } from '../../../lib/clips/search-index.ts';
import { parseQuery, tokenize } from '../../../lib/clips/text.ts';
import { fullClip, makeStore, pageInput, type TestStore } from './helpers.ts';

function doc(id: string, savedAt: number, text: string, extra: Partial<IndexedDoc<string>> = {}): IndexedDoc<string> {
  return { id, savedAt, words: tokenize(text), tags: [], entities: [], site: '', data: id, ...extra };
}

function indexOf(...docs: IndexedDoc<string>[]): SearchIndex {
  const index = new SearchIndex();
  for (const d of docs) index.upsert(d);
  return index;
}

const DOCS = [
  doc('a', 1, 'Nikolai Patrushev met CSTO officials in Moscow', {
    tags: ['security'],
    entities: ['csto', 'nikolai-patrushev'],
    site: 'Site A',
  }),
  doc('b', 2, 'Operation Kanal: the CSTO anti-drug operation', {
    tags: ['drugs'],
    entities: ['csto', 'operation-kanal'],
    site: 'Site B',
  }),
  doc('c', 3, 'Патрушев провёл совещание ОДКБ в Москве', {
    tags: ['security'],
    entities: ['nikolai-patrushev'],
    site: 'Site A',
  }),
  doc('d', 4, 'A café in Zürich served crème brûlée', { site: 'Site C' }),
  doc('e', 5, 'Patrol boats on the Panama Canal', { tags: ['security', 'drugs'], site: 'Site B' }),
];

describe('SearchIndex.search', () => {
  const index = indexOf(...DOCS);
  it.each([
    ['prefix of one word', 'patr', ['e', 'a']],
    ['full word', 'patrushev', ['a']],
    ['case and diacritics ignored', 'CAFE', ['d']],
    ['diacritics in the query', 'zürich', ['d']],
    ['folded prefix', 'creme bru', ['d']],
    ['Cyrillic prefix', 'патр', ['c']],
    ['Cyrillic ё folds to е', 'провел', ['c']],
    ['multi-token: complete words and a prefix', 'csto oper', ['b']],
    ['every complete word must match', 'csto moscow', ['a']],
    ['complete word not in the index', 'nothing pat', []],
    ['prefix matching nothing', 'qzx', []],
    ['newest first over many hits', 'the', ['e', 'b']],
    ['two-letter prefix', 'op', ['b']],
    ['prefix over several words', 'o', ['e', 'd', 'c', 'b', 'a']],
    ['one-letter query lists everything', 'p', ['e', 'd', 'c', 'b', 'a']],
    ['punctuation only lists everything', '  ,. ', ['e', 'd', 'c', 'b', 'a']],
  ])('%s: %j', (_label, query, ids) => {
    expect(index.search(query).results).toEqual(ids);
    expect(index.search(query).complete).toBe(true);
  });

  it('applies limit and offset newest first', () => {
    expect(index.search('', { limit: 2 }).results).toEqual(['e', 'd']);
    expect(index.search('', { limit: 2, offset: 2 }).results).toEqual(['c', 'b']);
    expect(index.search('', { limit: 0 }).results).toEqual([]);
    expect(index.search('patr', { limit: 1, offset: 1 }).results).toEqual(['a']);
  });

  it('filters by tag, entity and site', () => {
    expect(index.list({ tag: 'security' }).results).toEqual(['e', 'c', 'a']);
    expect(index.list({ entity: 'csto' }).results).toEqual(['b', 'a']);
    expect(index.list({ site: 'Site B' }).results).toEqual(['e', 'b']);
    expect(index.search('patr', { tag: 'security', site: 'Site A' }).results).toEqual(['a']);
    expect(index.search('patr', { tag: 'nope' }).results).toEqual([]);
  });

  it('orders ties on savedAt by id, descending', () => {
    const tied = indexOf(doc('x1', 7, 'same words'), doc('x3', 7, 'same words'), doc('x2', 7, 'same words'));
    expect(tied.search('same').results).toEqual(['x3', 'x2', 'x1']);
  });
});

describe('SearchIndex updates and deletes', () => {
  it('replaces the words of an updated clip', () => {
    const index = indexOf(...DOCS);
    index.upsert(doc('a', 1, 'Now about gardening only'));
    expect(index.search('patrushev').results).toEqual([]);
    expect(index.search('garden').results).toEqual(['a']);
    expect(index.size).toBe(5);
  });

  it('moves a clip whose savedAt changed', () => {
    const index = indexOf(...DOCS);
    index.upsert(doc('a', 10, 'Nikolai Patrushev'));
    expect(index.list({ limit: 2 }).results).toEqual(['a', 'e']);
  });

  it('forgets deleted clips, in results and facets', () => {
    const index = indexOf(...DOCS);
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.search('csto').results).toEqual(['a']);
    expect(index.list().results).toEqual(['e', 'd', 'c', 'a']);
    expect(index.facets().entities).toEqual([
      { value: 'nikolai-patrushev', count: 2 },
      { value: 'csto', count: 1 },
    ]);
  });

  it('finds words added after a prefix query (vocabulary merged lazily)', () => {
    const index = indexOf(...DOCS);
    expect(index.search('pan').results).toEqual(['e']);
    index.upsert(doc('f', 6, 'Pancakes and pandas'));
    expect(index.search('pan').results).toEqual(['f', 'e']);
    expect(index.search('panc').results).toEqual(['f']);
  });

  it('stays correct through compactions', () => {
    const index = new SearchIndex();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 800; i++) index.upsert(doc(`c${i}`, i, `word${i % 10} round${round} shared`));
    }
    for (let i = 0; i < 400; i++) index.remove(`c${i}`);
    expect(index.size).toBe(400);
    expect(index.search('round3 word7', { limit: 3 }).results).toEqual(['c797', 'c787', 'c777']);
    expect(index.search('round0').results).toEqual([]);
    expect(index.search('shared', { limit: 1000 }).results).toHaveLength(400);
  });
});

describe('SearchIndex.facets', () => {
  it('counts tags, entities and sites, most frequent first, then by name', () => {
    const f = indexOf(...DOCS).facets();
    expect(f.tags).toEqual([
      { value: 'security', count: 3 },
      { value: 'drugs', count: 2 },
    ]);
    expect(f.sites).toEqual([
      { value: 'Site A', count: 2 },
      { value: 'Site B', count: 2 },
      { value: 'Site C', count: 1 },
    ]);
  });
});

describe('SearchIndex while being built (frontier)', () => {
  it('answers when the newest part holds the page, and says when it does not', () => {
    const index = indexOf(DOCS[4]!, DOCS[3]!);
    index.setFrontier({ savedAt: 4, id: 'd' });
    expect(index.search('', { limit: 2 })).toEqual({ results: ['e', 'd'], complete: true });
    expect(index.search('', { limit: 3 }).complete).toBe(false);
    expect(index.search('patr', { limit: 1 })).toEqual({ results: ['e'], complete: true });
    expect(index.search('patrushev').complete).toBe(false);
  });
});

describe('LiveIndex over the store', () => {
  let t: TestStore;
  afterEach(() => (t as TestStore | undefined)?.db.close());

  const ids = (clips: Clip[] | null) => clips?.map((c) => c.id) ?? null;

  /** What a search must return, computed the slow way: every stored clip tested against the query. */
  async function reference(
    q: string,
    options: { limit?: number; offset?: number; tag?: string; entity?: string; site?: string },
  ): Promise<string[]> {
    const { complete, prefix } = parseQuery(q);
    const records = (await t.db.clips.toArray()).sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1));
    const hits = records.filter(
      (r) =>
        complete.every((w) => r.words.includes(w)) &&
        (prefix === null || r.words.some((w) => w.startsWith(prefix))) &&
        (options.tag === undefined || r.tags.includes(options.tag)) &&
        (options.entity === undefined || r.entities.includes(options.entity)) &&
        (options.site === undefined || r.site === options.site),
    );
    const offset = options.offset ?? 0;
    return hits.slice(offset, offset + (options.limit ?? 50)).map((r) => r.id);
  }

  it("gives the answers a scan of every stored clip gives, and the store's list and facets", async () => {
    t = makeStore();
    await t.db.clips.bulkAdd(Array.from({ length: 60 }, (_, i) => toRecord(fullClip(i + 1))));
    const live = new LiveIndex(t.db, (c) => c, { chunk: 7 });
    await live.whenReady();
    for (const q of ['patr', 'csto', 'ёжик', 'café', 'site', 'article 1', 'nothing']) {
      for (const options of [
        { limit: 10 },
        { limit: 5, offset: 3 },
        { tag: 'security', limit: 10 },
        { entity: 'patrushev' },
        { site: 'Site 3' },
      ]) {
        expect(ids(await live.search(q, options)), `${q} ${JSON.stringify(options)}`).toEqual(
          await reference(q, options),
        );
      }
    }
    expect(ids(await live.search('', { limit: 20 }))).toEqual(ids(await t.store.list({ limit: 20 })));
    const { facets, total } = await live.facets();
    expect(facets).toEqual(await t.store.facets());
    expect(total).toBe(60);
  });

  it('follows saves, updates and deletes made while and after it builds', async () => {
    t = makeStore();
    // Ids above those the store hands out (helpers.ts: uuid(1), uuid(2)…).
    await t.db.clips.bulkAdd(Array.from({ length: 30 }, (_, i) => toRecord(fullClip(i + 101))));
    const live = new LiveIndex(t.db, (c) => c, { chunk: 4 });
    const building = live.whenReady();
    const saved = (await t.store.saveClip(pageInput({ title: 'Zebra crossing', url: 'https://z.example.com/' }))).clip;
    live.put(saved);
    await t.store.delete(fullClip(130).id);
    live.remove(fullClip(130).id);
    await building;
    expect(ids(await live.search('zebr', {}))).toEqual([saved.id]);
    expect(ids(await live.search('article 130', {}))).toEqual([]);
    expect(ids(await live.search('article 129', {}))).toEqual([fullClip(129).id]);
    const updated = (await t.store.update(saved.id, { note: 'giraffe' }))!;
    live.put(updated);
    expect(ids(await live.search('giraf', {}))).toEqual([saved.id]);
    expect((await live.facets()).total).toBe(30);
    live.invalidate();
    expect(ids(await live.search('giraf', {}))).toEqual([saved.id]);
    expect(live.stats()).toMatchObject({ state: 'ready', clips: 30, builds: 2 });
  });

  it('answers from the newest part while building when that holds the page', async () => {
    t = makeStore();
    await t.db.clips.bulkAdd(Array.from({ length: 40 }, (_, i) => toRecord(fullClip(i + 1))));
    const live = new LiveIndex(t.db, (c) => c.id, { chunk: 10 });
    live.warm();
    expect(live.peekList({ limit: 5 })).toBeNull(); // nothing read yet
    await live.whenReady();
    expect(live.peekList({ limit: 3 })).toEqual([fullClip(40).id, fullClip(39).id, fullClip(38).id]);
  });

  it('answers a search typed while it builds once the newest chunk holds the page, not after the whole build', async () => {
    t = makeStore();
    await t.db.clips.bulkAdd(Array.from({ length: 40 }, (_, i) => toRecord(fullClip(i + 1))));
    const live = new LiveIndex(t.db, (c) => c.id, { chunk: 10 });
    expect(await live.search('articl', { limit: 3 })).toEqual([fullClip(40).id, fullClip(39).id, fullClip(38).id]);
    expect(live.stats().state).toBe('building');
    // Fewer matches than the page holds: only the whole collection can say so, so that answer waits.
    expect(await live.search('article 17', { limit: 50 })).toEqual([fullClip(17).id]);
    expect(live.stats().state).toBe('ready');
  });

  it('starts over when the database changed behind its back', async () => {
    t = makeStore();
    await t.db.clips.bulkAdd(Array.from({ length: 5 }, (_, i) => toRecord(fullClip(i + 1))));
    const live = new LiveIndex(t.db, (c) => c.id);
    await live.whenReady();
    expect(await live.verify()).toBe(true);
    await t.db.clips.clear();
    expect(await live.search('patr', {})).toEqual([]);
    expect((await live.facets()).total).toBe(0);
    await t.db.clips.add(toRecord(fullClip(9)));
    expect(await live.search('', {})).toEqual([fullClip(9).id]);
  });

  it('drops a superseded search that had to wait', async () => {
    t = makeStore();
    await t.db.clips.bulkAdd([toRecord(fullClip(1))]);
    const live = new LiveIndex(t.db, (c) => c.id);
    expect(await live.search('patr', {}, () => true)).toBeNull();
    expect(await live.search('patr', {}, () => false)).toEqual([fullClip(1).id]);
  });
});
