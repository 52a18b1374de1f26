/**
 * The reader's entities in the background: validated, stored in the collection's database, compiled
 * and published to storage.local after every change, where each tab's content script picks them up
 * (storage.onChanged) without a message and without a reload. Also the context menu's "Track “…”".
 */
import type { WxtBrowser } from 'wxt/browser';
import {
  compileEntities,
  ENTITIES_KEY,
  foldForm,
  LAYER_OF,
  mergeSpec,
  parseCompiled,
  type CompiledEntities,
} from '../../lib/entities/compile';
import { packEntities, packFits, PACK_KEY, specFingerprint } from '../../lib/entities/pack';
import { parseRescan, RESCAN_KEY, runRescan } from '../../lib/entities/rescan';
import type { LocalArea } from '../../lib/entities/store';
import { Matcher } from '../../lib/match/matcher';
import type { MatcherSpec } from '../../lib/match/spec';
import { isReaderEntity, newEntityId, ReaderEntity, type EntityDraft } from '../../lib/entities/schema';
import type { EntityStore } from '../../lib/entities/store';
import { validateEntity, type ValidationContext } from '../../lib/entities/validate';
import type { Knowledge } from '../../lib/kb/knowledge';
import type { CardResponse, EntityNames, FromClips, Protocol } from '../../lib/messages';
import type { CardData } from '../../lib/kb/knowledge';
import { ownCard, type ListedClip } from '../../lib/entities/card';
import type { ClipRecord } from '../../lib/clips/db';
import type { RequestOf } from '../../lib/protocol/requests';
import { failure, refOf } from './clips';

type H<K extends keyof Protocol> = (req: RequestOf<K>) => Promise<Protocol[K]['res']>;

export interface EntityService {
  handlers: {
    'entities:list': H<'entities:list'>;
    'entities:save': H<'entities:save'>;
    'entities:delete': H<'entities:delete'>;
    'entities:restore': H<'entities:restore'>;
    'entities:merge': H<'entities:merge'>;
    'entities:refresh': H<'entities:refresh'>;
    'entities:pack': H<'entities:pack'>;
  };
  publish(): Promise<void>;
  /** The catalogue and the reader's entities in one matcher, as pages mark them. */
  matcher(): Matcher;
  names(): EntityNames;
  /** A card's view of the reader's collection; `full` only for extension callers (the card frame). */
  card(
    entity: string,
    offset: number,
    full: boolean,
    corpusNames: (ids: string[]) => EntityNames,
  ): Promise<CardResponse | null>;
  /**
   * At worker start: takes the compiled list from storage.local (no database opened for it), compiles it
   * again only when it is missing from an existing collection, and resumes a re-scan left unfinished.
   */
  init(databaseExists: () => Promise<boolean>): Promise<void>;
}

export interface EntityServiceDeps {
  local: LocalArea & { remove(key: string): Promise<void> };
  knowledge: Knowledge;
  store: EntityStore;
  /** The clips' entities changed (a re-scan): drop what the clip service caches. */
  onClipsChanged: () => void;
  /**
   * The clips that name an entity, newest first, from the clip service's search index when it is built
   * (else null: the card reads the newest clips in turn, a bounded number of them).
   */
  clipsListed?: (entity: string) => Promise<readonly ListedClip[] | null>;
  now?: () => number;
}

export function startEntityService({
  local,
  knowledge,
  store,
  onClipsChanged,
  clipsListed,
  now = Date.now,
}: EntityServiceDeps): EntityService {
  const spec = knowledge.kb.spec;
  let compiled: CompiledEntities | null = null;
  let matcher: Matcher | null = null;
  const currentMatcher = () => (matcher ??= new Matcher(mergeSpec(spec, compiled)));
  const entitiesOf = (text: string) => [
    ...new Set(
      currentMatcher()
        .scanAll(text)
        .map((m) => m.entity),
    ),
  ];

  const runRescans = rescanRunner(() => runRescan(store.db, local, entitiesOf, onClipsChanged), local);
  const corpusNames = Object.fromEntries(knowledge.kb.entities.map((e) => [e.id, e.name]));
  // Writes queue up: two editors saving at once must not publish an older list after a newer one.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task, task);
    chain = run.catch(() => undefined);
    return run;
  };
  /** Compiles and publishes; with `rescan`, records a new pass over the clips and starts it. */
  const publish = async (rescan = true) => {
    const published = await store.publish(local, spec.paradigms ?? {}, spec);
    compiled = published.compiled;
    matcher = null;
    // Clips are scanned again only when what pages mark changed (an import without entities changes nothing).
    if (!rescan || !published.changed) return;
    await local.set({ [RESCAN_KEY]: { generation: now(), after: null, done: 0, total: await store.db.clips.count() } });
    void runRescans().catch(() => undefined);
  };
  let initDone: Promise<void> = Promise.resolve();
  let exists: () => Promise<boolean> = () => Promise.resolve(false);
  const ensurePack = packKeeper(local, spec, serial, publish, () => compiled?.rules.length ?? 0);
  const context = async (except?: string): Promise<ValidationContext> => ({
    paradigms: spec.paradigms ?? {},
    corpus: spec,
    corpusNames,
    others: (await store.list()).filter((e) => e.id !== except),
  });

  const save = (draft: EntityDraft) => saveEntity(store, draft, { context, publish, now });

  return {
    publish: () => serial(() => publish(false)),
    matcher: currentMatcher,
    names: () => {
      const out: EntityNames = {};
      for (const [id, n] of Object.entries(compiled?.names ?? {}))
        out[id] = { name: n.name, type: LAYER_OF[n.type], own: true };
      return out;
    },
    init: (databaseExists) =>
      (initDone = (async () => {
        const s = await local.get(ENTITIES_KEY);
        compiled = parseCompiled(s[ENTITIES_KEY]);
        matcher = null;
        exists = databaseExists;
        await ensurePack(databaseExists, !compiled);
        if (parseRescan((await local.get(RESCAN_KEY))[RESCAN_KEY])) void runRescans().catch(() => undefined);
      })()),
    card: (entity, offset, full, corpusNamesOf) =>
      readerCard(store, currentMatcher(), compiled?.names ?? {}, { entity, offset, full, corpusNamesOf, clipsListed }),
    handlers: {
      ...entityHandlers({ store, serial, publish, context, save, now }),
      // A page found no pack it can use: the worker's start (which this message caused) writes one.
      'entities:pack': async () => {
        await initDone.catch(() => undefined);
        await ensurePack(exists).catch(() => undefined);
        return { ok: true as const };
      },
    },
  };
}

/**
 * Every page marks from the pack (lib/entities/pack.ts): one built for another catalogue (after an
 * update) or none at all (a fresh profile) is rebuilt here, once, not in every frame. Without a
 * collection there is nothing of the reader's to compile, and none is created for it.
 */
function packKeeper(
  local: LocalArea,
  spec: MatcherSpec,
  serial: <T>(task: () => Promise<T>) => Promise<T>,
  publish: (rescan?: boolean) => Promise<void>,
  ownRules: () => number,
): (databaseExists: () => Promise<boolean>, recompile?: boolean) => Promise<void> {
  const fits = async () => packFits((await local.get(PACK_KEY))[PACK_KEY], specFingerprint(spec));
  return async (databaseExists, recompile = false) => {
    const stale = !(await fits());
    if (!stale && !recompile) return;
    // Pages wait for a pack: without names of the reader's at hand, the catalogue's goes out first, before
    // the collection's database is opened (in the queue, so it cannot overwrite a newer one).
    if (stale && !ownRules())
      await serial(async () => {
        if (!(await fits())) await local.set({ [PACK_KEY]: packEntities(spec, compileEntities([], {}, spec)) });
      });
    if (await databaseExists()) await serial(() => publish(false));
  };
}

/** One re-scan runner at a time; it follows the newest generation until none is left. */
function rescanRunner(pass: () => Promise<unknown>, local: LocalArea): () => Promise<void> {
  let rescanning = false;
  return async () => {
    if (rescanning) return;
    rescanning = true;
    try {
      for (;;) {
        await pass();
        if (!parseRescan((await local.get(RESCAN_KEY))[RESCAN_KEY])) break;
      }
    } finally {
      rescanning = false;
    }
  };
}

/** Validates a draft against the catalogue and the reader's other entities; stores and publishes it if valid. */
async function saveEntity(
  store: EntityStore,
  draft: EntityDraft,
  { context, publish, now }: Pick<HandlerDeps, 'context' | 'publish' | 'now'>,
): Promise<Protocol['entities:save']['res']> {
  const existing = draft.id ? await store.get(draft.id) : undefined;
  const t = now();
  const input = {
    ...draft,
    id: existing?.id ?? newEntityId(),
    name: draft.name.trim(),
    aliases: draft.aliases.map((a) => ({ ...a, text: a.text.trim() })),
    createdAt: existing?.createdAt ?? t,
    updatedAt: t,
  };
  const v = validateEntity(input, await context(input.id));
  if (!v.ok) return { ok: true, saved: null, problems: v.problems, clashes: v.clashes };
  await store.put(v.entity);
  await publish();
  return { ok: true, saved: v.entity };
}

interface CardAsk {
  entity: string;
  offset: number;
  full: boolean;
  corpusNamesOf: (ids: string[]) => EntityNames;
  clipsListed: EntityServiceDeps['clipsListed'];
}

/** A card's view of the reader's collection: their entity's card, and passages from their clips. */
async function readerCard(
  store: EntityStore,
  matcher: Matcher,
  ownNames: CompiledEntities['names'],
  ask: CardAsk,
): Promise<CardResponse | null> {
  const { entity, full } = ask;
  const mine = isReaderEntity(entity) ? await store.get(entity) : undefined;
  if (isReaderEntity(entity) && !mine) return { card: null, clips: [] };
  const read = full ? await fromClipsOf(store, matcher, ownNames, ask) : undefined;
  const fromClips = read?.fromClips;
  // A catalogue card's "Your clips" are the newest of the clips just read: no second query for them.
  if (!mine) return read ? { card: null, clips: read.newest.map(refOf), fromClips } : null;
  const card: CardData = {
    id: mine.id,
    type: LAYER_OF[mine.type],
    // Page script can read what an in-page card shows (issue 9): the reader's words only go to the card frame.
    name: full ? mine.name : 'One of your tracked names',
    role: full ? mine.note || 'A name you track.' : 'Open your library to read what you saved about it.',
    facts: [],
    passages: [],
    related: [],
    mentionCount: 0,
    documentCount: 0,
  };
  return { card, clips: [], yours: true, ...(fromClips ? { fromClips } : {}) };
}

async function fromClipsOf(
  store: EntityStore,
  matcher: Matcher,
  ownNames: CompiledEntities['names'],
  { entity, offset, corpusNamesOf, clipsListed }: CardAsk,
): Promise<{ fromClips: FromClips; newest: ClipRecord[] }> {
  const listed = clipsListed && (() => clipsListed(entity));
  const { newest, ...c } = await ownCard(store.db, matcher, entity, { offset, listed });
  const names = corpusNamesOf(c.related.map((r) => r.id).filter((id) => !ownNames[id]));
  const fromClips: FromClips = {
    ...c,
    offset,
    related: c.related.flatMap((r) => {
      const o = ownNames[r.id];
      if (o) return [{ id: r.id, name: o.name, type: LAYER_OF[o.type], clips: r.clips, own: true }];
      const n = names[r.id];
      return n ? [{ id: r.id, name: n.name, type: n.type, clips: r.clips }] : [];
    }),
  };
  return { fromClips, newest };
}

/** Folds `other` into `keep`: its name and aliases become keep's aliases (up to 50), notes joined. */
async function mergeEntities(
  store: EntityStore,
  keepId: string,
  otherId: string,
  now: () => number,
): Promise<ReaderEntity> {
  const keep = await store.get(keepId);
  const other = await store.get(otherId);
  if (!keep || !other || keep.id === other.id) throw new Error('Choose two different entities to merge.');
  const known = new Set(keep.aliases.map((a) => foldForm(a.text)));
  const extra = [{ text: other.name, case: 'sensitive' as const, inflect: 'auto' }, ...other.aliases].filter((a) => {
    const k = foldForm(a.text);
    if (known.has(k)) return false;
    known.add(k);
    return true;
  });
  const merged = ReaderEntity.parse({
    ...keep,
    aliases: [...keep.aliases, ...extra].slice(0, 50),
    note: [keep.note, other.note].filter(Boolean).join('\n\n'),
    overrides: [...new Set([...keep.overrides, ...other.overrides])],
    updatedAt: now(),
  });
  await store.db.transaction('rw', store.db.entities, async () => {
    await store.db.entities.delete(other.id);
    await store.db.entities.put(merged);
  });
  return merged;
}

interface HandlerDeps {
  store: EntityStore;
  serial: <T>(task: () => Promise<T>) => Promise<T>;
  publish: (rescan?: boolean) => Promise<void>;
  context: (except?: string) => Promise<ValidationContext>;
  save: (draft: EntityDraft) => Promise<Protocol['entities:save']['res']>;
  now: () => number;
}

/** The entities view's requests; every write goes through `serial`, then publishes. */
function entityHandlers({
  store,
  serial,
  publish,
  context,
  save,
  now,
}: HandlerDeps): Omit<EntityService['handlers'], 'entities:pack'> {
  return {
    'entities:refresh': () =>
      serial(async () => {
        await publish();
        return { ok: true as const };
      }).catch(failure),
    'entities:list': async () => {
      try {
        return { ok: true, entities: await store.list() };
      } catch (err) {
        return failure(err);
      }
    },
    'entities:save': (msg) => serial(() => save(msg.entity)).catch(failure),
    'entities:delete': (msg) =>
      serial(async () => {
        const entity = (await store.delete(msg.id)) ?? null;
        await publish();
        return { ok: true as const, entity };
      }).catch(failure),
    'entities:restore': (msg) =>
      serial(async () => {
        // Undo puts back exactly what was deleted, unless an alias was claimed by another entity meanwhile.
        const v = validateEntity(msg.entity, await context(msg.entity.id));
        if (!v.ok) throw new Error(v.problems[0] ?? 'That entity clashes with the catalogue now.');
        await store.put(ReaderEntity.parse(msg.entity));
        await publish();
        return { ok: true as const };
      }).catch(failure),
    'entities:merge': (msg) =>
      serial(async () => {
        const entity = await mergeEntities(store, msg.keep, msg.other, now);
        await publish();
        return { ok: true as const, entity };
      }).catch(failure),
  };
}

/** The context menu's "Track “…”": opens the entities view with the selection as the new entity's name. */
export function installTrackMenu(browser: WxtBrowser, openTab: (url: string) => Promise<unknown>): void {
  const menus = browser.contextMenus;
  browser.runtime.onInstalled.addListener(() => {
    // Reading lastError marks a duplicate id after an update as handled: harmless.
    menus.create({ id: 'track-entity', title: 'Track “%s”', contexts: ['selection'] }, () => browser.runtime.lastError);
  });
  menus.onClicked.addListener((info) => {
    if (info.menuItemId !== 'track-entity' || !info.selectionText) return;
    // The selection comes from the browser's own menu, a gesture by the reader; the page supplies nothing else.
    const name = info.selectionText.trim().slice(0, 120);
    void openTab(browser.runtime.getURL(`/library.html#entities&track=${encodeURIComponent(name)}`));
  });
}
