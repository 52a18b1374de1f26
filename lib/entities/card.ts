/**
 * What a card says about the reader's own collection: for one of their entities, the passages of
 * their clips that mention it ("From your clips": the sentence as written, the clip's title, site and
 * date, newest first, a page at a time), the entities mentioned with it and when it was first and last
 * saved. The same passages serve the catalogue's cards. Only extension pages (the card frame) get any
 * of it: a content script shares its page with page script.
 */
import type { ClipRecord, ClipsDB } from '../clips/db.ts';
import type { Matcher } from '../match/matcher';
import { clipScanText } from './rescan';

export interface OwnPassage {
  clipId: string;
  /** The sentence as the clip holds it. */
  sentence: string;
  /** Offsets of the sentence in the clip's text, for the reading view to scroll to. */
  start: number;
  end: number;
  title: string;
  site: string;
  savedAt: number;
}

export interface OwnCard {
  passages: OwnPassage[];
  /** Passages in all when `complete`; otherwise those found in the clips read so far (more exist). */
  total: number;
  /** Every clip that mentions the entity was read, so `total` is exact. */
  complete: boolean;
  /** Clips that mention the entity; when neither `complete` nor `clipsExact`, a lower bound. */
  clips: number;
  /** `clips` is exact though not every clip was read: it is the length of the search index's list. */
  clipsExact: boolean;
  firstSaved: number | null;
  lastSaved: number | null;
  /** The newest clips that mention it, up to `NEWEST_CLIPS` (a card's "Your clips" links). */
  newest: ClipRecord[];
  /** Other entities in the same clips, by how many clips they share (first page only; later pages: empty). */
  related: { id: string; clips: number }[];
}

/** Clips a card links to under "Your clips". */
export const NEWEST_CLIPS = 5;

/** Passages a card asks for at a time (its "Show 20 more"). */
export const PASSAGE_PAGE = 20;

function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  const from = Math.max(0, start - 600);
  const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
  for (const s of seg.segment(text.slice(from, Math.min(text.length, end + 600)))) {
    const a = from + s.index;
    const b = a + s.segment.trimEnd().length;
    if (start >= a && start < b + 1)
      return { start: a + (s.segment.length - s.segment.trimStart().length), end: Math.max(b, end) };
  }
  return { start, end };
}

/**
 * Up to this many clips, a card reads every clip that mentions the entity and counts its passages
 * exactly ("20 of 143"). Past it (a catalogue name in a large collection: the CSTO in 6,805 of 10,000
 * generated clips) it reads the newest clips only until the page is full: reading all 6,805 held the
 * background for seconds (scripts/bench/entity-collection.ts), and every other card waited behind it.
 */
export const EXACT_COUNT_CLIPS = 300;

/** Newest clips read per request when the entity is in too many clips to read them all. */
const BATCH = 50;

/**
 * Past `exactUpTo`, at most this many clips are read per passage asked for. Unbounded, an entity that
 * the `entities` index names but no passage of a clip matches (an alias since removed, a catalogue that
 * changed) read every clip in the collection, in batches each skipping all the ones before it: 10,000
 * generated clips held the background for 130 s (measured), and every card and list waited behind it.
 * From the search index's list, the 2,670 clips such a name was listed in took 1.8 s.
 */
const SCAN_PER_PASSAGE = 10;

/** The oldest clip that names the entity is looked for among this many of the oldest, without the list. */
const OLDEST_SCAN = 500;

/** A clip in the search index's list of the entity's clips, newest first (the collection's own order). */
export interface ListedClip {
  id: string;
  savedAt: number;
}

/** The passages of one clip that mention `entity`, in text order, one per sentence. */
function passagesOf(r: ClipRecord, matcher: Matcher, entity: string): OwnPassage[] {
  const scanned = clipScanText(r);
  // The title is part of what a page clip was scanned with; passages come from the text only.
  const base = scanned.length - r.text.length;
  const seen = new Set<number>();
  const out: OwnPassage[] = [];
  for (const m of matcher.scanAll(scanned)) {
    if (m.entity !== entity || m.start < base) continue;
    const s = sentenceAround(r.text, m.start - base, m.end - base);
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    out.push({
      clipId: r.id,
      sentence: r.text.slice(s.start, s.end),
      start: s.start,
      end: s.end,
      title: r.title,
      site: r.site,
      savedAt: r.savedAt,
    });
  }
  return out;
}

const newestFirst = (a: ClipRecord, b: ClipRecord) => b.savedAt - a.savedAt || a.id.localeCompare(b.id);

/**
 * The clips that mention `entity`, newest first, as many as the card reads: all of them up to
 * `exactUpTo`, else the newest until `want` passages are found (then `complete` is false). Then
 * `listed`, the entity's clips from the search index when it is built, names exactly the records to
 * read; without it the newest records of the collection are read in turn. Either way a bounded number.
 */
async function clipsToRead(
  db: ClipsDB,
  matcher: Matcher,
  entity: string,
  want: number,
  exactUpTo: number,
  listed: OwnCardOptions['listed'],
): Promise<{
  records: ClipRecord[];
  passages: OwnPassage[];
  complete: boolean;
  clips: number;
  clipsExact: boolean;
  firstSaved: number | null;
}> {
  // Keys only, and no more than one past the limit: a common name's 6,805 keys alone took 300 ms.
  const ids = await db.clips
    .where('entities')
    .equals(entity)
    .limit(exactUpTo + 1)
    .primaryKeys();
  if (ids.length <= exactUpTo) {
    const records = (await db.clips.bulkGet(ids)).filter((r): r is ClipRecord => !!r).sort(newestFirst);
    const passages = records.flatMap((r) => passagesOf(r, matcher, entity));
    const firstSaved = records.at(-1)?.savedAt ?? null;
    return { records, passages, complete: true, clips: ids.length, clipsExact: true, firstSaved };
  }
  const mentions = (r: ClipRecord | undefined): r is ClipRecord => !!r?.entities.includes(entity);
  const records: ClipRecord[] = [];
  const passages: OwnPassage[] = [];
  /** Keeps the records of a batch that name the entity, with their passages, in the batch's order. */
  const keep = (batch: (ClipRecord | undefined)[]) => {
    for (const r of batch.filter(mentions)) {
      records.push(r);
      passages.push(...passagesOf(r, matcher, entity));
    }
  };
  const list = (await listed?.().catch(() => null)) ?? null;
  if (list) {
    // The index's order is the collection's (newest first); a record that no longer names the entity
    // (written since the list was read) is left out.
    const scan = Math.min(list.length, want * SCAN_PER_PASSAGE);
    for (let at = 0; at < scan && passages.length < want; at += BATCH)
      keep(await db.clips.bulkGet(list.slice(at, Math.min(scan, at + BATCH)).map((c) => c.id)));
    const firstSaved = list.at(-1)?.savedAt ?? null;
    return { records, passages, complete: false, clips: list.length, clipsExact: true, firstSaved };
  }
  // Many clips: walk the savedAt index from the newest, a batch at a time, keeping the entity's clips.
  const scan = want * SCAN_PER_PASSAGE;
  for (let at = 0; passages.length < want && at < scan; at += BATCH) {
    const batch = await db.clips.orderBy('savedAt').reverse().offset(at).limit(BATCH).toArray();
    keep(batch.sort(newestFirst));
    if (batch.length < BATCH) break;
  }
  let scanned = 0;
  const oldest = await db.clips
    .orderBy('savedAt')
    .until(() => ++scanned > OLDEST_SCAN)
    .filter(mentions)
    .first();
  return {
    records,
    passages,
    complete: false,
    clips: ids.length,
    clipsExact: false,
    firstSaved: oldest?.savedAt ?? null,
  };
}

export interface OwnCardOptions {
  /** The first passage of the page. */
  offset?: number;
  /** Passages in the page. */
  limit?: number;
  /** Up to this many clips, all are read and the count is exact (EXACT_COUNT_CLIPS). */
  exactUpTo?: number;
  /**
   * The entity's clips from the search index, newest first, or null when it is not built: asked only
   * when the entity is in more than `exactUpTo` clips (a card that needs no list does not wait on the
   * index's check against the database).
   */
  listed?: () => Promise<readonly ListedClip[] | null>;
}

/**
 * The clips that mention `entity` (by the `entities` index, which the re-scan keeps current, or by the
 * search index's list of them), newest first, and the passages [offset, offset + limit) of them. The
 * entities mentioned with it are counted over the clips read: all of them, or the newest ones when it
 * is in more than `exactUpTo`.
 */
export async function ownCard(
  db: ClipsDB,
  matcher: Matcher,
  entity: string,
  { offset = 0, limit = PASSAGE_PAGE, exactUpTo = EXACT_COUNT_CLIPS, listed }: OwnCardOptions = {},
): Promise<OwnCard> {
  // One more than the page: whether there is a next one.
  const read = await clipsToRead(db, matcher, entity, offset + limit + 1, exactUpTo, listed);
  const related = new Map<string, number>();
  for (const r of read.records)
    for (const other of new Set(r.entities)) if (other !== entity) related.set(other, (related.get(other) ?? 0) + 1);
  return {
    passages: read.passages.slice(offset, offset + limit),
    total: read.passages.length,
    complete: read.complete,
    clips: read.clips,
    clipsExact: read.clipsExact,
    firstSaved: read.firstSaved,
    lastSaved: read.records[0]?.savedAt ?? null,
    newest: read.records.slice(0, NEWEST_CLIPS),
    related: [...related]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 12)
      .map(([id, clips]) => ({ id, clips })),
  };
}
