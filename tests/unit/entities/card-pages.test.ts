/**
 * "From your clips" a page at a time (the card's "Show 20 more"), over a fake-indexeddb collection with
 * the catalogue's real matcher: pages follow on without gaps or repeats, newest clip first, whether the
 * card counts every passage (few clips) or reads only as many clips as the page needs (many clips).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ownCard, type ListedClip, type OwnPassage } from '../../../lib/entities/card';
import { toRecord } from '../../../lib/clips/db';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';
import { fullClip, makeStore, type TestStore } from '../clips/helpers.ts';

const matcher = new Matcher(buildSpec(loadData(defaultDataDir()).catalogue));

let t: TestStore;
afterEach(() => t.db.close());

async function collection(CLIPS: number): Promise<void> {
  t = makeStore('card-pages');
  for (let n = 1; n <= CLIPS; n++) {
    await t.store.restore(
      fullClip(n, {
        kind: 'page',
        title: `Report ${n}`,
        text: `Opening ${n}. The CSTO met in Minsk on day ${n}. Weather was mild. The CSTO closed session ${n}.`,
        entities: n % 3 === 0 ? ['csto', 'patrushev'] : ['csto'],
        savedAt: Date.UTC(2024, 0, 1) + n * 60_000,
      }),
    );
  }
}

async function allPages(
  exactUpTo?: number,
): Promise<{ pages: OwnPassage[][]; first: Awaited<ReturnType<typeof ownCard>> }> {
  const pages: OwnPassage[][] = [];
  const first = await ownCard(t.db, matcher, 'csto', { limit: 20, exactUpTo });
  pages.push(first.passages);
  for (let offset = 20; ; offset += 20) {
    const next = await ownCard(t.db, matcher, 'csto', { offset, limit: 20, exactUpTo });
    if (!next.passages.length) break;
    pages.push(next.passages);
  }
  return { pages, first };
}

const key = (p: OwnPassage) => `${p.clipId}:${p.start}`;

describe('From your clips, a page at a time', () => {
  it('with few clips: an exact count, pages of 20 newest first that follow on', async () => {
    const CLIPS = 30;
    await collection(CLIPS);
    const { pages, first } = await allPages();
    expect(first).toMatchObject({ total: 2 * CLIPS, complete: true, clips: CLIPS });
    expect(pages.map((p) => p.length)).toEqual([20, 20, 20]);
    const all = pages.flat();
    expect(new Set(all.map(key)).size).toBe(2 * CLIPS);
    expect(all[0]!.sentence).toBe('The CSTO met in Minsk on day 30.');
    expect(all[1]!.sentence).toBe('The CSTO closed session 30.');
    expect(all.at(-1)!.sentence).toBe('The CSTO closed session 1.');
    expect(all.map((p) => p.savedAt)).toEqual([...all.map((p) => p.savedAt)].sort((a, b) => b - a));
    expect(first.related).toEqual([{ id: 'patrushev', clips: 10 }]);
    expect(first.firstSaved).toBe(Date.UTC(2024, 0, 1) + 60_000);
    expect(first.lastSaved).toBe(Date.UTC(2024, 0, 1) + CLIPS * 60_000);
  });

  it('with many clips: reads only what the page needs, says the count is not complete, and pages the same way', async () => {
    const CLIPS = 80;
    await collection(CLIPS);
    const exact = (await allPages()).pages.flat().map(key);
    expect(exact).toHaveLength(2 * CLIPS);
    const { pages, first } = await allPages(5);
    expect(first.complete).toBe(false);
    // The newest 50 clips (one read) hold the first page and more.
    expect(first.total).toBe(100);
    // Not counted: "more than 5".
    expect(first.clips).toBe(6);
    expect(first.clipsExact).toBe(false);
    expect(first.firstSaved).toBe(Date.UTC(2024, 0, 1) + 60_000);
    expect(first.lastSaved).toBe(Date.UTC(2024, 0, 1) + CLIPS * 60_000);
    expect(pages.flat().map(key)).toEqual(exact);
    // Counted over the clips read: 33, 36, … 78.
    expect(first.related).toEqual([{ id: 'patrushev', clips: 16 }]);
  });

  it("with the search index's list: reads only the entity's clips, counts them exactly and pages the same way", async () => {
    const CLIPS = 80;
    await collection(CLIPS);
    const exact = (await allPages()).pages.flat().map(key);
    // Newest first, as the index orders the collection; a batch of 50 holds the page and more.
    const listed: ListedClip[] = (await t.db.clips.orderBy('savedAt').reverse().toArray()).map((r) => ({
      id: r.id,
      savedAt: r.savedAt,
    }));
    const reads = countReads();
    const first = await ownCard(t.db, matcher, 'csto', {
      limit: 20,
      exactUpTo: 5,
      listed: () => Promise.resolve(listed),
    });
    expect(reads()).toBe(50);
    expect(first).toMatchObject({ complete: false, total: 100, clips: CLIPS, clipsExact: true });
    expect(first.firstSaved).toBe(Date.UTC(2024, 0, 1) + 60_000);
    expect(first.lastSaved).toBe(Date.UTC(2024, 0, 1) + CLIPS * 60_000);
    const pages: OwnPassage[] = [...first.passages];
    for (let offset = 20; ; offset += 20) {
      const next = await ownCard(t.db, matcher, 'csto', {
        offset,
        limit: 20,
        exactUpTo: 5,
        listed: () => Promise.resolve(listed),
      });
      if (!next.passages.length) break;
      pages.push(...next.passages);
    }
    expect(pages.map(key)).toEqual(exact);
    // Up to exactUpTo every clip is read and the count is exact: the list is not asked for.
    const asked = vi.fn(() => Promise.resolve(listed));
    expect(await ownCard(t.db, matcher, 'csto', { listed: asked })).toMatchObject({ complete: true, total: 2 * CLIPS });
    expect(asked).not.toHaveBeenCalled();
  });

  it('without the list, reads a bounded number of clips for a name that no clip text matches', async () => {
    // 2,000 clips; the newest 400 say they name the CSTO (an alias since removed), none of their texts does.
    t = makeStore('card-pages');
    await t.db.clips.bulkPut(
      Array.from({ length: 2000 }, (_, i) =>
        toRecord(
          fullClip(i + 1, {
            kind: 'page',
            title: `Report ${i + 1}`,
            text: `Nothing of note on day ${i + 1}.`,
            entities: i >= 1600 ? ['csto'] : [],
            savedAt: Date.UTC(2024, 0, 1) + i * 60_000,
          }),
        ),
      ),
    );
    const reads = countReads();
    const card = await ownCard(t.db, matcher, 'csto', { exactUpTo: 300 });
    expect(card).toMatchObject({
      passages: [],
      total: 0,
      complete: false,
      clips: 301,
      clipsExact: false,
      firstSaved: null,
    });
    // 21 passages asked for, ten clips read per passage, then the 500 oldest looked at for the first
    // saved (and the one past them that stops the cursor): 2,000 + 1,601 before the bound.
    expect(reads()).toBeLessThanOrEqual(210 + 501);

    // From the index's list of the 400: the same bound, and the count and first save from the list.
    const listed: ListedClip[] = (await t.db.clips.where('entities').equals('csto').toArray())
      .sort((a, b) => b.savedAt - a.savedAt)
      .map((r) => ({ id: r.id, savedAt: r.savedAt }));
    const listedReads = countReads();
    const fromList = await ownCard(t.db, matcher, 'csto', { exactUpTo: 300, listed: () => Promise.resolve(listed) });
    expect(fromList).toMatchObject({ total: 0, complete: false, clips: 400, firstSaved: listed.at(-1)!.savedAt });
    expect(listedReads()).toBe(210);
  });
});

/** Counts the clip records Dexie reads from now on (its 'reading' hook runs once per record). */
function countReads(): () => number {
  let n = 0;
  t.db.clips.hook('reading', (r) => {
    n++;
    return r;
  });
  return () => n;
}
