/**
 * The background's search index over the stored collection: a SearchIndex kept in step with every
 * write the background makes, built from IndexedDB on first use.
 *
 * The background is an MV3 service worker that the browser stops when idle, so the index is rebuilt
 * after every restart. The build reads the clips newest first (the savedAt index's keys, then the
 * records in chunks, using the `words` already stored with each record: nothing is tokenised again),
 * so that while it runs the index holds the newest part of the collection: a search whose page of
 * results is found there is answered at once, exactly; only a search that needs older clips (a rare
 * word) waits for the rest. Chunks are small so that messages are handled between them.
 */
import type { ClipRecord, ClipsDB } from './db.ts';
import { indexFields, toClip } from './db.ts';
import type { Clip } from './schema.ts';
import { SearchIndex, type IndexAnswer, type IndexQueryOptions } from './search-index.ts';
import type { Facets } from './store.ts';

export interface LiveIndexOptions {
  /** Records read per chunk of the build. */
  chunk?: number;
}

export interface LiveIndexStats {
  state: 'empty' | 'building' | 'ready' | 'failed';
  clips: number;
  /** Duration of the last complete build, ms. */
  buildMs: number | null;
  builds: number;
}

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
  private readonly chunk: number;
  /** Settled each time the build has added a chunk, then replaced. */
  private chunkRead = deferred();

  constructor(
    private readonly db: ClipsDB,
    /** The payload kept per clip and returned by searches (e.g. a summary for lists). */
    private readonly payload: (clip: Clip) => P,
    options: LiveIndexOptions = {},
  ) {
    this.chunk = options.chunk ?? 200;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  stats(): LiveIndexStats {
    return { state: this.state, clips: this.index.size, buildMs: this.buildMs, builds: this.builds };
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
    this.invalidate();
    return false;
  }

  /**
   * After a clip was saved, updated or restored. `fields` are the record's index fields when the
   * caller has them (a save returns its record), so a save is tokenised once.
   */
  put(clip: Clip, fields: Pick<ClipRecord, 'words' | 'site'> = indexFields(clip)): void {
    if (this.building && this.state === 'building') this.touched.add(clip.id);
    this.index.upsert(this.toDoc(clip, fields));
  }

  /** After a clip was deleted. */
  remove(id: string): void {
    if (this.state === 'building') this.touched.add(id);
    this.index.remove(id);
  }

  /** After writes the index did not see one by one (an import): rebuilt on next use. */
  invalidate(): void {
    this.generation++;
    this.index = new SearchIndex<P>();
    this.building = null;
    this.state = 'empty';
    this.touched = new Set();
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
    try {
      const ids = await this.db.clips.orderBy('savedAt').reverse().primaryKeys();
      if (generation !== this.generation) throw new Superseded();
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
      this.state = 'ready';
      this.touched = new Set();
      this.buildMs = performance.now() - started;
      this.builds++;
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
