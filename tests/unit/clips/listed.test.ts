/**
 * The clip service's list of the clips that name an entity (a card's "From your clips" reads exactly
 * those records when it has it): null until the search index is built (`warm`, after a card that went
 * without it), then every such clip newest first, following the service's writes since.
 */
import { describe, expect, it } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { startClipService } from '../../../entrypoints/background/clips';
import { buildKnowledgeBase } from '../../../lib/kb/build';
import { Knowledge } from '../../../lib/kb/knowledge';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { memoryArea } from '../entities/memory-area';
import { fullClip, makeStore } from './helpers';

const knowledge = new Knowledge(buildKnowledgeBase(loadData(defaultDataDir())));

function service() {
  const browser = {
    runtime: { getURL: (p: string) => `chrome-extension://abc${p}`, onInstalled: { addListener() {} } },
    storage: { session: memoryArea() },
    tabs: { query: () => Promise.resolve([]), sendMessage: () => Promise.resolve(undefined) },
  } as unknown as WxtBrowser;
  const { store } = makeStore(`listed-${Math.random()}`);
  return { store, clips: startClipService(browser, knowledge, store) };
}

describe("the clip service's list of an entity's clips", () => {
  it('is null until the index is built, then names every clip of the entity, newest first', async () => {
    const { store, clips } = service();
    for (let n = 1; n <= 6; n++)
      await store.restore(fullClip(n, { entities: n % 2 ? ['csto'] : ['sco'], savedAt: 1_000 * n }));
    expect(clips.index.ready).toBe(false);
    // Asking starts nothing; the answer comes from the index only once it is complete.
    expect(await clips.listed('csto')).toBeNull();
    expect(clips.index.stats().state).toBe('empty');
    clips.warm();
    expect(await clips.listed('csto')).toBeNull();
    await expect.poll(() => clips.index.ready).toBe(true);
    const csto = await clips.listed('csto');
    expect(csto?.map((c) => c.savedAt)).toEqual([5_000, 3_000, 1_000]);
    expect(csto?.map((c) => c.id)).toEqual([fullClip(5).id, fullClip(3).id, fullClip(1).id]);
    expect(await clips.listed('cis')).toEqual([]);

    // A clip deleted through the service's handlers is gone from the next list.
    const ctx = { caller: 'extension' as const, url: 'chrome-extension://abc/library.html' };
    const deleted = await clips.handlers['clips:delete']({ id: fullClip(3).id }, ctx);
    expect(deleted.ok).toBe(true);
    expect((await clips.listed('csto'))?.map((c) => c.savedAt)).toEqual([5_000, 1_000]);
    expect((await clips.listed('sco'))?.map((c) => c.savedAt)).toEqual([6_000, 4_000, 2_000]);
  });
});
