/**
 * The popup's first page kept in storage.session (lib/clips/first-page.ts): what counts as the first
 * page, what a reader of the area gets, and that no write leaves an older page stored — alone with
 * injected timers, and through the background's clip service with a real ClipStore (fake IndexedDB).
 */
import { describe, expect, it } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { startClipService } from '../../../entrypoints/background/clips';
import {
  FIRST_PAGE_KEY,
  FirstPageCache,
  POPUP_PAGE_SIZE,
  isFirstPage,
  readFirstPage,
  startEarlyRead,
  takeFirstPage,
} from '../../../lib/clips/first-page';
import { buildKnowledgeBase } from '../../../lib/kb/build';
import { Knowledge } from '../../../lib/kb/knowledge';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import type { ClipSummary } from '../../../lib/messages';
import { memoryArea } from '../entities/memory-area';
import { makeStore, pageInput } from './helpers';

const summary = (id: string): ClipSummary => ({
  id,
  kind: 'page',
  title: `Title ${id}`,
  url: `https://example.com/${id}`,
  site: 'example.com',
  snippet: '',
  note: '',
  tags: [],
  entities: [],
  savedAt: 1,
  updatedAt: 1,
});

/** Timers the test fires by hand. */
function manualTimers() {
  let due: (() => void) | null = null;
  return {
    timers: { set: (run: () => void) => (due = run), clear: () => (due = null) },
    fire: () => {
      const run = due;
      due = null;
      run?.();
    },
  };
}

describe('isFirstPage', () => {
  it.each([
    ['', { offset: 0, limit: POPUP_PAGE_SIZE }, true],
    ['   ', { limit: POPUP_PAGE_SIZE }, true],
    ['csto', { offset: 0, limit: POPUP_PAGE_SIZE }, false],
    ['', { offset: POPUP_PAGE_SIZE, limit: POPUP_PAGE_SIZE }, false],
    ['', { offset: 0, limit: 50 }, false],
    ['', { offset: 0, limit: POPUP_PAGE_SIZE, tag: 'security' }, false],
    ['', { offset: 0, limit: POPUP_PAGE_SIZE, entity: 'csto' }, false],
    ['', { offset: 0, limit: POPUP_PAGE_SIZE, site: 'example.com' }, false],
  ])('query %j, %j → %s', (query, options, expected) => {
    expect(isFirstPage(query, options)).toBe(expected);
  });
});

describe('readFirstPage', () => {
  it.each([
    ['nothing stored', undefined, null],
    ['another format', { format: 0, clips: [summary('a')] }, null],
    ['clips that are not a list', { format: 1, clips: 'a' }, null],
    ['a stored page', { format: 1, clips: [summary('a')] }, [summary('a')]],
  ])('%s', async (_name, value, expected) => {
    const mem = memoryArea();
    if (value !== undefined) mem.area[FIRST_PAGE_KEY] = value;
    expect(await readFirstPage(mem)).toEqual(expected);
  });

  it('answers null without the area (a browser without storage.session) or when reading fails', async () => {
    expect(await readFirstPage(undefined)).toBeNull();
    const failing = { ...memoryArea(), get: () => Promise.reject(new Error('no')) };
    expect(await readFirstPage(failing)).toBeNull();
  });
});

describe('the early read (popup-early.js, then the popup module)', () => {
  it('hands the module the read started early, once; without one the module reads itself', async () => {
    const mem = memoryArea();
    mem.area[FIRST_PAGE_KEY] = { format: 1, clips: [summary('a')] };
    let gets = 0;
    const counted = { ...mem, get: (key: string) => (gets++, mem.get(key)) };
    const win = {};
    startEarlyRead(counted, win);
    expect(gets).toBe(1);
    // Stored after the early read began: the module gets what that read found, with no second read.
    mem.area[FIRST_PAGE_KEY] = { format: 1, clips: [summary('b')] };
    expect(await takeFirstPage(counted, win)).toEqual([summary('a')]);
    expect(gets).toBe(1);
    // Picked up once: a second take (none happens in the popup) reads the area.
    expect(await takeFirstPage(counted, win)).toEqual([summary('b')]);
    expect(gets).toBe(2);
    // No early script ran (it failed to load, or came after the module): the module reads.
    expect(await takeFirstPage(counted, {})).toEqual([summary('b')]);
    expect(gets).toBe(3);
  });
});

describe('FirstPageCache', () => {
  it('stores an offered page, drops it on a write and reads it again after the quiet spell', async () => {
    const mem = memoryArea();
    const { timers, fire } = manualTimers();
    let newest = [summary('b'), summary('a')];
    const cache = new FirstPageCache(mem, () => Promise.resolve(newest), { timers });
    await cache.offer([summary('a')], cache.mark());
    expect(await readFirstPage(mem)).toEqual([summary('a')]);

    await cache.invalidate();
    expect(await readFirstPage(mem)).toBeNull();
    newest = [summary('c'), summary('b'), summary('a')];
    fire();
    await expect.poll(() => readFirstPage(mem)).toEqual(newest);
  });

  it('never stores a page read before a write, whichever finishes first', async () => {
    const mem = memoryArea();
    const { timers } = manualTimers();
    const cache = new FirstPageCache(mem, () => Promise.resolve([]), { timers });
    const before = cache.mark();
    await cache.invalidate();
    await cache.offer([summary('deleted')], before);
    expect(await readFirstPage(mem)).toBeNull();

    // Offered first, then a write: the drop comes after the store.
    const now = cache.mark();
    const offered = cache.offer([summary('x')], now);
    const dropped = cache.invalidate();
    await Promise.all([offered, dropped]);
    expect(await readFirstPage(mem)).toBeNull();
  });

  it('a refresh whose read was overtaken by a write stores nothing', async () => {
    const mem = memoryArea();
    const { timers, fire } = manualTimers();
    let release!: (clips: ClipSummary[]) => void;
    const cache = new FirstPageCache(mem, () => new Promise<ClipSummary[]>((r) => (release = r)), { timers });
    await cache.invalidate();
    fire(); // the refresh starts reading
    await cache.invalidate(); // a write meanwhile
    release([summary('old')]);
    await new Promise((r) => setTimeout(r, 0)); // one task: the read's continuation has queued its offer
    await cache.settled();
    expect(await readFirstPage(mem)).toBeNull();
  });

  it('does nothing without a storage area', async () => {
    const { timers } = manualTimers();
    const cache = new FirstPageCache(undefined, () => Promise.resolve([]), { timers });
    await expect(cache.offer([summary('a')], cache.mark())).resolves.toBeUndefined();
    await expect(cache.invalidate()).resolves.toBeUndefined();
  });
});

describe('the clip service keeps the first page', () => {
  const knowledge = new Knowledge(buildKnowledgeBase(loadData(defaultDataDir())));
  const ctx = { caller: 'extension' as const, url: 'chrome-extension://abc/popup.html' };

  function service() {
    const session = memoryArea();
    const browser = {
      runtime: { getURL: (p: string) => `chrome-extension://abc${p}`, onInstalled: { addListener() {} } },
      storage: { session },
      tabs: { query: () => Promise.resolve([]), sendMessage: () => Promise.resolve(undefined) },
    } as unknown as WxtBrowser;
    const { store } = makeStore(`first-page-${Math.random()}`);
    return { session, store, handlers: startClipService(browser, knowledge, store).handlers };
  }

  const firstPage = { query: '', filters: {}, offset: 0, limit: POPUP_PAGE_SIZE };

  it('stores the answer to a first-page request, and nothing for a search or a filter', async () => {
    const { session, store, handlers } = service();
    for (let i = 0; i < 3; i++) await store.saveClip(pageInput({ url: `https://example.com/${i}`, title: `T${i}` }));
    await expect.poll(() => readFirstPage(session)).not.toBeNull(); // the refresh after the saves
    Reflect.deleteProperty(session.area, FIRST_PAGE_KEY);

    await handlers['clips:list']({ ...firstPage, query: 'T1' }, ctx);
    await handlers['clips:list']({ ...firstPage, filters: { site: 'example.com' } }, ctx);
    expect(await readFirstPage(session)).toBeNull();

    const answer = await handlers['clips:list'](firstPage, ctx);
    if (!answer.ok) throw new Error('list failed');
    expect(answer.clips.map((c) => c.title)).toEqual(['T2', 'T1', 'T0']);
    await expect.poll(() => readFirstPage(session)).toEqual(answer.clips);
  });

  it('a delete drops the stored page before its answer, and the page comes back without the clip', async () => {
    const { session, store, handlers } = service();
    for (let i = 0; i < 3; i++) await store.saveClip(pageInput({ url: `https://example.com/${i}`, title: `T${i}` }));
    const answer = await handlers['clips:list'](firstPage, ctx);
    if (!answer.ok) throw new Error('list failed');
    await expect.poll(() => readFirstPage(session)).toEqual(answer.clips);

    const gone = answer.clips[1]!.id;
    await handlers['clips:delete']({ id: gone }, ctx);
    expect(await readFirstPage(session)).toBeNull();
    await expect
      .poll(async () => (await readFirstPage(session))?.map((c) => c.title) ?? null, { timeout: 5_000 })
      .toEqual(['T2', 'T0']);
  });

  it('clips:refresh (a write around the worker: an import) drops the stored page', async () => {
    const { session, store, handlers } = service();
    await store.saveClip(pageInput());
    await handlers['clips:list'](firstPage, ctx);
    await expect.poll(() => readFirstPage(session)).not.toBeNull();
    await handlers['clips:refresh']({}, ctx);
    expect(await readFirstPage(session)).toBeNull();
  });
});
