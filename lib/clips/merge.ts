/**
 * How two copies of one clip become one: used when a page is saved again and when an import meets
 * a clip the collection already has. Pure functions, so the rules are tested without a database.
 */
import { LIMITS } from './limits.ts';
import type { Clip } from './schema.ts';

/** Trimmed, inner whitespace collapsed, duplicates dropped case-insensitively (first spelling kept), at most 50. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, ' ').trim().slice(0, LIMITS.tag);
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === LIMITS.tags) break;
  }
  return out;
}

function union(a: readonly string[], b: readonly string[], max: number): string[] {
  return [...new Set([...a, ...b])].slice(0, max);
}

/**
 * The merge of the stored clip `existing` and `incoming`: content and note from the one edited last
 * (`updatedAt`), tags and entities from both, the stored id, the earliest savedAt. A note is never
 * lost to an empty one: losing what someone wrote is worse than bringing back a note they cleared.
 */
export function mergeClips(existing: Clip, incoming: Clip): Clip {
  const [newer, older] = incoming.updatedAt > existing.updatedAt ? [incoming, existing] : [existing, incoming];
  return {
    ...newer,
    id: existing.id,
    note: newer.note || older.note,
    tags: normaliseTags([...existing.tags, ...incoming.tags]),
    entities: union(existing.entities, incoming.entities, LIMITS.entities),
    savedAt: Math.min(existing.savedAt, incoming.savedAt),
    updatedAt: Math.max(existing.updatedAt, incoming.updatedAt),
  };
}

/** `value` without its undefined properties, so that stored, exported and re-imported clips compare equal. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
