/**
 * Suggestions: names that recur in the reader's clips but that neither the catalogue nor the reader
 * tracks. The names come from compromise (a maintained English NLP library: its people, organisations
 * and places, and the proper-noun runs its tagger finds), not from a capitalised-word rule of our own;
 * we only count them across clips, drop what the matcher already knows, and keep two sample sentences.
 */
import type nlpType from 'compromise';
import type { Matcher } from '../match/matcher';
import { foldForm } from './compile';
import type { ReaderEntityType } from './schema';
import { STOP_WORDS } from './validate';

export interface Suggestion {
  name: string;
  type: ReaderEntityType;
  /** Mentions across the clips looked at. */
  count: number;
  clips: number;
  /** Up to two sentences that mention it, as the clips hold them. */
  samples: { sentence: string; clipId: string; title: string }[];
}

export interface SuggestClip {
  id: string;
  title: string;
  text: string;
}

/** Characters of each clip read: compromise tags ~1 MB/s, and a name that recurs shows early in a text. */
export const SUGGEST_TEXT_CHARS = 20_000;

const clean = (s: string) => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/\s+/g, ' ');

/** Names compromise finds in one text, with the sentence each sits in and a type. */
export function namesIn(
  nlp: typeof nlpType,
  text: string,
): { name: string; type: ReaderEntityType; sentence: string }[] {
  const out: { name: string; type: ReaderEntityType; sentence: string }[] = [];
  const doc = nlp(text.slice(0, SUGGEST_TEXT_CHARS));
  const typed = new Map<string, ReaderEntityType>();
  for (const n of doc.people().out('array') as string[]) typed.set(clean(n), 'person');
  for (const n of doc.organizations().out('array') as string[]) typed.set(clean(n), 'organisation');
  for (const n of doc.places().out('array') as string[]) typed.set(clean(n), 'place');
  for (const s of doc.sentences().out('array') as string[]) {
    const sentence = nlp(s);
    const found = new Set<string>([
      ...(sentence.topics().out('array') as string[]).map(clean),
      ...(sentence.match('#ProperNoun+').out('array') as string[]).map(clean),
    ]);
    for (const name of found) {
      if ((name.match(/\p{L}/gu) ?? []).length < 3 || STOP_WORDS.has(name.toLowerCase())) continue;
      out.push({ name, type: typed.get(name) ?? 'other', sentence: s.trim() });
    }
  }
  return out;
}

/**
 * Suggestions over `clips`: names in at least two clips, not already marked by `matcher` (the catalogue
 * and the reader's entities), not dismissed; most frequent first.
 */
export async function suggest(
  nlp: typeof nlpType,
  clips: Iterable<SuggestClip>,
  matcher: Matcher,
  dismissed: ReadonlySet<string>,
  opts: { min?: number; limit?: number; yieldEvery?: () => Promise<void> } = {},
): Promise<Suggestion[]> {
  const { min = 2, limit = 30, yieldEvery } = opts;
  const byKey = new Map<string, Suggestion & { clipIds: Set<string> }>();
  for (const clip of clips) {
    for (const n of namesIn(nlp, clip.text)) {
      const key = foldForm(n.name);
      if (dismissed.has(key)) continue;
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { name: n.name, type: n.type, count: 0, clips: 0, samples: [], clipIds: new Set() }));
      s.count++;
      if (s.type === 'other' && n.type !== 'other') s.type = n.type;
      if (!s.clipIds.has(clip.id)) {
        s.clipIds.add(clip.id);
        s.clips = s.clipIds.size;
        if (s.samples.length < 2) s.samples.push({ sentence: n.sentence, clipId: clip.id, title: clip.title });
      }
    }
    await yieldEvery?.();
  }
  const known = (name: string) => matcher.scanAll(name).some((m) => m.end - m.start >= name.length - 1);
  return [...byKey.values()]
    .filter((s) => s.clips >= min && !known(s.name))
    .sort((a, b) => b.clips - a.clips || b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ clipIds: _ids, ...s }) => s);
}

/** storage.local key of dismissed suggestions (folded names). */
export const DISMISSED_KEY = 'entities:dismissed';
