/**
 * The background's search index over the stored collection: a SearchIndex kept in step with every
 * write the background makes, loaded or built from IndexedDB on first use.
 *
 * The background is an MV3 service worker that the browser stops when idle, so the index is needed
 * again after every restart. It is persisted: a few seconds after the collection changes (and after
 * every build from the records), the index is written as one snapshot (SearchIndex.snapshot: postings
 * in one Uint32Array, documents numbered newest first), tagged with the collection's version (a token
 * every ClipStore write replaces, lib/clips/db.ts). After a restart the snapshot is read back in one
 * transaction and used as it is when its version is still the collection's; reading it is one value,
 * not every clip (at 10,000 clips: tens of milliseconds against 5–9 s, see the README).
 *
 * Without a current snapshot the index is built from the clips, newest first (the savedAt index's
 * keys, then the records in chunks, using the `words` stored with each record: nothing is tokenised
 * again), so that while it runs the index holds the newest part of the collection: a search whose page
 * of results is found there is answered at once, exactly; only a search that needs older clips waits
 * for the rest. Chunks are small so that messages are handled between them.
 *
 * The index knows which version of the collection it holds only while every write goes through the
 * background (ClipStore.onWrite → noteWrite, one version after the other); after a write it did not
 * see (an import in the library page) it holds none, writes no snapshot, and is rebuilt when told.
 */
import type { ClipRecord, ClipsDB, SnapshotRecord } from './db.ts';
import { VERSION_KEY, indexFields, toClip } from './db.ts';
import type { Clip } from './schema.ts';
import { SearchIndex, type IndexAnswer, type IndexQueryOptions, type IndexSnapshot } from './search-index.ts';
import type { Facets } from './store.ts';

export interface LiveIndexOptions {
  /**
   * Records read per chunk of the build. 50: the worker answers nothing else while it takes a chunk's
   * records in, and a card asked during a build of 10,000 generated clips waited 1,176 ms with 50
   * against 1,994 with 200 (the build itself 7.0 s against 8.5: .probe/cardprobe.ts, one run each).
   */
  chunk?: number;
  /** Quiet time after a change before the index is persisted, ms; negative: only when saveSnapshot() is called. */
  snapshotDelayMs?: number;
  /** Timers for that delay; tests pass their own. */
  timers?: Timers;
}

export interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LiveIndexStats {
  state: 'empty' | 'building' | 'ready' | 'failed';
  clips: number;
  /** Duration of the last complete build or load, ms. */
  buildMs: number | null;
  builds: number;
  /** Where the index came from the last time it was made ready. */
  source: 'snapshot' | 'records' | null;
  /** Snapshots written by this worker, and the duration of the last one (ms: serialise and commit). */
  snapshotsWritten: number;
  snapshotMs: number | null;
}

/** The `snapshots` row of the search index. */
export const SNAPSHOT_ID = 'search-index';
/** The persisted layout (IndexSnapshot and its payloads); a snapshot of another layout is rebuilt. */
export const SNAPSHOT_FORMAT = 1;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A rebuild was started (import) while an older one ran: the older one stops. */
class Superseded extends Error {}

export class LiveIndex<P> {
  private index: SearchIndex<P> = new SearchIndex<P>();
  private building: Promise<void> | null = null;
  private state: LiveIndexStats['state'] = 'empty';
  private generation = 0;
  /** Ids written (saved, updated, deleted) since the running build started: the build leaves them alone. */
  private touched = new Set<string>();
  private buildMs: number | null = null;
  private builds = 0;
  private source: LiveIndexStats['source'] = null;
  private snapshotsWritten = 0;
  private snapshotMs: number | null = null;
  /**
   * The collection version (VERSION_KEY; '' before any write) the index holds, or null when unknown:
   * not built, or a write it was not told of may have happened. Only a known version is persisted.
   */
  private version: string | null = null;
  /** Set when a loaded snapshot proved wrong (verify): the next build reads the records. */
  private skipSnapshot = false;
  private snapshotTimer: unknown;
  private readonly timers: Timers;
  private snapshotDue = false;
  private readonly snapshotDelayMs: number;
  private readonly chunk: number;
  /** Settled each time the build has added a chunk, then replaced. */
  private chunkRead = deferred();

  constructor(
    private readonly db: ClipsDB,
    /** The payload kept per clip and returned by searches (e.g. a summary for lists). */
    private readonly payload: (clip: Clip) => P,
    options: LiveIndexOptions = {},
  ) {
    this.chunk = options.chunk ?? 50;
    this.snapshotDelayMs = options.snapshotDelayMs ?? 3_000;
    this.timers = options.timers ?? realTimers;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  stats(): LiveIndexStats {
    return {
      state: this.state,
      clips: this.index.size,
      buildMs: this.buildMs,
      builds: this.builds,
      source: this.source,
      snapshotsWritten: this.snapshotsWritten,
      snapshotMs: this.snapshotMs,
    };
  }

  /** Starts the build if it has not run; resolves when the index is complete. Rejects if the build failed. */
  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (!this.building || this.state === 'failed') this.building = this.build();
    return this.building;
  }

  /** Starts the build in the background, if needed. */
  warm(): void {
    this.whenReady().catch(() => undefined);
  }

  /**
   * Search or list; answered from the index as soon as the part built so far holds the page (tried
   * again after every chunk of the build: the first keystroke after a worker restart usually needs
   * only the newest clips), else after the whole build.
   */
  async search(
    query: string,
    options: IndexQueryOptions,
    isStale: () => boolean = () => false,
    verified = false,
  ): Promise<P[] | null> {
    this.postponeSnapshot();
    if (!verified) await this.verify();
    const answer = (): IndexAnswer<P> => (query.trim() ? this.index.search(query, options) : this.index.list(options));
    const ready = this.whenReady();
    ready.catch(() => undefined); // awaited below; this only keeps an early return from leaving it unobserved
    while (this.state === 'building') {
      const first = answer();
      if (first.complete) return first.results;
      if (isStale()) return null;
      await Promise.race([this.chunkRead.promise, ready]);
    }
    await ready;
    if (isStale()) return null;
    return answer().results;
  }

  /** Newest clips matching the filters, if the index can answer now without waiting; else null. */
  peekList(options: IndexQueryOptions): P[] | null {
    this.postponeSnapshot();
    if (this.state !== 'building' && this.state !== 'ready') return null;
    const a = this.index.list(options);
    return a.complete ? a.results : null;
  }

  async facets(): Promise<{ facets: Facets; total: number }> {
    await this.verify();
    await this.whenReady();
    return { facets: this.index.facets(), total: this.index.size };
  }

  /**
   * Checks the complete index against the database (which clips are newest and oldest: one short
   * read) and starts over if they differ: something wrote to IndexedDB without telling the index
   * (a test emptying the collection, another version of the extension). Returns whether it matched.
   */
  async verify(): Promise<boolean> {
    if (this.state !== 'ready') return true;
    const index = this.index;
    // The newest and the oldest key: two one-step cursors. Counting is not an option: IDB count()
    // walks the store (240–450 ms at 10,000 clips in Chromium, measured), on the index too.
    const [newest, oldest] = await this.db.transaction('r', this.db.clips, () =>
      Promise.all([
        this.db.clips.orderBy('savedAt').reverse().limit(1).primaryKeys(),
        this.db.clips.orderBy('savedAt').limit(1).primaryKeys(),
      ]),
    );
    if (index !== this.index || this.state !== 'ready') return true; // rebuilt meanwhile
    if (newest[0] === index.newestId() && oldest[0] === index.oldestId()) return true;
    // Something wrote around the store (a test or tool emptying the table): a snapshot can be as wrong.
    if (this.source === 'snapshot') this.skipSnapshot = true;
    this.invalidate();
    return false;
  }

  /**
   * After the store committed a write (ClipStore.onWrite): the index keeps knowing its version only
   * when that write followed the version it holds.
   */
  noteWrite(before: string | undefined, after: string): void {
    this.version = this.version !== null && this.version === (before ?? '') ? after : null;
  }

  /**
   * Persists the index if it is complete and holds the collection's current version (checked in the
   * same transaction that writes it). Returns whether it wrote.
   */
  async saveSnapshot(): Promise<boolean> {
    this.timers.clear(this.snapshotTimer);
    this.snapshotDue = false;
    if (this.state !== 'ready' || this.version === null) return false;
    const index = this.index;
    const started = performance.now();
    const written = await this.db.transaction('rw', [this.db.meta, this.db.snapshots], async () => {
      const current = (await this.db.meta.get(VERSION_KEY))?.value ?? '';
      if (index !== this.index || this.state !== 'ready' || current !== this.version) return false;
      const record: SnapshotRecord = {
        id: SNAPSHOT_ID,
        version: current,
        format: SNAPSHOT_FORMAT,
        createdAt: Date.now(),
        index: index.snapshot(),
      };
      await this.db.snapshots.put(record);
      return true;
    });
    if (written) {
      this.snapshotsWritten++;
      this.snapshotMs = performance.now() - started;
    }
    return written;
  }

  private scheduleSnapshot(): void {
    if (this.snapshotDelayMs < 0) return;
    this.snapshotDue = true;
    this.timers.clear(this.snapshotTimer);
    this.snapshotTimer = this.timers.set(() => {
      this.snapshotDue = false;
      void this.saveSnapshot().catch(() => undefined);
    }, this.snapshotDelayMs);
  }

  /**
   * A due snapshot waits for quiet: writing it holds the worker's thread (at 10,000 clips one keystroke
   * answered while it was written took 492 ms instead of ~15, measured), so every query moves it later.
   */
  private postponeSnapshot(): void {
    if (this.snapshotDue) this.scheduleSnapshot();
  }

  /** The persisted index, if it holds the collection's current version and reads back whole; else null. */
  private async readSnapshot(): Promise<{ index: SearchIndex<P>; version: string } | null> {
    const [snapshot, meta, newest, oldest] = await this.db.transaction(
      'r',
      [this.db.snapshots, this.db.meta, this.db.clips],
      () =>
        Promise.all([
          this.db.snapshots.get(SNAPSHOT_ID),
          this.db.meta.get(VERSION_KEY),
          this.db.clips.orderBy('savedAt').reverse().limit(1).primaryKeys(),
          this.db.clips.orderBy('savedAt').limit(1).primaryKeys(),
        ]),
    );
    const version = meta?.value ?? '';
    if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT || snapshot.version !== version) return null;
    let index: SearchIndex<P>;
    try {
      index = SearchIndex.fromSnapshot(snapshot.index as IndexSnapshot<P>);
    } catch {
      return null; // a snapshot that does not hold together is rebuilt, never trusted
    }
    // The check verify() makes, before the first answer: a write around the store changes no version.
    if (index.newestId() !== newest[0] || index.oldestId() !== oldest[0]) return null;
    return { index, version };
  }

  /**
   * After a clip was saved, updated or restored. `fields` are the record's index fields when the
   * caller has them (a save returns its record), so a save is tokenised once.
   */
  put(clip: Clip, fields: Pick<ClipRecord, 'words' | 'site'> = indexFields(clip)): void {
    if (this.building && this.state === 'building') this.touched.add(clip.id);
    this.index.upsert(this.toDoc(clip, fields));
    this.scheduleSnapshot();
  }

  /** After a clip was deleted. */
  remove(id: string): void {
    if (this.state === 'building') this.touched.add(id);
    this.index.remove(id);
    this.scheduleSnapshot();
  }

  /**
   * After writes the index did not see one by one (an import, the entity rescan): rebuilt on next use.
   * With `fromRecords`, from the clips themselves: a write that did not go through a ClipStore (the
   * rescan updates entities directly) leaves the version as it was, so the snapshot would look current.
   */
  invalidate(fromRecords = false): void {
    if (fromRecords) this.skipSnapshot = true;
    this.generation++;
    this.index = new SearchIndex<P>();
    this.building = null;
    this.state = 'empty';
    this.touched = new Set();
    this.version = null;
  }

  private finish(started: number, source: 'snapshot' | 'records'): void {
    this.state = 'ready';
    this.touched = new Set();
    this.buildMs = performance.now() - started;
    this.builds++;
    this.source = source;
    const read = this.chunkRead;
    this.chunkRead = deferred();
    read.resolve();
  }

  private toDoc(clip: Clip, fields: Pick<ClipRecord, 'words' | 'site'>) {
    return {
      id: clip.id,
      savedAt: clip.savedAt,
      words: fields.words,
      tags: clip.tags,
      entities: clip.entities,
      site: fields.site,
      data: this.payload(clip),
    };
  }

  private async build(): Promise<void> {
    const generation = ++this.generation;
    const started = performance.now();
    const index = new SearchIndex<P>();
    this.index = index;
    this.state = 'building';
    this.touched = new Set();
    index.setFrontier({ savedAt: Number.POSITIVE_INFINITY, id: '' }); // nothing read yet
    this.version = null;
    try {
      const snapshot = this.skipSnapshot ? null : await this.readSnapshot();
      if (generation !== this.generation) throw new Superseded();
      // A write during the read went into the placeholder index, not the snapshot: read the records then.
      if (snapshot && this.touched.size === 0 && this.version === null) {
        this.index = snapshot.index;
        this.version = snapshot.version;
        this.finish(started, 'snapshot');
        return;
      }
      const [ids, meta] = await this.db.transaction('r', [this.db.clips, this.db.meta], () =>
        Promise.all([this.db.clips.orderBy('savedAt').reverse().primaryKeys(), this.db.meta.get(VERSION_KEY)]),
      );
      if (generation !== this.generation) throw new Superseded();
      // Writes the background made since the build began were applied to `index` and `touched` keeps
      // the build from undoing them, but their versions came before this one was read: unknown then.
      this.version = this.touched.size === 0 ? (meta?.value ?? '') : null;
      for (let i = 0; i < ids.length; i += this.chunk) {
        const records = await this.db.clips.bulkGet(ids.slice(i, i + this.chunk));
        if (generation !== this.generation) throw new Superseded();
        let last: ClipRecord | undefined;
        for (const record of records) {
          if (!record) continue;
          last = record;
          if (this.touched.has(record.id)) continue; // written since the build began: the index has it as it is now
          index.upsert(this.toDoc(toClip(record), record));
        }
        if (last) index.setFrontier({ savedAt: last.savedAt, id: last.id });
        const read = this.chunkRead;
        this.chunkRead = deferred();
        read.resolve();
      }
      index.setFrontier(null);
      this.skipSnapshot = false;
      this.finish(started, 'records');
      this.scheduleSnapshot();
    } catch (err) {
      if (err instanceof Superseded) return this.whenReady();
      if (generation === this.generation) {
        this.state = 'failed';
        index.setFrontier({ savedAt: Number.POSITIVE_INFINITY, id: '' });
      }
      throw err;
    }
  }
}
