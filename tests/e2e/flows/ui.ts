/**
 * Steps the shared flows repeat, written once over the driver (driver/types.ts): waiting on state,
 * clicking and typing as a person does, reading marks, hovering a mention, the extension's privileged calls.
 */
import assert from 'node:assert/strict';
import { readCard, type CardView } from '../driver/card';
import {
  HIGHLIGHT_NAMES,
  findInPage,
  highlightRangesInPage,
  pointOfTextInPage,
  selectTextInPage,
} from '../driver/in-page';
import type { Driver, Point, Tab } from '../driver/types';

const POLL_STEPS = [50, 100, 200, 250];

/**
 * Reads `read` until `check` stops throwing (an assertion), then returns the value; after `timeoutMs`,
 * throws the last assertion error. The state is re-read at short intervals: nothing waits a fixed time.
 */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => void, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    let error: unknown;
    try {
      const v = await read();
      check(v);
      return v;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) throw error;
    await new Promise((r) => setTimeout(r, POLL_STEPS[Math.min(i, POLL_STEPS.length - 1)]));
  }
}

/** `eventually` with deep equality, the common case. */
export const expectEqual = <T>(read: () => Promise<T>, expected: T, timeoutMs?: number) =>
  eventually(read, (v) => assert.deepEqual(v, expected), timeoutMs);

/** Waits until the content script has finished its first full pass over the page (asked through the extension). */
export async function waitForMarking(tab: Tab): Promise<void> {
  await eventually(
    () => tab.scanState(),
    (s) => assert.equal(s?.done, true, 'the page is not marked yet'),
    15_000,
  );
}

export interface Mark {
  layer: string;
  text: string;
}

export async function marks(tab: Tab): Promise<Mark[]> {
  return (await tab.evaluate(highlightRangesInPage, HIGHLIGHT_NAMES)).map(({ layer, text }) => ({ layer, text }));
}

const NON_TYPE_LAYERS = new Set(['active', 'flash', 'quote', 'clip']);

/** Texts of the type-layer marks (not active/flash/quote/clip), whitespace collapsed, soft hyphens dropped. */
export async function markTexts(tab: Tab): Promise<string[]> {
  return (await marks(tab))
    .filter((m) => !NON_TYPE_LAYERS.has(m.layer))
    .map((m) => m.text.replace(/\s+/g, ' ').replace(/\u00ad/g, ''));
}

export async function pointOf(tab: Tab, text: string, nth = 0): Promise<Point> {
  const p = await tab.evaluate(pointOfTextInPage, { text, nth });
  if (!p) throw new Error(`"${text}" not found on the page`);
  return p;
}

export async function selectText(tab: Tab, text: string): Promise<void> {
  if (!(await tab.evaluate(selectTextInPage, text))) throw new Error(`"${text}" not found on the page`);
}

/** Hovers the n-th occurrence of `text` with the mouse and waits for the card to show. */
export async function hoverMention(tab: Tab, text: string, nth = 0): Promise<CardView> {
  const { x, y } = await pointOf(tab, text, nth);
  await tab.mouseMove({ x: x - 30, y: y - 30 });
  await tab.mouseMove({ x, y }, 4);
  return eventually(
    () => readCard(tab),
    (c) => assert.ok(c, 'no card shown'),
  ) as Promise<CardView>;
}

type Match = string | RegExp | undefined;
const matchArg = (m: Match) => (m instanceof RegExp ? { re: [m.source, m.flags] as [string, string] } : { text: m });

/** Elements matching `css` (and `text`) that are visible now. */
export function find(tab: Tab, css: string, text?: Match) {
  return tab.evaluate(findInPage, { css, ...matchArg(text) });
}

/** Waits for the element, then clicks its centre with the mouse. */
export async function clickSelector(tab: Tab, css: string, text?: Match): Promise<void> {
  const [el] = await eventually(
    () => find(tab, css, text),
    (els) => assert.ok(els.length > 0, `no visible ${css}${text ? ` with ${String(text)}` : ''}`),
  );
  await tab.mouseClick(el!);
}

/** Clicks the field, selects what it holds and types `value` over it. */
export async function fill(tab: Tab, css: string, value: string): Promise<void> {
  await clickSelector(tab, css);
  const had = await tab.evaluate((css) => {
    const el = document.querySelector(css) as HTMLInputElement | HTMLTextAreaElement;
    el.select();
    return el.value.length > 0;
  }, css);
  if (had) await tab.press('Backspace');
  if (value) await tab.type(value);
}

/** Visible texts of every element matching `css`. */
export async function texts(tab: Tab, css: string): Promise<string[]> {
  return (await find(tab, css)).map((e) => e.text);
}

/** A `chrome`/`browser` global as the flows use it in extension contexts. */
export interface ExtApi {
  storage: { local: { clear(): Promise<void>; set(v: object): Promise<void> } };
  tabs: {
    query(q: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(id: number, m: object, o?: object): Promise<unknown>;
  };
}

/**
 * The id of the tab showing `url`, as the extension sees it. Without the "tabs" permission tab.url may
 * be hidden from the extension, so each tab's content script is asked for its address too.
 */
export async function tabIdOf(d: Driver, url: string): Promise<number> {
  const id = await d.inExtension(async (u) => {
    const g = globalThis as unknown as { browser?: ExtApi; chrome: ExtApi };
    const api = g.browser ?? g.chrome;
    for (const t of await api.tabs.query({})) {
      if (t.id === undefined) continue;
      if (t.url?.startsWith(u)) return t.id;
      const state = (await api.tabs
        .sendMessage(t.id, { type: 'page:clip-state' }, { frameId: 0 })
        .catch(() => undefined)) as { url?: string } | undefined;
      if (state?.url?.startsWith(u)) return t.id;
    }
    return undefined;
  }, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

/** Empties extension storage and the clip collection (flows share one browser; IndexedDB outlives a tab). */
export async function resetExtension(d: Driver): Promise<void> {
  await d.inExtension(async () => {
    const g = globalThis as unknown as { browser?: ExtApi; chrome: ExtApi };
    await (g.browser ?? g.chrome).storage.local.clear();
    // The clip collection and the background's settings (lib/settings/store.ts), emptied in place: the
    // background keeps its connections open.
    const clear = (name: string, store: string) =>
      new Promise<void>((resolve) => {
        const req = indexedDB.open(name);
        // No database yet: do not create one at a version Dexie did not write.
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onerror = () => resolve();
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve();
            return;
          }
          const tx = db.transaction(store, 'readwrite');
          tx.objectStore(store).clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => resolve();
        };
      });
    await clear('context-reader', 'clips');
    await clear('context-reader-settings', 'kv');
  }, undefined);
}
