/**
 * The clip collection's IndexedDB database: the only code that opens IndexedDB. Opened from the
 * extension's pages or service worker, never from a content script, where it would belong to the
 * page's origin (Dexie #233).
 *
 * Schema versions are append-only. Each released version keeps its `stores` declaration and its
 * upgrade function forever, so a profile that skipped releases upgrades step by step; a bad version
 * is fixed by a new version, never by renumbering (Memex had to renumber once and it cost users
 * data). Every version has a test that writes a database with the previous one and reopens it here.
 */
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { Clip } from './schema.ts';
import type { ReaderEntity } from '../entities/schema.ts';
import { MAX_TOKENS_PER_CLIP, tokenize } from './text.ts';

export const DB_NAME = 'context-reader';

/** Version 1: clips by id, page identity, date, tags and entities. */
export const STORES_V1 = {
  clips: 'id, urlKey, savedAt, *tags, *entities',
} as const;

/**
 * Version 2: `*words` (folded search tokens, one index entry per distinct word of a clip) for
 * as-you-type search, and `site` (siteName or host) for the site filter and facet.
 */
export const STORES_V2 = {
  clips: 'id, urlKey, savedAt, *tags, *entities, *words, site',
} as const;

/**
 * Version 3: imports written in batches, all or nothing. `importJournal` holds, for each clip an
 * import under way wrote, the record it replaced (none when the clip was new), so that a cancelled
 * or failed import is taken back exactly; clip records themselves carry no import data. `imports`
 * lists the imports under way, so that one interrupted by a closed tab is rolled back by the next.
 */
export const STORES_V3 = {
  clips: 'id, urlKey, savedAt, *tags, *entities, *words, site',
  imports: 'id',
  importJournal: '[importId+id], importId',
} as const;

/**
 * Version 4: one search engine. The `*words` multiEntry index is dropped: search is the in-memory
 * index (lib/clips/search-index.ts, measured against FlexSearch in scripts/bench/search-engines.ts),
 * and a clip's ~100–2,000 words as IndexedDB index entries made every save and import write that many
 * more rows. `words` stays on each record, so that the in-memory index is rebuilt after a worker
 * restart without tokenising any clip again. Dropping an index changes no record: no upgrade function.
 */
export const STORES_V4 = {
  clips: 'id, urlKey, savedAt, *tags, *entities, site',
  imports: 'id',
  importJournal: '[importId+id], importId',
} as const;

/**
 * Version 5: the reader's own entities (lib/entities/schema.ts), by id and by last change. A new table
 * only: no record changes, so no upgrade function.
 */
export const STORES_V5 = {
  ...STORES_V4,
  entities: 'id, updatedAt',
} as const;

/**
 * Version 6: the search index persisted (lib/clips/live-index.ts), so that a service worker that the
 * browser restarted answers the first keystroke from it instead of reading every clip again. `meta`
 * holds the collection's version, a random token every write to the clips replaces in the same
 * transaction; `snapshots` holds the index as it was at one version, used only while that version is
 * current. New tables only: no record changes, so no upgrade function.
 */
export const STORES_V6 = {
  ...STORES_V5,
  meta: 'key',
  snapshots: 'id',
} as const;

export const DB_VERSION = 6;

/** The `meta` key of the collection's version token. */
export const VERSION_KEY = 'clips-version';

export interface MetaRecord {
  key: string;
  value: string;
}

/** A persisted search index, valid while `version` is the collection's current version. */
export interface SnapshotRecord {
  id: string;
  version: string;
  /** Bumped when the index's persisted layout changes; a snapshot of another layout is ignored. */
  format: number;
  createdAt: number;
  index: unknown;
}

/** A clip as stored: the clip plus fields derived from it for the indexes. Never exported. */
export type ClipRecord = Clip & {
  /**
   * Folded tokens of title, byline, site, excerpt, tags, note and text (lib/clips/text.ts), computed
   * once per write; not an IndexedDB index since v4, read back to rebuild the in-memory index.
   */
  words: string[];
  /** siteName, or the host without "www." when the page gives none. */
  site: string;
};

/** An import under way; `touchedAt` is renewed by every batch, so a stale one was interrupted. */
export interface ImportRecord {
  id: string;
  startedAt: number;
  touchedAt: number;
}

/**
 * What import `importId` changed, in one of two shapes. A clip it replaced: `id` is the clip's id and
 * `before` the record as it was. Clips it added: one entry per batch, `added` lists their ids and `id`
 * starts with ADDED_PREFIX (a clip id is a UUID, so the two never meet). Entries with neither field
 * (one per added clip) were written by earlier versions and are still rolled back.
 */
export interface ImportJournalEntry {
  importId: string;
  id: string;
  before?: ClipRecord;
  added?: string[];
}

/** Key prefix of the journal entries that list the clips one batch added. */
export const ADDED_PREFIX = 'added:';

/** The indexed fields of a clip; recomputed on every write so they never go stale. */
export function indexFields(clip: Clip): Pick<ClipRecord, 'words' | 'site'> {
  // Title and the short fields first: the token cap cuts the end of long texts, never the title.
  const head = [clip.title, clip.byline, clip.siteName, clip.excerpt, clip.tags.join(' '), clip.note]
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .join('\n');
  // Tokenising a 5 MB text to keep 2,000 words is wasteful: 200 KB holds far more than 2,000 distinct words.
  const words = tokenize(`${head}\n${clip.text.slice(0, 200_000)}`, MAX_TOKENS_PER_CLIP);
  return { words, site: siteFor(clip) };
}

export function siteFor(clip: Pick<Clip, 'siteName' | 'url'>): string {
  const name = clip.siteName?.trim();
  if (name) return name;
  try {
    return new URL(clip.url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Adds the index fields to a clip for storage. */
export function toRecord(clip: Clip): ClipRecord {
  return { ...clip, ...indexFields(clip) };
}

/** Strips the index fields from a stored record. */
export function toClip(record: ClipRecord): Clip {
  const { words: _words, site: _site, ...clip } = record;
  return clip;
}

export interface ClipsDBOptions {
  /** An IDBFactory; tests pass fake-indexeddb's. Defaults to the global one. */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
}

/** v1 → v2: computes words and site for every clip already stored. */
async function upgradeToV2(tx: Transaction): Promise<void> {
  await tx
    .table<ClipRecord, string>('clips')
    .toCollection()
    .modify((record) => {
      Object.assign(record, indexFields(record));
    });
}

export class ClipsDB extends Dexie {
  clips!: EntityTable<ClipRecord, 'id'>;
  imports!: EntityTable<ImportRecord, 'id'>;
  importJournal!: Dexie.Table<ImportJournalEntry, [string, string]>;
  entities!: EntityTable<ReaderEntity, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;

  constructor(name: string = DB_NAME, options: ClipsDBOptions = {}) {
    const dexieOptions: DexieOptions = {};
    if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
    super(name, dexieOptions);
    this.version(1).stores(STORES_V1);
    this.version(2).stores(STORES_V2).upgrade(upgradeToV2);
    // Only new indexes and tables: no record changes, so no upgrade function.
    this.version(3).stores(STORES_V3);
    this.version(4).stores(STORES_V4);
    this.version(5).stores(STORES_V5);
    this.version(6).stores(STORES_V6);
  }
}
