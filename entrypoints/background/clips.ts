/**
 * The clip collection's one writer. Popup, library page, context menu and keyboard shortcut all save,
 * edit and import through these handlers, so two popups saving the same page at once go through one
 * ClipStore whose transactions serialise: every clip is stored once. Extraction happens in the tab
 * (content script); IndexedDB is opened here, on the extension's origin.
 */
import type { WxtBrowser } from 'wxt/browser';
import { ClipsDB, siteFor, toClip, type ClipRecord } from '../../lib/clips/db';
import { toStorageError } from '../../lib/clips/errors';
import { FirstPageCache, POPUP_PAGE_SIZE, isFirstPage } from '../../lib/clips/first-page';
import { LiveIndex } from '../../lib/clips/live-index';
import type { ListedClip } from '../../lib/entities/card';
import type { Clip, ClipInput } from '../../lib/clips/schema';
import { ClipStore, type ListOptions } from '../../lib/clips/store';
import type { ListTicket } from '../../lib/clips/search-index';
import type { Knowledge } from '../../lib/kb/knowledge';
import { Matcher } from '../../lib/match/matcher';
import {
  sendToTab,
  type ClipFacetsResponse,
  type ClipReply,
  type ClipRef,
  type ClipSummary,
  type EntityNames,
  type PageExtractResponse,
  type Passage,
  type Protocol,
} from '../../lib/messages';
import { libraryClipUrl } from '../../lib/clips/routes';
import { openableUrl } from '../../lib/open-url';
import { BENCH, benchMark } from '../../lib/page/bench-marks';
import type { RequestOf } from '../../lib/protocol/requests';
import type { CallerContext } from '../../lib/protocol/router';

export const SAVE_SELECTION = 'save-selection';
const SNIPPET_CHARS = 280;

type ClipHandlerType = Extract<keyof Protocol, `clips:${string}` | `passages:${string}`>;
export type ClipHandlers = {
  [K in ClipHandlerType]: (req: RequestOf<K>, ctx: CallerContext) => Promise<Protocol[K]['res']>;
};

export interface ClipService {
  /** The user's clips that mention `entity`, newest first, at most 5: for cards in extension pages. */
  refsFor(entity: string): Promise<ClipRef[]>;
  /** The collection's message handlers (lib/protocol/requests.ts says who may call each). */
  handlers: ClipHandlers;
  /** Every clip that mentions `entity`, newest first, from the search index if it is built (else null). */
  listed(entity: string): Promise<ListedClip[] | null>;
  /** Starts the search index's load or build, if it has not run (after a card that needed its list). */
  warm(): void;
  /** How many clips mention `entity`, for "5 of 100" on a card (link: libraryEntityUrl). */
  countFor(entity: string): Promise<number>;
  /** The store, for tests and other background code. */
  store: ClipStore;
  /** The in-memory search index kept in step with the store. */
  index: LiveIndex<ClipSummary>;
}

export function summarise(clip: Clip): ClipSummary {
  const source = clip.kind === 'selection' ? clip.text : clip.excerpt || clip.text;
  const flat = source.replace(/\s+/g, ' ').trim();
  return {
    id: clip.id,
    kind: clip.kind,
    title: clip.title,
    url: clip.url,
    site: siteFor(clip),
    snippet: flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat,
    note: clip.note,
    tags: clip.tags,
    entities: clip.entities,
    savedAt: clip.savedAt,
    updatedAt: clip.updatedAt,
  };
}

/** A card's link to a clip, from its stored record. */
export function refOf(record: ClipRecord): ClipRef {
  return toRef(summarise(toClip(record)));
}

function toRef(s: ClipSummary): ClipRef {
  return {
    id: s.id,
    title: s.title,
    url: s.url,
    savedAt: s.savedAt,
    kind: s.kind,
    ...(s.snippet ? { excerpt: s.snippet } : {}),
  };
}

/**
 * Errors cross the message boundary as plain data; the UI shows the message as it is. Storage errors
 * that reach here by another path than ClipStore (the search index reads the database too) are given
 * the same plain words.
 */
export function failure(err: unknown): { ok: false; error: { name: string; message: string } } {
  const mapped = toStorageError(err);
  const e = mapped instanceof Error ? mapped : new Error(String(mapped));
  return { ok: false, error: { name: e.name, message: e.message } };
}

class UserError extends Error {
  override readonly name = 'UserError';
}

/** What the collection's handlers share: the store, its in-memory index and the tab-facing helpers. */
interface Parts {
  browser: WxtBrowser;
  knowledge: Knowledge;
  own: OwnEntities | undefined;
  store: ClipStore;
  index: LiveIndex<ClipSummary>;
  extensionBase: string;
  announce: (tabId?: number, removed?: string[]) => Promise<void>;
  passagesOf: (tabId: number) => Promise<Passage[]>;
  showPassages: (tabId: number) => Promise<{ sent: number; marked: number | null }>;
  saveFromTab: (
    tabId: number,
    kind: 'page' | 'selection',
    frameId?: number,
  ) => Promise<{ status: 'created' | 'updated'; clip: ClipSummary }>;
  list: (query: string, options: ListOptions, ticket: Partial<ListTicket>) => Promise<ClipSummary[] | null>;
  firstPage: FirstPageCache;
}

/** The reader's own entities, as the clip service needs them (entrypoints/background/entities.ts). */
export interface OwnEntities {
  /** The matcher with the catalogue and the reader's entities, as pages mark them. */
  matcher(): Matcher;
  names(): EntityNames;
}

export function startClipService(
  browser: WxtBrowser,
  knowledge: Knowledge,
  store = new ClipStore(new ClipsDB()),
  own?: OwnEntities,
): ClipService {
  // Search, lists and facets are answered from memory (lib/clips/live-index.ts); every write below
  // updates it. Loaded (or built) on the first list/search after the service worker starts.
  const index = new LiveIndex(store.db, summarise);
  // The index follows the collection's version through the background's own writes, so that what it
  // persists is known to be current (lib/clips/live-index.ts).
  store.onWrite((before, after) => index.noteWrite(before, after));
  // The popup's first page, readable without this worker (lib/clips/first-page.ts): dropped by every write.
  // No session area (a test's fake browser): nothing is stored, the popup asks the worker as before.
  const firstPage = new FirstPageCache(browser.storage?.session, async () =>
    (await store.list({ limit: POPUP_PAGE_SIZE })).map(summarise),
  );
  store.onWrite(() => void firstPage.invalidate());
  /** The newest `limit` clips naming `entity`, if the index can answer now (checked against the database). */
  const peekEntity = (entity: string, limit: number) =>
    index.verify().then(
      () => index.peekList({ entity, limit }),
      () => null,
    );
  // The bench reads the index's build figures from the service worker; a production build has no such global.
  if (BENCH) Object.defineProperty(globalThis, '__clipIndexStats', { configurable: true, get: () => index.stats() });
  const announce = announcer(browser);
  const { passagesOf, showPassages } = tabPassages(browser, store);
  const saveFromTab = saver({ browser, knowledge, own, store, index, announce, showPassages });
  const parts: Parts = {
    browser,
    knowledge,
    own,
    store,
    index,
    extensionBase: browser.runtime.getURL('/'),
    announce,
    passagesOf,
    showPassages,
    saveFromTab,
    list: lister(store, index, firstPage),
    firstPage,
  };
  installSaveSelection(browser, saveFromTab);
  return {
    store,
    index,
    handlers: clipHandlers(parts),
    countFor: (entity) => store.countForEntity(entity).catch(() => 0),
    warm: () => index.warm(),
    listed: async (entity) =>
      (await peekEntity(entity, Infinity))?.map((s) => ({ id: s.id, savedAt: s.savedAt })) ?? null,
    refsFor: async (entity) => {
      const fromIndex = await peekEntity(entity, 5);
      return (fromIndex ?? (await store.list({ entity, limit: 5 }).catch(() => [])).map(summarise)).map(toRef);
    },
  };
}

/**
 * Tells content scripts to forget cached cards and to drop the marks of deleted passages. It carries
 * no clip data: pages learn about the collection only when the reader asks on that page.
 */
function announcer(browser: WxtBrowser) {
  return async (tabId?: number, removed?: string[]): Promise<void> => {
    const tabs = tabId !== undefined ? [{ id: tabId }] : await browser.tabs.query({}).catch(() => []);
    const req = removed?.length ? { removed } : {};
    await Promise.all(
      tabs.map((t) =>
        t.id === undefined
          ? Promise.resolve()
          : sendToTab(browser.tabs, t.id, 'clips:changed', req).catch(() => undefined),
      ),
    );
  };
}

function tabPassages(browser: WxtBrowser, store: ClipStore) {
  /**
   * The saved selections of the page open in a tab. The page key comes from the tab's top-frame URL, as
   * the browser reports it; the page's canonical link is only a claim, which lib/clips/url-key.ts
   * accepts on the same origin or the same registrable domain.
   */
  async function passagesOf(tabId: number): Promise<Passage[]> {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab?.url || openableUrl(tab.url) === null) return [];
    const state = await sendToTab(browser.tabs, tabId, 'page:clip-state', {}).catch(() => null);
    const canonical = typeof state?.canonical === 'string' ? state.canonical : undefined;
    const clips = await store.findByUrl(tab.url, canonical);
    return clips.flatMap((c) => (c.kind === 'selection' && c.selection ? [{ id: c.id, selection: c.selection }] : []));
  }

  /** Sends a tab's passages to its top frame, which marks them; only ever after the reader asked. */
  async function showPassages(tabId: number): Promise<{ sent: number; marked: number | null }> {
    const passages = await passagesOf(tabId);
    if (passages.length === 0) return { sent: 0, marked: 0 };
    const res = await sendToTab(browser.tabs, tabId, 'page:show-passages', { passages }).catch(() => null);
    return { sent: passages.length, marked: typeof res?.marked === 'number' ? res.marked : null };
  }
  return { passagesOf, showPassages };
}

/** Extracts a page or selection in its tab (the script is injected only now) and stores it. */
function saver(
  p: Pick<Parts, 'browser' | 'knowledge' | 'own' | 'store' | 'index' | 'announce' | 'showPassages'>,
): Parts['saveFromTab'] {
  // Same matcher and spec as the hover cards, so a clip lists the entities the page marks (the reader's too).
  // Built at the first save, not at the worker's start: it took ~60 ms of every start (bench marks),
  // while a popup opened after a restart waited for the worker.
  let corpusMatcher: Matcher | null = null;
  const entitiesOf = (text: string): string[] => [
    ...new Set(
      (p.own?.matcher() ?? (corpusMatcher ??= new Matcher(p.knowledge.kb.spec))).scanAll(text).map((m) => m.entity),
    ),
  ];
  return async (tabId, kind, frameId = 0) => {
    const input = await extractInTab(p.browser, tabId, kind, frameId);
    if (!input)
      throw new UserError(
        kind === 'selection' ? 'Nothing is selected on the page.' : 'Nothing on this page could be saved.',
      );
    const scanned = input.kind === 'page' ? `${input.title}\n\n${input.text}` : input.text;
    const withEntities: ClipInput = { ...input, entities: entitiesOf(scanned).slice(0, 1_000) };
    const result = await p.store.saveClip(withEntities);
    p.index.put(result.clip, result.record);
    await p.announce(tabId);
    // Saving a selection is the reader's gesture on this page: show it (and the page's other passages).
    if (kind === 'selection' && frameId === 0) await p.showPassages(tabId).catch(() => undefined);
    return { status: result.status, clip: summarise(result.clip) };
  };
}

async function extractInTab(
  browser: WxtBrowser,
  tabId: number,
  kind: 'page' | 'selection',
  frameId: number,
): Promise<PageExtractResponse> {
  try {
    // Extraction is injected only when saving: it is too heavy for the script that runs on every page.
    const [first] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      files: [kind === 'page' ? '/extract-page.js' : '/extract-selection.js'],
    });
    return (first?.result ?? null) as PageExtractResponse;
  } catch {
    throw new UserError(
      'This page cannot be clipped: the extension cannot read it (browser pages and the web store are off limits). Reload the page if it was open before the extension was installed.',
    );
  }
}

/** Lists and searches, with staleness tickets: a newer request on the same channel supersedes an older one. */
function lister(store: ClipStore, index: LiveIndex<ClipSummary>, firstPage: FirstPageCache): Parts['list'] {
  /** Newest list request per page (channel): an older one still waiting is answered empty. */
  const latest = new Map<string, number>();
  const list = listing(store, index, latest);
  return async (query, options, ticket) => {
    benchMark('bg:list');
    const generation = firstPage.mark();
    const clips = await list(query, options, ticket);
    if (clips && isFirstPage(query, options)) void firstPage.offer(clips, generation);
    return clips;
  };
}

function listing(store: ClipStore, index: LiveIndex<ClipSummary>, latest: Map<string, number>): Parts['list'] {
  return async (query, options, ticket) => {
    const { channel, seq } = ticket;
    if (typeof channel === 'string' && typeof seq === 'number')
      latest.set(channel, Math.max(seq, latest.get(channel) ?? seq));
    const isStale = () => typeof channel === 'string' && typeof seq === 'number' && (latest.get(channel) ?? seq) > seq;
    const filtered = options.tag !== undefined || options.entity !== undefined || options.site !== undefined;
    const verified = await index.verify().then(
      () => true,
      () => false,
    );
    if (!query.trim() && !filtered && !index.ready) {
      // The first list of a popup: one short read of the savedAt index, never behind the index build.
      const first = index.peekList(options) ?? (await store.list(options)).map(summarise);
      benchMark('bg:first-list-read');
      index.warm();
      return first;
    }
    try {
      return await index.search(query, options, isStale, verified);
    } catch (err) {
      if (isStale()) return null;
      // One search engine: without the index, a list can still be read, a search cannot.
      if (query.trim()) throw err;
      return (await store.list(options)).map(summarise);
    }
  };
}

function namesOf(knowledge: Knowledge, own: OwnEntities | undefined, ids: Iterable<string>): EntityNames {
  const names: EntityNames = {};
  const mine = own?.names() ?? {};
  for (const id of ids) {
    if (mine[id]) names[id] = mine[id];
    const e = mine[id] ? undefined : knowledge.entity(id);
    if (e) names[id] = { name: e.name, type: e.type };
  }
  return names;
}

async function facets({ store, index, knowledge, own }: Parts): Promise<ClipFacetsResponse> {
  let f, total;
  try {
    ({ facets: f, total } = await index.facets());
  } catch {
    [f, total] = await Promise.all([store.facets(), store.count()]);
  }
  return {
    facets: f,
    total,
    names: namesOf(
      knowledge,
      own,
      f.entities.map((e) => e.value),
    ),
  };
}

/** Runs a collection request and wraps its answer in the ClipReply envelope. */
const reply = <T extends object>(run: () => Promise<T>): Promise<ClipReply<T>> =>
  run().then((res) => ({ ok: true as const, ...res }), failure);

function clipHandlers(p: Parts): ClipHandlers {
  const { browser, store, index, announce } = p;
  // A popup opened right after a write must not find the page from before it in storage.session.
  const afterWrite = <T>(res: T): Promise<T> => p.firstPage.settled().then(() => res);
  return {
    'clips:save': (msg) => reply(() => p.saveFromTab(msg.tabId, msg.kind, msg.frameId).then(afterWrite)),
    'clips:status': (msg) =>
      reply(async () => {
        const clips = await store.findByUrl(msg.url, msg.canonical);
        const page = clips.find((c) => c.kind === 'page');
        return { saved: page ? summarise(page) : null, selections: clips.filter((c) => c.kind === 'selection').length };
      }),
    'clips:list': (msg) =>
      reply(async () => {
        const limit = Math.min(Math.max(1, msg.limit), 200);
        const options = { ...msg.filters, offset: Math.max(0, msg.offset), limit };
        const clips = await p.list(msg.query, options, {
          ...(msg.channel !== undefined && { channel: msg.channel }),
          ...(msg.seq !== undefined && { seq: msg.seq }),
        });
        return clips === null ? { clips: [], superseded: true } : { clips };
      }),
    'clips:facets': () => reply(() => facets(p)),
    'clips:get': (msg) => reply(async () => ({ clip: (await store.get(msg.id)) ?? null })),
    'clips:update': (msg) =>
      reply(async () => {
        const clip = await store.update(msg.id, {
          ...(msg.note !== undefined && { note: msg.note }),
          ...(msg.tags && { tags: msg.tags }),
        });
        if (clip) index.put(clip);
        return afterWrite({ clip: clip ? summarise(clip) : null });
      }),
    'clips:delete': (msg) =>
      reply(async () => {
        const clip = (await store.delete(msg.id)) ?? null;
        index.remove(msg.id);
        void announce(undefined, [msg.id]);
        return afterWrite({ clip });
      }),
    'clips:restore': (msg) =>
      reply(async () => {
        await store.restore(msg.clip);
        const restored = await store.get(msg.clip.id);
        if (restored) index.put(restored);
        else index.invalidate();
        void announce();
        return afterWrite({});
      }),
    'clips:refresh': () =>
      reply(() => {
        // Told by whoever wrote around this worker's store (the library's import, the entity rescan).
        index.invalidate(true);
        void p.firstPage.invalidate();
        void announce();
        return afterWrite({});
      }),
    'clips:names': (msg) =>
      reply(() => Promise.resolve({ names: namesOf(p.knowledge, p.own, msg.ids.slice(0, 1_000)) })),
    'clips:open': (msg) =>
      reply(async () => {
        // An in-product target: the library page at one clip, whoever asks; the id and offsets are only a fragment.
        const at = msg.start !== undefined && msg.end !== undefined ? { start: msg.start, end: msg.end } : undefined;
        const url = openableUrl(libraryClipUrl(browser.runtime.getURL('/library.html'), msg.id, at), p.extensionBase);
        if (url) await browser.tabs.create({ url });
        return {};
      }),
    'passages:count': (msg) => reply(async () => ({ count: (await p.passagesOf(msg.tabId)).length })),
    'passages:show': (msg) => reply(() => p.showPassages(msg.tabId)),
  };
}

/** "Save selection" from the context menu and the keyboard shortcut, with a badge since no popup is open. */
function installSaveSelection(browser: WxtBrowser, saveFromTab: Parts['saveFromTab']): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus?.create(
      { id: SAVE_SELECTION, title: 'Save selection to Context Reader', contexts: ['selection'] },
      () => {
        if (browser.runtime.lastError) {
          // a duplicate id after an update is harmless; reading lastError keeps Chrome from logging it
        }
      },
    );
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== SAVE_SELECTION || tab?.id === undefined) return;
    const tabId = tab.id;
    void saveFromTab(tabId, 'selection', info.frameId ?? 0).then(
      () => flagSaved(browser, tabId),
      () => flagSaved(browser, tabId, false),
    );
  });
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== SAVE_SELECTION) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    const tabId = tab.id;
    await saveFromTab(tabId, 'selection').then(
      () => flagSaved(browser, tabId),
      () => flagSaved(browser, tabId, false),
    );
  });
}

/** Feedback for saves that have no popup open: a badge on the toolbar button for two seconds. */
function flagSaved(browser: WxtBrowser, tabId: number, ok = true): void {
  const action = browser.action ?? browser.browserAction;
  if (!action) return;
  void action.setBadgeBackgroundColor?.({ tabId, color: ok ? '#1a7f37' : '#cf222e' })?.catch(() => undefined);
  void action.setBadgeText({ tabId, text: ok ? '✓' : '!' }).catch(() => undefined);
  setTimeout(() => void action.setBadgeText({ tabId, text: '' }).catch(() => undefined), 2_000);
}
