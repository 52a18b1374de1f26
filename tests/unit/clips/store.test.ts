import { afterEach, describe, expect, it } from 'vitest';
import { makeStore, pageInput, type TestStore } from './helpers.ts';
import { searchClips } from './helpers.ts';

let t: TestStore;
afterEach(() => (t as TestStore | undefined)?.db.close());

describe('saveClip', () => {
  it('creates a clip with an id, a urlKey, times, and empty note and tags', async () => {
    t = makeStore();
    const { clip, status } = await t.store.saveClip(
      pageInput({ url: 'https://News.example.com/world/csto-summit/?utm_source=tg#c' }),
    );
    expect(status).toBe('created');
    expect(clip.urlKey).toBe('https://news.example.com/world/csto-summit');
    expect(clip.note).toBe('');
    expect(clip.tags).toEqual([]);
    expect(clip.savedAt).toBe(clip.updatedAt);
    expect(await t.store.get(clip.id)).toEqual(clip);
  });

  it('updates the page saved earlier under the same urlKey, keeping id, note, tags and savedAt', async () => {
    t = makeStore();
    const first = (await t.store.saveClip(pageInput())).clip;
    await t.store.update(first.id, { note: 'read later', tags: ['CSTO'] });
    const again = await t.store.saveClip(
      pageInput({
        url: 'https://news.example.com/world/csto-summit?fbclid=abc',
        title: 'CSTO leaders met in Moscow (updated)',
        tags: ['moscow'],
      }),
    );
    expect(again.status).toBe('updated');
    expect(again.clip.id).toBe(first.id);
    expect(again.clip.title).toBe('CSTO leaders met in Moscow (updated)');
    expect(again.clip.note).toBe('read later');
    expect(again.clip.tags).toEqual(['CSTO', 'moscow']);
    expect(again.clip.savedAt).toBe(first.savedAt);
    expect(again.clip.updatedAt).toBeGreaterThan(first.updatedAt);
    expect(await t.store.count()).toBe(1);
  });

  it('uses a same-site canonical link as the page identity', async () => {
    t = makeStore();
    await t.store.saveClip(
      pageInput({ url: 'https://m.example.com/a?id=1', canonicalUrl: 'https://www.example.com/story' }),
    );
    const again = await t.store.saveClip(pageInput({ url: 'https://www.example.com/story/' }));
    expect(again.status).toBe('updated');
  });

  it('keeps selections as separate clips that share the page urlKey', async () => {
    t = makeStore();
    const page = await t.store.saveClip(pageInput());
    const sel = (n: number) =>
      pageInput({
        kind: 'selection',
        text: `quote ${n}`,
        selection: { exact: `quote ${n}`, prefix: '', suffix: '', start: 0, end: 7 },
      });
    const a = await t.store.saveClip(sel(1));
    const b = await t.store.saveClip(sel(2));
    expect([a.status, b.status]).toEqual(['created', 'created']);
    const found = await t.store.findByUrl('https://news.example.com/world/csto-summit#anything');
    expect(found.map((c) => c.id)).toEqual([b.clip.id, a.clip.id, page.clip.id]);
  });

  it('refuses a javascript: URL and a missing title', async () => {
    t = makeStore();
    await expect(t.store.saveClip(pageInput({ url: 'javascript:alert(1)' }))).rejects.toThrow(
      /url: must be an http\(s\) URL/,
    );
    await expect(t.store.saveClip({ ...pageInput(), title: undefined as unknown as string })).rejects.toThrow(/title/);
    expect(await t.store.count()).toBe(0);
  });

  it('normalises tags: trimmed, deduplicated case-insensitively', async () => {
    t = makeStore();
    const { clip } = await t.store.saveClip(pageInput({ tags: [' CSTO ', 'csto', 'Central  Asia'] }));
    expect(clip.tags).toEqual(['CSTO', 'Central Asia']);
  });
});

describe('list', () => {
  it('lists newest first, with limit and offset', async () => {
    t = makeStore();
    for (let i = 0; i < 5; i++) await t.store.saveClip(pageInput({ url: `https://example.com/${i}`, title: `T${i}` }));
    expect((await t.store.list()).map((c) => c.title)).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
    expect((await t.store.list({ limit: 2, offset: 1 })).map((c) => c.title)).toEqual(['T3', 'T2']);
  });

  it('filters by tag, entity and site, together', async () => {
    t = makeStore();
    await t.store.saveClip(
      pageInput({ url: 'https://a.com/1', title: 'A1', siteName: 'A', tags: ['x'], entities: ['csto'] }),
    );
    await t.store.saveClip(
      pageInput({ url: 'https://a.com/2', title: 'A2', siteName: 'A', tags: ['x', 'y'], entities: ['sco'] }),
    );
    await t.store.saveClip(pageInput({ url: 'https://www.b.com/3', title: 'B3', tags: ['y'], entities: ['csto'] }));
    const titles = async (o: object) => (await t.store.list(o)).map((c) => c.title);
    expect(await titles({ tag: 'x' })).toEqual(['A2', 'A1']);
    expect(await titles({ entity: 'csto' })).toEqual(['B3', 'A1']);
    expect(await titles({ site: 'b.com' })).toEqual(['B3']);
    expect(await titles({ tag: 'y', entity: 'csto' })).toEqual(['B3']);
    expect(await titles({ tag: 'x', site: 'b.com' })).toEqual([]);
  });

  it('pages through a filtered set larger than the page in date order', async () => {
    t = makeStore();
    for (let i = 0; i < 30; i++) {
      await t.store.saveClip(
        pageInput({ url: `https://example.com/${i}`, title: `T${i}`, tags: i % 2 ? ['odd'] : [] }),
      );
    }
    expect((await t.store.list({ tag: 'odd', limit: 3, offset: 2 })).map((c) => c.title)).toEqual([
      'T25',
      'T23',
      'T21',
    ]);
  });
});

describe('search', () => {
  async function seed(): Promise<void> {
    t = makeStore();
    await t.store.saveClip(
      pageInput({
        url: 'https://e.com/1',
        title: 'Patrushev visits Minsk',
        text: 'Nikolai Patrushev spoke about the CSTO.',
      }),
    );
    await t.store.saveClip(
      pageInput({ url: 'https://e.com/2', title: 'Café society', text: 'A piece about Parisian cafés.' }),
    );
    await t.store.saveClip(
      pageInput({ url: 'https://e.com/3', title: 'Саммит ОДКБ', text: 'Николай Патрушев выступил на саммите. Ёлки.' }),
    );
    await t.store.saveClip(
      pageInput({
        url: 'https://e.com/4',
        title: 'CSTO exercise',
        text: 'Troops of the CSTO trained.',
        tags: ['drills'],
      }),
    );
  }
  const titles = async (q: string, o = {}) => (await searchClips(t.db, q, o)).map((c) => c.title);

  it('matches ignoring case, newest first', async () => {
    await seed();
    expect(await titles('csto')).toEqual(['CSTO exercise', 'Patrushev visits Minsk']);
    expect(await titles('CSTO')).toEqual(['CSTO exercise', 'Patrushev visits Minsk']);
  });

  it('matches the last word as a prefix, as the user types', async () => {
    await seed();
    expect(await titles('pa')).toEqual(['Café society', 'Patrushev visits Minsk']);
    expect(await titles('patr')).toEqual(['Patrushev visits Minsk']);
    expect(await titles('nikolai patrushev')).toEqual(['Patrushev visits Minsk']);
    expect(await titles('nikol')).toEqual(['Patrushev visits Minsk']);
  });

  it('requires every complete word', async () => {
    await seed();
    expect(await titles('csto tro')).toEqual(['CSTO exercise']);
    expect(await titles('minsk troops')).toEqual([]);
  });

  it('ignores diacritics on both sides', async () => {
    await seed();
    expect(await titles('cafe')).toEqual(['Café society']);
    expect(await titles('CAFÉS')).toEqual(['Café society']);
  });

  it('finds Cyrillic words, prefixes and ё written as е', async () => {
    await seed();
    expect(await titles('одкб')).toEqual(['Саммит ОДКБ']);
    expect(await titles('Патруш')).toEqual(['Саммит ОДКБ']);
    expect(await titles('николай патрушев')).toEqual(['Саммит ОДКБ']);
    expect(await titles('елки')).toEqual(['Саммит ОДКБ']);
  });

  it('finds words in notes and tags, and applies filters', async () => {
    await seed();
    const [csto] = await searchClips(t.db, 'exercise');
    await t.store.update(csto!.id, { note: 'Compare with Zapad-2021' });
    expect(await titles('zapad')).toEqual(['CSTO exercise']);
    expect(await titles('drills')).toEqual(['CSTO exercise']);
    expect(await titles('csto', { tag: 'drills' })).toEqual(['CSTO exercise']);
    expect(await titles('csto', { tag: 'nothing' })).toEqual([]);
  });

  it('treats an empty or one-letter query as no query', async () => {
    await seed();
    expect(await titles('')).toHaveLength(4);
    expect(await titles('p')).toHaveLength(4);
  });
});

describe('update, delete and restore', () => {
  it('updates note and tags and reports a missing clip', async () => {
    t = makeStore();
    const { clip } = await t.store.saveClip(pageInput());
    const updated = await t.store.update(clip.id, { note: 'n', tags: ['a', 'A', 'b'] });
    expect(updated).toMatchObject({ note: 'n', tags: ['a', 'b'] });
    expect(await t.store.get(clip.id)).toEqual(updated);
    expect(await t.store.update('00000000-0000-4000-8000-00000000ffff', { note: 'x' })).toBeUndefined();
  });

  it('deletes, returns the clip, and restore puts it back identical and searchable', async () => {
    t = makeStore();
    const { clip } = await t.store.saveClip(pageInput({ tags: ['keep'] }));
    const deleted = await t.store.delete(clip.id);
    expect(deleted).toEqual(clip);
    expect(await t.store.get(clip.id)).toBeUndefined();
    expect(await searchClips(t.db, 'collective')).toEqual([]);
    await t.store.restore(deleted!);
    expect(await t.store.get(clip.id)).toEqual(clip);
    expect((await searchClips(t.db, 'collective')).map((c) => c.id)).toEqual([clip.id]);
    expect(await t.store.delete('00000000-0000-4000-8000-00000000ffff')).toBeUndefined();
  });
});

describe('facets', () => {
  it('counts tags, entities and sites, most frequent first', async () => {
    t = makeStore();
    await t.store.saveClip(
      pageInput({ url: 'https://a.com/1', siteName: 'Agency', tags: ['x', 'y'], entities: ['csto'] }),
    );
    await t.store.saveClip(
      pageInput({ url: 'https://a.com/2', siteName: 'Agency', tags: ['x'], entities: ['csto', 'sco'] }),
    );
    await t.store.saveClip(pageInput({ url: 'https://www.b.com/3', entities: ['csto'] }));
    expect(await t.store.facets()).toEqual({
      tags: [
        { value: 'x', count: 2 },
        { value: 'y', count: 1 },
      ],
      entities: [
        { value: 'csto', count: 3 },
        { value: 'sco', count: 1 },
      ],
      sites: [
        { value: 'Agency', count: 2 },
        { value: 'b.com', count: 1 },
      ],
    });
  });
});
