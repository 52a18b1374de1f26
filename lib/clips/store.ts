/**
 * The clip collection: saving, finding, listing, searching, editing and deleting clips. The popup,
 * the library page and the background script use this class; none of them touches Dexie.
 * Every method maps storage failures to StorageFullError / StorageUnavailableError (errors.ts).
 */
import type { Table } from 'dexie';
import {
  ADDED_PREFIX,
  VERSION_KEY,
  toClip,
  toRecord,
  type ClipRecord,
  type ClipsDB,
  type ImportJournalEntry,
} from './db.ts';
import { toStorageError } from './errors.ts';
import { compact, mergeClips, normaliseTags } from './merge.ts';
import { Clip, ClipInput, describeIssues } from './schema.ts';
import { normaliseUrl } from './url-key.ts';

export interface Filters {
  /** Only clips with this tag (exactly as stored). */
  tag?: string;
  /** Only clips mentioning this entity id. */
  entity?: string;
  /** Only clips from this site (a value from facets().sites). */
  site?: string;
}

export interface ListOptions extends Filters {
  /** Page size; default 50. */
  limit?: number;
  /** Clips to skip, for paging; default 0. */
  offset?: number;
}

export interface SaveResult {
  clip: Clip;
  /** The record as stored, with the words tokenised for it: the search index takes them as they are. */
  record: ClipRecord;
  /** 'updated' when the page was already in the collection ("already saved"). */
  status: 'created' | 'updated';
}

export interface ClipPatch {
  note?: string;
  tags?: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  tags: FacetCount[];
  entities: FacetCount[];
  sites: FacetCount[];
}

export interface ImportResult {
  added: number;
  merged: number;
}

export interface ClipStoreOptions {
  /** Clock, for tests. */
  now?: () => number;
  /** Id generator, for tests. */
  newId?: () => string;
}

const DEFAULT_LIMIT = 50;

/**
 * Told after each committed write to the clips: the collection's version before it (undefined when
 * none was ever written) and after it. A reader that holds a copy of the collection (the search index)
 * knows its copy is current only while every change goes through it, one version after the other.
 */
export type WriteListener = (before: string | undefined, after: string) => void;

function intersect(a: Set<string> | null, b: readonly string[]): Set<string> {
  if (a === null) return new Set(b);
  const out = new Set<string>();
  for (const id of b) if (a.has(id)) out.add(id);
  return out;
}

function byNewest(a: ClipRecord, b: ClipRecord): number {
  // Same order as the savedAt index read backwards: savedAt, then id, both descending.
  return b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Whether two records hold the same data (a merge that changed nothing need not be written). */
function sameRecord(a: ClipRecord, b: ClipRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function countKeys(keys: readonly unknown[]): FacetCount[] {
  const counts = new Map<string, number>();
  for (const key of keys) if (typeof key === 'string' && key) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export class ClipStore {
  readonly db: ClipsDB;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly listeners = new Set<WriteListener>();

  constructor(db: ClipsDB, options: ClipStoreOptions = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  /**
   * Saves what a content script extracted. Saving a page that is already in the collection (same
   * urlKey) refreshes its content and keeps its id, note, tags and savedAt; selections are always new
   * clips, and several may share a page.
   */
  async saveClip(input: ClipInput): Promise<SaveResult> {
    const parsed = ClipInput.safeParse(input);
    if (!parsed.success) throw new TypeError(`Invalid clip: ${describeIssues(parsed.error)}`);
    const { canonicalUrl, ...fields } = parsed.data;
    const urlKey = normaliseUrl(fields.url, canonicalUrl);
    const now = this.now();
    return this.run(() =>
      this.writeClips([this.db.clips], async (): Promise<SaveResult> => {
        const existing =
          fields.kind === 'page'
            ? await this.db.clips
                .where('urlKey')
                .equals(urlKey)
                .filter((r) => r.kind === 'page')
                .first()
            : undefined;
        const clip: Clip = existing
          ? compact({
              ...fields,
              urlKey,
              id: existing.id,
              note: existing.note || fields.note,
              tags: normaliseTags([...existing.tags, ...fields.tags]),
              savedAt: existing.savedAt,
              updatedAt: Math.max(now, existing.updatedAt),
            })
          : compact({
              ...fields,
              urlKey,
              id: this.newId(),
              tags: normaliseTags(fields.tags),
              savedAt: now,
              updatedAt: now,
            });
        const record = toRecord(clip);
        await this.db.clips.put(record);
        return { clip, record, status: existing ? 'updated' : 'created' };
      }),
    );
  }

  async get(id: string): Promise<Clip | undefined> {
    const record = await this.run(() => this.db.clips.get(id));
    return record && toClip(record);
  }

  /** Clips of the page at `url` (the page clip and its selections), newest first: "already saved?". */
  async findByUrl(url: string, canonical?: string): Promise<Clip[]> {
    let key: string;
    try {
      key = normaliseUrl(url, canonical);
    } catch {
      return [];
    }
    const records = await this.run(() => this.db.clips.where('urlKey').equals(key).toArray());
    return records.sort(byNewest).map(toClip);
  }

  /** Newest first (by savedAt). */
  async list(options: ListOptions = {}): Promise<Clip[]> {
    const { limit = DEFAULT_LIMIT, offset = 0 } = options;
    return this.run(() =>
      this.db.transaction('r', this.db.clips, async () => {
        const ids = await this.filterIds(options);
        if (ids === null) {
          const records = await this.db.clips.orderBy('savedAt').reverse().offset(offset).limit(limit).toArray();
          return records.map(toClip);
        }
        return this.newestOf(ids, offset, limit);
      }),
    );
  }

  /** Edits the user's own fields. Returns the updated clip, or undefined when there is no such clip. */
  async update(id: string, patch: ClipPatch): Promise<Clip | undefined> {
    const note = patch.note === undefined ? undefined : Clip.shape.note.parse(patch.note);
    const tags = patch.tags === undefined ? undefined : normaliseTags(patch.tags);
    return this.run(() =>
      this.writeClips([this.db.clips], async () => {
        const record = await this.db.clips.get(id);
        if (!record) return undefined;
        const clip: Clip = {
          ...toClip(record),
          ...(note !== undefined && { note }),
          ...(tags !== undefined && { tags }),
          updatedAt: Math.max(this.now(), record.updatedAt),
        };
        await this.db.clips.put(toRecord(clip));
        return clip;
      }),
    );
  }

  /** Deletes a clip and returns it, so that the UI can offer "Undo" with restore(). */
  async delete(id: string): Promise<Clip | undefined> {
    return this.run(() =>
      this.writeClips([this.db.clips], async () => {
        const record = await this.db.clips.get(id);
        if (!record) return undefined;
        await this.db.clips.delete(id);
        return toClip(record);
      }),
    );
  }

  /** Puts back a clip returned by delete(), with its id and dates. */
  async restore(clip: Clip): Promise<void> {
    const valid = Clip.parse(clip);
    await this.run(() => this.writeClips([this.db.clips], () => this.db.clips.put(toRecord(compact(valid)))));
  }

  /** How many clips carry each tag, entity and site, most frequent first. Reads index keys only. */
  async facets(): Promise<Facets> {
    return this.run(() =>
      this.db.transaction('r', this.db.clips, async () => ({
        tags: countKeys(await this.db.clips.orderBy('tags').keys()),
        entities: countKeys(await this.db.clips.orderBy('entities').keys()),
        sites: countKeys(await this.db.clips.orderBy('site').keys()),
      })),
    );
  }

  /** How many clips mention `entity`: one count of the entities index, no clip is read (for cards). */
  async countForEntity(entity: string): Promise<number> {
    return this.run(() => this.db.clips.where('entities').equals(entity).count());
  }

  async count(): Promise<number> {
    return this.run(() => this.db.clips.count());
  }

  /** Calls `visit` with every clip, oldest first, reading them one by one (a cursor), for export. */
  async forEach(visit: (clip: Clip) => void): Promise<void> {
    await this.run(() => this.db.clips.orderBy('savedAt').each((record) => visit(toClip(record))));
  }

  /** Every clip, oldest first: for export. */
  async all(): Promise<Clip[]> {
    const records = await this.run(() => this.db.clips.orderBy('savedAt').toArray());
    return records.map(toClip);
  }

  /**
   * Starts import `importId`: first rolls back any import that stopped renewing its record for
   * `staleAfterMs` (its tab was closed mid-way), then registers this one.
   */
  async beginImport(importId: string, staleAfterMs = 120_000): Promise<void> {
    const now = this.now();
    const stale = await this.run(() => this.db.imports.filter((i) => i.touchedAt < now - staleAfterMs).toArray());
    for (const old of stale) await this.rollbackImport(old.id);
    await this.run(() => this.db.imports.put({ id: importId, startedAt: now, touchedAt: now }));
  }

  /**
   * Writes one batch of validated clips for import `importId`, in one transaction. A clip whose id is
   * already stored, or a page whose urlKey is, is merged into it (mergeClips). The first time this
   * import replaces a clip, the journal records the record it replaced; the clips a batch adds are
   * listed in one journal entry, not one each (at 100,000 clips a row per clip doubled the writes and
   * made finishing the import delete 100,000 rows). A merge that changes nothing is not written.
   *
   * Records are computed (tokenised) before the transaction opens, so that an import that keeps the
   * next batch's transaction queued behind this one (lib/clips/import.ts) does that work while
   * IndexedDB writes this one.
   */
  async importBatch(importId: string, clips: readonly Clip[]): Promise<ImportResult> {
    const fullMessage =
      "Your browser's storage is full: nothing was imported. Free some space (or delete clips you no longer need) and try again.";
    const fresh = clips.map((c) => toRecord(compact(c)));
    const addedKey = `${ADDED_PREFIX}${this.newId()}`;
    return this.run(
      () =>
        this.writeClips([this.db.clips, this.db.importJournal, this.db.imports], async () => {
          const stored = new Map<string, ClipRecord>();
          for (const r of await this.db.clips.bulkGet(clips.map((c) => c.id))) if (r) stored.set(r.id, r);
          const keys = [...new Set(clips.filter((c) => c.kind === 'page' && !stored.has(c.id)).map((c) => c.urlKey))];
          const pages = new Map<string, ClipRecord>();
          if (keys.length > 0) {
            for (const r of await this.db.clips.where('urlKey').anyOf(keys).toArray()) {
              if (r.kind === 'page' && !pages.has(r.urlKey)) pages.set(r.urlKey, r);
            }
          }
          for (const r of pages.values()) stored.set(r.id, r);
          // Clips this import already replaced in an earlier batch have their journal entry. A clip it
          // added in an earlier batch may be journaled here too: rollback puts records back before it
          // deletes the added ones, so that clip is still removed.
          const journaled = new Set<string>();
          if (stored.size > 0) {
            const entries = await this.db.importJournal.bulkGet(
              [...stored.keys()].map((id): [string, string] => [importId, id]),
            );
            for (const e of entries) if (e) journaled.add(e.id);
          }

          // Clips earlier in the batch count as stored: a file may hold the same clip twice.
          const writes = new Map<string, ClipRecord>();
          const journal: ImportJournalEntry[] = [];
          const addedIds: string[] = [];
          let added = 0;
          let merged = 0;
          clips.forEach((incoming, i) => {
            const existing =
              writes.get(incoming.id) ??
              stored.get(incoming.id) ??
              (incoming.kind === 'page' ? pages.get(incoming.urlKey) : undefined);
            let record: ClipRecord;
            if (existing) {
              record = toRecord(compact(mergeClips(toClip(existing), incoming)));
              merged++;
              if (!writes.has(record.id) && sameRecord(record, existing)) return;
              if (!journaled.has(existing.id) && !writes.has(existing.id))
                journal.push({ importId, id: existing.id, before: existing });
            } else {
              record = fresh[i]!;
              added++;
              addedIds.push(record.id);
            }
            writes.set(record.id, record);
            if (record.kind === 'page') pages.set(record.urlKey, record);
          });
          if (addedIds.length > 0) journal.push({ importId, id: addedKey, added: addedIds });
          if (journal.length > 0) await this.db.importJournal.bulkPut(journal);
          if (writes.size > 0) await this.db.clips.bulkPut([...writes.values()]);
          await this.db.imports.update(importId, { touchedAt: this.now() });
          return { added, merged };
        }),
      fullMessage,
    );
  }

  /** Keeps what import `importId` wrote: its journal is dropped. */
  async finishImport(importId: string): Promise<void> {
    await this.run(() =>
      this.db.transaction('rw', [this.db.importJournal, this.db.imports], async () => {
        await this.db.importJournal.where('importId').equals(importId).delete();
        await this.db.imports.delete(importId);
      }),
    );
  }

  /**
   * Takes import `importId` back, in one transaction: the clips it added are deleted and the records
   * its merges replaced are put back exactly as they were.
   */
  async rollbackImport(importId: string): Promise<void> {
    await this.run(() =>
      this.writeClips([this.db.clips, this.db.importJournal, this.db.imports], async () => {
        const entries = await this.db.importJournal.where('importId').equals(importId).toArray();
        // Replaced records first, added clips second: a clip added by this import and merged again by a
        // later batch has both entries, and must end up deleted.
        await this.db.clips.bulkPut(entries.flatMap((e) => (e.before ? [e.before] : [])));
        await this.db.clips.bulkDelete(
          entries.flatMap((e) => (e.added ? e.added : e.before || e.id.startsWith(ADDED_PREFIX) ? [] : [e.id])),
        );
        await this.db.importJournal.where('importId').equals(importId).delete();
        await this.db.imports.delete(importId);
      }),
    );
  }

  /** Ids matching every filter given, or null when no filter is given. */
  private async filterIds(filters: Filters): Promise<Set<string> | null> {
    let ids: Set<string> | null = null;
    if (filters.tag !== undefined)
      ids = intersect(ids, await this.db.clips.where('tags').equals(filters.tag).primaryKeys());
    if (filters.entity !== undefined)
      ids = intersect(ids, await this.db.clips.where('entities').equals(filters.entity).primaryKeys());
    if (filters.site !== undefined)
      ids = intersect(ids, await this.db.clips.where('site').equals(filters.site).primaryKeys());
    return ids;
  }

  /**
   * One page of `ids`, newest first. A small set is read and sorted; a large one is ordered by
   * walking the savedAt index's keys (no values) from the newest end, so only the page is read.
   */
  private async newestOf(ids: Set<string>, offset: number, limit: number): Promise<Clip[]> {
    if (ids.size === 0 || limit <= 0) return [];
    if (ids.size <= offset + limit) {
      const records = (await this.db.clips.bulkGet([...ids])).filter((r): r is ClipRecord => r !== undefined);
      return records
        .sort(byNewest)
        .slice(offset, offset + limit)
        .map(toClip);
    }
    const ordered = await this.db.clips.orderBy('savedAt').primaryKeys();
    const page: string[] = [];
    let skipped = 0;
    for (let i = ordered.length - 1; i >= 0 && page.length < limit; i--) {
      const id = ordered[i];
      if (id === undefined || !ids.has(id)) continue;
      if (skipped < offset) skipped++;
      else page.push(id);
    }
    const records = await this.db.clips.bulkGet(page);
    return records.filter((r): r is ClipRecord => r !== undefined).map(toClip);
  }

  /** Calls `listener` after every write this store commits to the clips; returns the unsubscribe. */
  onWrite(listener: WriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `body` in a read-write transaction over `tables` that also replaces the collection's version
   * (lib/clips/db.ts VERSION_KEY), so that no write leaves a persisted search index looking current.
   */
  private async writeClips<T>(tables: Table[], body: () => Promise<T>): Promise<T> {
    let before: string | undefined;
    const after = crypto.randomUUID();
    const result = await this.db.transaction('rw', [...tables, this.db.meta], async () => {
      const value = await body();
      before = (await this.db.meta.get(VERSION_KEY))?.value;
      await this.db.meta.put({ key: VERSION_KEY, value: after });
      return value;
    });
    for (const listener of this.listeners) listener(before, after);
    return result;
  }

  private async run<T>(operation: () => Promise<T>, fullMessage?: string): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw toStorageError(err, fullMessage);
    }
  }
}
