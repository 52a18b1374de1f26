/**
 * "From your clips" a page at a time (the card's "Show 20 more"), over a fake-indexeddb collection with
 * the catalogue's real matcher: pages follow on without gaps or repeats, newest clip first, whether the
 * card counts every passage (few clips) or reads only as many clips as the page needs (many clips).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ownCard, type OwnPassage } from '../../../lib/entities/card';
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
  const first = await ownCard(t.db, matcher, 'csto', 0, 20, exactUpTo);
  pages.push(first.passages);
  for (let offset = 20; ; offset += 20) {
    const next = await ownCard(t.db, matcher, 'csto', offset, 20, exactUpTo);
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
    expect(first.firstSaved).toBe(Date.UTC(2024, 0, 1) + 60_000);
    expect(first.lastSaved).toBe(Date.UTC(2024, 0, 1) + CLIPS * 60_000);
    expect(pages.flat().map(key)).toEqual(exact);
    // Counted over the clips read: 33, 36, … 78.
    expect(first.related).toEqual([{ id: 'patrushev', clips: 16 }]);
  });
});
