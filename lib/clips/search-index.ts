/**
 * The collection's one search engine: an in-memory index, for as-you-type search at 10,000+ clips.
 *
 * It replaced IndexedDB's `*words` multiEntry index (schema v4), which was right but slow at scale:
 * a short prefix ("pa") read every index key starting with it, ordering hits newest first read every
 * savedAt key, and every save wrote one index row per word. Measured against FlexSearch 0.8 on the
 * same tokens (scripts/bench/search-engines.ts), it builds several times faster in a third of the
 * memory and answers multi-word queries faster at 100,000 clips, newest first as lists need. It keeps
 * each clip's words (stored with the record, tokenised once per write) in memory:
 *
 * - every clip gets a document number; `postings` maps each token to the numbers of the clips that
 *   contain it (an array, appended to);
 * - `vocab` is the sorted list of tokens, so that a prefix is a range found by binary search
 *   (tokens added since the last prefix query wait in `pendingVocab` and are merged in once);
 * - `order` is the live document numbers newest first (savedAt, then id, both descending: the same
 *   order as ClipStore.list);
 * - a query marks, per document, how many of its word groups (each complete word; the prefix, as the
 *   union of its expansions) the document has, then walks `order` and keeps the first `limit` fully
 *   matching documents. The cost is the postings of the query's words plus one pass over at most the
 *   collection: a few milliseconds at 10,000 clips for any prefix of two letters or more.
 *
 * Deleting or replacing a clip only marks its number dead (its postings stay until a compaction that
 * renumbers everything, run when dead numbers outnumber live ones). Facet counts (tags, entities,
 * sites) are kept up to date on every change.
 *
 * Folding and tokenising are lib/clips/text.ts, shared by the stored words and the query.
 */
import type { FacetCount, Facets, Filters } from './store.ts';
import { parseQuery } from './text.ts';

/** What the index needs of a clip, plus a payload it hands back with results (e.g. a summary). */
export interface IndexedDoc<P> {
  id: string;
  savedAt: number;
  /** Folded tokens, as lib/clips/db.ts indexFields computes them. */
  words: readonly string[];
  tags: readonly string[];
  entities: readonly string[];
  site: string;
  data: P;
}

/**
 * What a list request may carry besides the query (extension pages → background): the page's channel
 * and a number that grows with each request, so that the background drops a request a newer one from
 * the same page superseded.
 */
export interface ListTicket {
  channel: string;
  seq: number;
}

export interface IndexQueryOptions extends Filters {
  limit?: number;
  offset?: number;
}

export interface IndexAnswer<P> {
  /** Newest first. */
  results: P[];
  /**
   * False when the index holds only the newest part of the collection (while it is being built) and
   * that part did not hold enough matches to fill the page: the answer must then wait for the rest.
   */
  complete: boolean;
}

/** A SearchIndex as data (SearchIndex.snapshot), documents numbered newest first. */
export interface IndexSnapshot<P> {
  ids: string[];
  savedAt: Float64Array;
  tags: (readonly string[])[];
  entities: (readonly string[])[];
  sites: string[];
  data: P[];
  /** Sorted; word w's documents are postings[offsets[w]] to postings[offsets[w + 1]]. */
  vocab: string[];
  offsets: Uint32Array;
  postings: Uint32Array;
}

interface Doc<P> {
  id: string;
  savedAt: number;
  tags: readonly string[];
  entities: readonly string[];
  site: string;
  data: P;
}

const DEFAULT_LIMIT = 50;

/** Newest first: savedAt descending, then id descending (the savedAt index read backwards). */
function newer(aSaved: number, aId: string, bSaved: number, bId: string): boolean {
  return aSaved > bSaved || (aSaved === bSaved && aId > bId);
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  if (!key) return;
  const n = (counts.get(key) ?? 0) + by;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

function sortedCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export class SearchIndex<P = string> {
  /** By document number; null once deleted or replaced. */
  private docs: (Doc<P> | null)[] = [];
  private readonly byId = new Map<string, number>();
  /** Live document numbers, newest first. */
  private order: number[] = [];
  /** Arrays while the index is built here; views into one Uint32Array after fromSnapshot() until a word gets a new clip. */
  private postings = new Map<string, number[] | Uint32Array>();
  private vocab: string[] = [];
  private pendingVocab: string[] = [];
  private dead = 0;
  private readonly tagCounts = new Map<string, number>();
  private readonly entityCounts = new Map<string, number>();
  private readonly siteCounts = new Map<string, number>();
  /**
   * While the index is being built newest first: the oldest document the builder has added. Every
   * clip newer than it is in the index; older ones may be missing. Null when the index is complete.
   */
  private frontier: { savedAt: number; id: string } | null = null;

  /** Live clips in the index. */
  get size(): number {
    return this.order.length;
  }

  /** Id of the newest live clip (savedAt, then id), if any. */
  newestId(): string | undefined {
    const n = this.order[0];
    return n === undefined ? undefined : this.docs[n]!.id;
  }

  /** Id of the oldest live clip, if any. */
  oldestId(): string | undefined {
    const n = this.order.at(-1);
    return n === undefined ? undefined : this.docs[n]!.id;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Marks the index as holding only the clips newer than or equal to `oldest` (see IndexAnswer.complete). */
  setFrontier(oldest: { savedAt: number; id: string } | null): void {
    this.frontier = oldest;
  }

  /** Adds a clip, or replaces the one with the same id. */
  upsert(doc: IndexedDoc<P>): void {
    this.remove(doc.id);
    const n = this.docs.length;
    const { words, data, ...rest } = doc;
    this.docs.push({ ...rest, data });
    this.byId.set(doc.id, n);
    for (const word of new Set(words)) {
      let list = this.postings.get(word);
      if (list instanceof Uint32Array) {
        list = Array.from(list);
        this.postings.set(word, list);
      }
      if (list) list.push(n);
      else {
        this.postings.set(word, [n]);
        this.pendingVocab.push(word);
      }
    }
    this.insertInOrder(n);
    for (const t of new Set(doc.tags)) bump(this.tagCounts, t, 1);
    for (const e of new Set(doc.entities)) bump(this.entityCounts, e, 1);
    bump(this.siteCounts, doc.site, 1);
  }

  /** Removes a clip; returns whether it was there. */
  remove(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined) return false;
    const doc = this.docs[n]!;
    const at = this.positionOf(doc.savedAt, doc.id);
    if (this.order[at] === n) this.order.splice(at, 1);
    else {
      const i = this.order.indexOf(n);
      if (i >= 0) this.order.splice(i, 1);
    }
    this.byId.delete(id);
    this.docs[n] = null;
    this.dead++;
    for (const t of new Set(doc.tags)) bump(this.tagCounts, t, -1);
    for (const e of new Set(doc.entities)) bump(this.entityCounts, e, -1);
    bump(this.siteCounts, doc.site, -1);
    if (this.dead > 1_000 && this.dead > this.order.length) this.compact();
    return true;
  }

  /** Newest first, filtered. */
  list(options: IndexQueryOptions = {}): IndexAnswer<P> {
    return this.walk(null, 0, options);
  }

  /** Complete words match whole tokens, the last word is a prefix; ignoring case and diacritics. */
  search(query: string, options: IndexQueryOptions = {}): IndexAnswer<P> {
    const { complete, prefix } = parseQuery(query);
    if (complete.length === 0 && prefix === null) return this.list(options);
    const groups: ArrayLike<number>[][] = [];
    for (const word of complete) {
      const list = this.postings.get(word);
      if (!list) return { results: [], complete: this.frontier === null };
      groups.push([list]);
    }
    if (prefix !== null) {
      const lists = this.expand(prefix);
      if (lists.length === 0) return { results: [], complete: this.frontier === null };
      groups.push(lists);
    }
    // Smallest group first: later groups only touch documents every earlier group matched.
    groups.sort((a, b) => a.reduce((s, l) => s + l.length, 0) - b.reduce((s, l) => s + l.length, 0));
    const hits = new Uint16Array(this.docs.length);
    for (let g = 0; g < groups.length; g++) {
      for (const list of groups[g]!) {
        for (let i = 0; i < list.length; i++) {
          const d = list[i]!;
          if (hits[d] === g) hits[d] = g + 1;
        }
      }
    }
    return this.walk(hits, groups.length, options);
  }

  /** Tag, entity and site counts, most frequent first (as ClipStore.facets). */
  facets(): Facets {
    return {
      tags: sortedCounts(this.tagCounts),
      entities: sortedCounts(this.entityCounts),
      sites: sortedCounts(this.siteCounts),
    };
  }

  /**
   * The index as plain data for IndexedDB (structured clone), without its payloads' duplicates: documents
   * are numbered newest first, every word's clips are one slice of a single Uint32Array. Loading it
   * (fromSnapshot) makes no per-word arrays, so it costs the documents, not the ~40 postings per clip.
   */
  snapshot(): IndexSnapshot<P> {
    const n = this.order.length;
    const number = new Int32Array(this.docs.length).fill(-1);
    const ids: string[] = new Array<string>(n);
    const savedAt = new Float64Array(n);
    const tags: (readonly string[])[] = new Array<readonly string[]>(n);
    const entities: (readonly string[])[] = new Array<readonly string[]>(n);
    const sites: string[] = new Array<string>(n);
    const data: P[] = new Array<P>(n);
    this.order.forEach((d, i) => {
      const doc = this.docs[d]!;
      number[d] = i;
      ids[i] = doc.id;
      savedAt[i] = doc.savedAt;
      tags[i] = doc.tags;
      entities[i] = doc.entities;
      sites[i] = doc.site;
      data[i] = doc.data;
    });
    this.mergeVocab();
    let total = 0;
    for (const word of this.vocab) total += this.postings.get(word)?.length ?? 0;
    const postings = new Uint32Array(total);
    const offsets: number[] = [0];
    const vocab: string[] = [];
    let at = 0;
    for (const word of this.vocab) {
      const list = this.postings.get(word);
      if (!list) continue;
      const start = at;
      for (let i = 0; i < list.length; i++) {
        const m = number[list[i]!]!;
        if (m >= 0) postings[at++] = m;
      }
      if (at === start) continue; // only dead clips had it
      vocab.push(word);
      offsets.push(at);
    }
    return {
      ids,
      savedAt,
      tags,
      entities,
      sites,
      data,
      vocab,
      offsets: Uint32Array.from(offsets),
      postings: postings.slice(0, at),
    };
  }

  /** An index answering exactly as the one `snapshot` was taken of. Throws on a snapshot that does not hold together. */
  static fromSnapshot<P>(s: IndexSnapshot<P>): SearchIndex<P> {
    const n = s.ids.length;
    const parallel = [s.savedAt, s.tags, s.entities, s.sites, s.data];
    if (parallel.some((a) => a.length !== n) || s.offsets.length !== s.vocab.length + 1)
      throw new Error('search index snapshot: lengths do not match');
    if (s.offsets[s.vocab.length] !== s.postings.length) throw new Error('search index snapshot: postings cut short');
    const ix = new SearchIndex<P>();
    ix.docs = new Array<Doc<P>>(n);
    ix.order = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const doc: Doc<P> = {
        id: s.ids[i]!,
        savedAt: s.savedAt[i]!,
        tags: s.tags[i]!,
        entities: s.entities[i]!,
        site: s.sites[i]!,
        data: s.data[i]!,
      };
      ix.docs[i] = doc;
      ix.order[i] = i;
      ix.byId.set(doc.id, i);
      for (const t of new Set(doc.tags)) bump(ix.tagCounts, t, 1);
      for (const e of new Set(doc.entities)) bump(ix.entityCounts, e, 1);
      bump(ix.siteCounts, doc.site, 1);
    }
    for (let w = 0; w < s.vocab.length; w++)
      ix.postings.set(s.vocab[w]!, s.postings.subarray(s.offsets[w], s.offsets[w + 1]));
    ix.vocab = s.vocab;
    return ix;
  }

  /** Posting lists of every token starting with `prefix`. */
  private expand(prefix: string): ArrayLike<number>[] {
    this.mergeVocab();
    const out: ArrayLike<number>[] = [];
    for (let i = lowerBound(this.vocab, prefix); i < this.vocab.length; i++) {
      const word = this.vocab[i]!;
      if (!word.startsWith(prefix)) break;
      const list = this.postings.get(word);
      if (list) out.push(list);
    }
    return out;
  }

  private walk(hits: Uint16Array | null, need: number, options: IndexQueryOptions): IndexAnswer<P> {
    const { limit = DEFAULT_LIMIT, offset = 0, tag, entity, site } = options;
    const results: P[] = [];
    if (limit <= 0) return { results, complete: true };
    let skipped = 0;
    const frontier = this.frontier;
    for (const n of this.order) {
      const doc = this.docs[n]!;
      if (frontier && newer(frontier.savedAt, frontier.id, doc.savedAt, doc.id)) return { results, complete: false };
      if (hits && hits[n] !== need) continue;
      if (tag !== undefined && !doc.tags.includes(tag)) continue;
      if (entity !== undefined && !doc.entities.includes(entity)) continue;
      if (site !== undefined && doc.site !== site) continue;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      results.push(doc.data);
      if (results.length >= limit) return { results, complete: true };
    }
    return { results, complete: frontier === null };
  }

  /** Index in `order` where a document with this savedAt and id is, or would go. */
  private positionOf(savedAt: number, id: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.docs[this.order[mid]!]!;
      if (newer(d.savedAt, d.id, savedAt, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertInOrder(n: number): void {
    const doc = this.docs[n]!;
    const at = this.positionOf(doc.savedAt, doc.id);
    if (at === this.order.length) this.order.push(n);
    else this.order.splice(at, 0, n);
  }

  private mergeVocab(): void {
    if (this.pendingVocab.length === 0) return;
    const added = this.pendingVocab.sort();
    this.pendingVocab = [];
    if (this.vocab.length === 0) {
      this.vocab = added;
      return;
    }
    const merged = new Array<string>(this.vocab.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.vocab.length && j < added.length)
      merged[k++] = this.vocab[i]! <= added[j]! ? this.vocab[i++]! : added[j++]!;
    while (i < this.vocab.length) merged[k++] = this.vocab[i++]!;
    while (j < added.length) merged[k++] = added[j++]!;
    this.vocab = merged;
  }

  /** Renumbers live documents densely and drops dead numbers and emptied tokens. */
  private compact(): void {
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: Doc<P>[] = [];
    for (let n = 0; n < this.docs.length; n++) {
      const doc = this.docs[n];
      if (!doc) continue;
      remap[n] = docs.length;
      this.byId.set(doc.id, docs.length);
      docs.push(doc);
    }
    const postings = new Map<string, number[] | Uint32Array>();
    for (const [word, list] of this.postings) {
      const kept: number[] = [];
      for (const d of list) if (remap[d]! >= 0) kept.push(remap[d]!);
      if (kept.length) postings.set(word, kept);
    }
    this.docs = docs;
    this.postings = postings;
    this.order = this.order.map((n) => remap[n]!);
    this.mergeVocab();
    this.vocab = this.vocab.filter((w) => postings.has(w));
    this.dead = 0;
  }
}
