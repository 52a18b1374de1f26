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
  /** Clips that mention the entity. */
  clips: number;
  firstSaved: number | null;
  lastSaved: number | null;
  /** Other entities in the same clips, by how many clips they share (first page only; later pages: empty). */
  related: { id: string; clips: number }[];
}

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
 * exactly ("20 of 143"). Past it (a catalogue name in a large collection: the CSTO in thousands of
 * clips) it reads only as many of the newest clips as the page needs: measured with 10,000 clips
 * (scripts/bench/entity-collection.ts), reading every clip that names the CSTO held the background
 * for seconds, and every other card waited behind it.
 */
export const EXACT_COUNT_CLIPS = 300;

/** Clips read per IndexedDB request. */
const BATCH = 25;

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

/** For each other entity in `ids`' clips, how many of them it is in: index keys only, no clip is read. */
async function relatedOf(db: ClipsDB, entity: string, ids: Set<string>): Promise<{ id: string; clips: number }[]> {
  const others = (await db.clips.orderBy('entities').uniqueKeys()).map(String).filter((e) => e !== entity);
  const counts = await Promise.all(
    others.map(async (other) => {
      let n = 0;
      for (const id of await db.clips.where('entities').equals(other).primaryKeys()) if (ids.has(id)) n++;
      return [other, n] as const;
    }),
  );
  return counts
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 12)
    .map(([id, clips]) => ({ id, clips }));
}

/**
 * The clips that mention `entity` (by the `entities` index, which the re-scan keeps current), newest
 * first, and the passages [offset, offset + limit) of them.
 */
export async function ownCard(
  db: ClipsDB,
  matcher: Matcher,
  entity: string,
  offset = 0,
  limit = PASSAGE_PAGE,
  exactUpTo = EXACT_COUNT_CLIPS,
): Promise<OwnCard> {
  const ids = new Set(await db.clips.where('entities').equals(entity).primaryKeys());
  // Newest first by the savedAt index, keys only; equal times by id, as lists show them.
  const ordered = (await db.clips.orderBy('savedAt').primaryKeys()).filter((id) => ids.has(id)).reverse();
  const exact = ordered.length <= exactUpTo;
  const want = offset + limit + 1; // one more than the page: whether there is a next one
  const passages: OwnPassage[] = [];
  let read = 0;
  let firstSaved: number | null = null;
  let lastSaved: number | null = null;
  while (read < ordered.length && (exact || passages.length < want)) {
    const batch = (await db.clips.bulkGet(ordered.slice(read, read + BATCH))).filter((r): r is ClipRecord => !!r);
    batch.sort((a, b) => b.savedAt - a.savedAt || a.id.localeCompare(b.id));
    for (const r of batch) {
      lastSaved ??= r.savedAt;
      firstSaved = r.savedAt;
      passages.push(...passagesOf(r, matcher, entity));
    }
    read += BATCH;
  }
  const complete = read >= ordered.length;
  if (!complete && ordered.length) {
    // The oldest clip's date without reading the ones between.
    firstSaved = (await db.clips.get(ordered[ordered.length - 1]!))?.savedAt ?? firstSaved;
  }
  return {
    passages: passages.slice(offset, offset + limit),
    total: passages.length,
    complete,
    clips: ids.size,
    firstSaved,
    lastSaved,
    related: offset === 0 ? await relatedOf(db, entity, ids) : [],
  };
}
