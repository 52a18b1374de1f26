/**
 * The collection's passage handlers with a real ClipStore (fake IndexedDB) and a fake tabs API: the page
 * key comes from the tab's URL as the browser reports it, a canonical claim counts only on the same
 * site, and passages go to the tab's top frame only when asked.
 */
import { describe, expect, it } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { startClipService } from '../../../entrypoints/background/clips';
import { buildKnowledgeBase } from '../../../lib/kb/build';
import { Knowledge } from '../../../lib/kb/knowledge';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { makeStore, pageInput } from '../clips/helpers';

const selection = { exact: 'met on Friday', prefix: 'Organization ', suffix: '.', start: 55, end: 68 };

interface Tab {
  url: string;
  canonical?: string;
}

function fakeBrowser(tabs: Record<number, Tab>) {
  const sent: { tabId: number; message: { type: string }; frameId?: number }[] = [];
  const browser = {
    runtime: { getURL: (p: string) => `chrome-extension://abc${p}`, onInstalled: { addListener() {} } },
    tabs: {
      get: (id: number) => Promise.resolve({ id, url: tabs[id]!.url }),
      query: () => Promise.resolve(Object.keys(tabs).map((id) => ({ id: Number(id) }))),
      create: () => Promise.resolve({}),
      sendMessage: (tabId: number, message: { type: string }, options?: { frameId?: number }): Promise<unknown> => {
        sent.push({ tabId, message, ...(options?.frameId !== undefined && { frameId: options.frameId }) });
        if (message.type === 'page:clip-state')
          return Promise.resolve({
            url: 'https://ignored.example/',
            hasSelection: false,
            ...(tabs[tabId]!.canonical ? { canonical: tabs[tabId]!.canonical } : {}),
          });
        if (message.type === 'page:show-passages') return Promise.resolve({ marked: 1 });
        return Promise.resolve(undefined);
      },
    },
  };
  return { browser: browser as unknown as WxtBrowser, sent };
}

const knowledge = new Knowledge(buildKnowledgeBase(loadData(defaultDataDir())));

async function setup(tabs: Record<number, Tab>) {
  const { store } = makeStore(`passages-${Math.random()}`);
  await store.saveClip(
    pageInput({ kind: 'selection', url: 'https://victim.github.io/post', text: 'met on Friday', selection }),
  );
  const fake = fakeBrowser(tabs);
  const service = startClipService(fake.browser, knowledge, store);
  const ctx = { caller: 'extension' as const, url: 'chrome-extension://abc/popup.html' };
  return { ...fake, handlers: service.handlers, ctx };
}

describe('passages:count and passages:show', () => {
  it.each([
    ['the saved page', { url: 'https://victim.github.io/post?utm_source=x' }, 1],
    [
      'a same-site page whose canonical is the saved page',
      { url: 'https://victim.github.io/amp/post', canonical: 'https://victim.github.io/post' },
      1,
    ],
    [
      'another github.io site claiming it as canonical',
      { url: 'https://attacker.github.io/post', canonical: 'https://victim.github.io/post' },
      0,
    ],
    ['another page of the same site', { url: 'https://victim.github.io/other' }, 0],
    ['a tab on a browser page', { url: 'chrome://settings' }, 0],
  ])('%s', async (_name, tab, count) => {
    const { handlers, ctx, sent } = await setup({ 5: tab });
    expect(await handlers['passages:count']({ tabId: 5 }, ctx)).toEqual({ ok: true, count });
    // Counting tells the page nothing.
    expect(sent.filter((s) => s.message.type === 'page:show-passages')).toEqual([]);
    const shown = await handlers['passages:show']({ tabId: 5 }, ctx);
    expect(shown).toEqual({ ok: true, sent: count, marked: count ? 1 : 0 });
    const delivered = sent.filter((s) => s.message.type === 'page:show-passages');
    expect(delivered).toHaveLength(count);
    if (count) {
      expect(delivered[0]).toMatchObject({ tabId: 5, frameId: 0, message: { passages: [{ selection }] } });
      // Only the selector and id: no title, note, text or address.
      expect(Object.keys((delivered[0]!.message as unknown as { passages: object[] }).passages[0]!)).toEqual([
        'id',
        'selection',
      ]);
    }
  });

  it('announces a deletion to pages with the id only', async () => {
    const { handlers, ctx, sent } = await setup({ 5: { url: 'https://victim.github.io/post' } });
    const list = await handlers['clips:list']({ query: '', filters: {}, offset: 0, limit: 10 }, ctx);
    const id = list.ok ? list.clips[0]!.id : '';
    await handlers['clips:delete']({ id }, ctx);
    await expect
      .poll(() => sent.find((s) => s.message.type === 'clips:changed')?.message)
      .toEqual({ type: 'clips:changed', removed: [id] });
  });
});
