/**
 * The collection learns the reader's names retroactively: after an entity is added, edited or removed,
 * every stored clip's `entities` is computed again with the matcher pages use. The work goes in batches
 * by clip id with the position kept in storage.local, so a service worker that sleeps mid-way resumes
 * where it stopped; a newer change restarts the pass (its generation no longer matches).
 */
import { VERSION_KEY, type ClipRecord, type ClipsDB } from '../clips/db.ts';
import type { LocalArea } from './store';

export const RESCAN_KEY = 'entities:rescan';

export interface RescanState {
  /** Which change this pass is for; a newer one replaces it. */
  generation: number;
  /** Last clip id done (ids sort; the next batch starts above it); null: from the start. */
  after: string | null;
  done: number;
  total: number;
}

export function parseRescan(raw: unknown): RescanState | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<RescanState>;
  if (typeof r.generation !== 'number' || typeof r.done !== 'number' || typeof r.total !== 'number') return null;
  if (r.after !== null && typeof r.after !== 'string') return null;
  return r as RescanState;
}

/** The text a clip's entities are found in, as when it was saved. */
export const clipScanText = (c: Pick<ClipRecord, 'kind' | 'title' | 'text'>): string =>
  c.kind === 'page' ? `${c.title}\n\n${c.text}` : c.text;

/** One batch: recomputes the entities of up to `batch` clips after `after`; returns the last id, or null at the end. */
export async function rescanBatch(
  db: ClipsDB,
  entitiesOf: (text: string) => string[],
  after: string | null,
  batch = 100,
): Promise<{ last: string | null; count: number; changed: number }> {
  const rows = await (after === null ? db.clips.orderBy(':id') : db.clips.where(':id').above(after))
    .limit(batch)
    .toArray();
  const changed: ClipRecord[] = [];
  for (const r of rows) {
    const next = entitiesOf(clipScanText(r)).slice(0, 1_000);
    if (next.length !== r.entities.length || next.some((e, i) => e !== r.entities[i]))
      changed.push({ ...r, entities: next });
  }
  // Only the field this pass owns changes; a clip edited meanwhile keeps its note and tags.
  if (changed.length) {
    // A new collection version in the same transaction: a search index persisted before these writes no
    // longer looks current, even if the worker dies before the background rebuilds its own.
    await db.transaction('rw', [db.clips, db.meta], async () => {
      for (const c of changed) await db.clips.update(c.id, { entities: c.entities });
      await db.meta.put({ key: VERSION_KEY, value: crypto.randomUUID() });
    });
  }
  return {
    last: rows.length === batch ? rows[rows.length - 1]!.id : null,
    count: rows.length,
    changed: changed.length,
  };
}

/**
 * Runs (or resumes) the pass recorded in storage, batch by batch, yielding between batches. Stops early
 * when a newer generation was recorded. Calls `onChanged` when clips changed, and clears the record at the end.
 */
export async function runRescan(
  db: ClipsDB,
  local: LocalArea & { remove(key: string): Promise<void> },
  entitiesOf: (text: string) => string[],
  onChanged: () => void,
): Promise<void> {
  let state = parseRescan((await local.get(RESCAN_KEY))[RESCAN_KEY]);
  let changedAny = false;
  while (state) {
    const { last, count, changed } = await rescanBatch(db, entitiesOf, state.after);
    changedAny ||= changed > 0;
    const current = parseRescan((await local.get(RESCAN_KEY))[RESCAN_KEY]);
    if (!current || current.generation !== state.generation) {
      // A newer change restarted the pass: the caller running it picks it up.
      break;
    }
    if (last === null) {
      await local.remove(RESCAN_KEY);
      break;
    }
    state = { ...state, after: last, done: Math.min(state.total, state.done + count) };
    await local.set({ [RESCAN_KEY]: state });
    await new Promise((r) => setTimeout(r, 0));
  }
  if (changedAny) onChanged();
}
