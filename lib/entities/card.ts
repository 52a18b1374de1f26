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
  /** Passages in all, for "more". */
  total: number;
  /** Clips that mention the entity. */
  clips: number;
  firstSaved: number | null;
  lastSaved: number | null;
  /** Other entities in the same clips, by how many clips they share. */
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

/** The clips that mention `entity` (by the `entities` index, which the re-scan keeps current), newest first. */
export async function ownCard(
  db: ClipsDB,
  matcher: Matcher,
  entity: string,
  offset = 0,
  limit = PASSAGE_PAGE,
): Promise<OwnCard> {
  const records: ClipRecord[] = await db.clips.where('entities').equals(entity).toArray();
  records.sort((a, b) => b.savedAt - a.savedAt || a.id.localeCompare(b.id));
  const passages: OwnPassage[] = [];
  const related = new Map<string, number>();
  for (const r of records) {
    for (const other of new Set(r.entities)) if (other !== entity) related.set(other, (related.get(other) ?? 0) + 1);
    const scanned = clipScanText(r);
    // The title is part of what a page clip was scanned with; passages come from the text only.
    const base = scanned.length - r.text.length;
    const seen = new Set<number>();
    for (const m of matcher.scanAll(scanned)) {
      if (m.entity !== entity || m.start < base) continue;
      const s = sentenceAround(r.text, m.start - base, m.end - base);
      if (seen.has(s.start)) continue;
      seen.add(s.start);
      passages.push({
        clipId: r.id,
        sentence: r.text.slice(s.start, s.end),
        start: s.start,
        end: s.end,
        title: r.title,
        site: r.site,
        savedAt: r.savedAt,
      });
    }
  }
  const saved = records.map((r) => r.savedAt);
  return {
    passages: passages.slice(offset, offset + limit),
    total: passages.length,
    clips: records.length,
    firstSaved: saved.length ? Math.min(...saved) : null,
    lastSaved: saved.length ? Math.max(...saved) : null,
    related: [...related]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 12)
      .map(([id, clips]) => ({ id, clips })),
  };
}
