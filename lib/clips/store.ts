/**
 * The clip collection: saving, finding, listing, searching, editing and deleting clips. The popup,
 * the library page and the background script use this class; none of them touches Dexie.
 * Every method maps storage failures to StorageFullError / StorageUnavailableError (errors.ts).
 */
import { toClip, toRecord, type ClipRecord, type ClipsDB } from './db.ts';
import { toStorageError } from './errors.ts';
import { compact, mergeClips, normaliseTags } from './merge.ts';
import { Clip, ClipInput, describeIssues } from './schema.ts';
import { parseQuery } from './text.ts';
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

export type SearchOptions = ListOptions;

export interface SaveResult {
  clip: Clip;
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
      this.db.transaction('rw', this.db.clips, async (): Promise<SaveResult> => {
        const existing =
          fields.kind === 'page'
            ? await this.db.clips.where('urlKey').equals(urlKey).filter((r) => r.kind === 'page').first()
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
          : compact({ ...fields, urlKey, id: this.newId(), tags: normaliseTags(fields.tags), savedAt: now, updatedAt: now });
        await this.db.clips.put(toRecord(clip));
        return { clip, status: existing ? 'updated' : 'created' };
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

  /**
   * As-you-type search, newest first: every complete word of `query` must be a word of the clip, the
   * last word may be the start of one ("patru" finds Patrushev), ignoring case and diacritics.
   *
   * Each word is one read of the `*words` index that returns primary keys only (getAllKeys, no clip
   * is loaded), and the sets are intersected in memory; only the clips of the page shown are read.
   * Loading clips to test their words would read megabytes of text per keystroke.
   */
  async search(query: string, options: SearchOptions = {}): Promise<Clip[]> {
    const { complete, prefix } = parseQuery(query);
    if (complete.length === 0 && prefix === null) return this.list(options);
    const { limit = DEFAULT_LIMIT, offset = 0 } = options;
    return this.run(() =>
      this.db.transaction('r', this.db.clips, async () => {
        let ids = await this.filterIds(options);
        for (const word of complete) {
          ids = intersect(ids, await this.db.clips.where('words').equals(word).primaryKeys());
          if (ids.size === 0) return [];
        }
        if (prefix !== null) ids = intersect(ids, await this.db.clips.where('words').startsWith(prefix).primaryKeys());
        return ids === null ? [] : this.newestOf(ids, offset, limit);
      }),
    );
  }

  /** Edits the user's own fields. Returns the updated clip, or undefined when there is no such clip. */
  async update(id: string, patch: ClipPatch): Promise<Clip | undefined> {
    const note = patch.note === undefined ? undefined : Clip.shape.note.parse(patch.note);
    const tags = patch.tags === undefined ? undefined : normaliseTags(patch.tags);
    return this.run(() =>
      this.db.transaction('rw', this.db.clips, async () => {
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
      this.db.transaction('rw', this.db.clips, async () => {
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
    await this.run(() => this.db.clips.put(toRecord(compact(valid))));
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

  async count(): Promise<number> {
    return this.run(() => this.db.clips.count());
  }

  /** Every clip, oldest first: for export. */
  async all(): Promise<Clip[]> {
    const records = await this.run(() => this.db.clips.orderBy('savedAt').toArray());
    return records.map(toClip);
  }

  /**
   * Adds validated clips in one transaction, all or nothing. A clip whose id is already stored, or a
   * page whose urlKey is, is merged into it (mergeClips); clips earlier in the same batch count as
   * stored, since reads in a transaction see its own writes.
   */
  async importClips(clips: readonly Clip[]): Promise<ImportResult> {
    const fullMessage =
      "Your browser's storage is full: nothing was imported. Free some space and try again.";
    return this.run(
      () =>
        this.db.transaction('rw', this.db.clips, async () => {
          let added = 0;
          let merged = 0;
          for (const incoming of clips) {
            const existing =
              (await this.db.clips.get(incoming.id)) ??
              (incoming.kind === 'page'
                ? await this.db.clips.where('urlKey').equals(incoming.urlKey).filter((r) => r.kind === 'page').first()
                : undefined);
            if (existing) {
              await this.db.clips.put(toRecord(compact(mergeClips(toClip(existing), incoming))));
              merged++;
            } else {
              await this.db.clips.add(toRecord(compact(incoming)));
              added++;
            }
          }
          return { added, merged };
        }),
      fullMessage,
    );
  }

  /** Ids matching every filter given, or null when no filter is given. */
  private async filterIds(filters: Filters): Promise<Set<string> | null> {
    let ids: Set<string> | null = null;
    if (filters.tag !== undefined) ids = intersect(ids, await this.db.clips.where('tags').equals(filters.tag).primaryKeys());
    if (filters.entity !== undefined)
      ids = intersect(ids, await this.db.clips.where('entities').equals(filters.entity).primaryKeys());
    if (filters.site !== undefined) ids = intersect(ids, await this.db.clips.where('site').equals(filters.site).primaryKeys());
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
      return records.sort(byNewest).slice(offset, offset + limit).map(toClip);
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

  private async run<T>(operation: () => Promise<T>, fullMessage?: string): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw toStorageError(err, fullMessage);
    }
  }
}
