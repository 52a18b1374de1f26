/**
 * The reader's entities in the collection's JSON export: written after the clips (lib/clips/export.ts),
 * read back all or nothing with them (lib/clips/import.ts calls `importEntities` before it finishes).
 */
import { ImportError } from '../clips/errors.ts';
import { describeIssues } from '../clips/schema.ts';
import { formatCount } from '../format-count';
import { ENTITY_LIMITS, ReaderEntity } from './schema';
import type { EntityStore } from './store';

/** Validates every entity first, then writes them in one transaction: nothing is stored unless all are. */
export async function importEntities(store: EntityStore, raw: readonly unknown[]): Promise<number> {
  const parsed: ReaderEntity[] = [];
  const problems: string[] = [];
  let bad = 0;
  raw.forEach((item, i) => {
    const r = ReaderEntity.safeParse(item);
    if (r.success) parsed.push(r.data);
    else {
      bad++;
      if (problems.length < 3) problems.push(describeIssues(r.error, 3, ['entities', i]));
    }
  });
  if (bad) {
    throw new ImportError(
      `${bad === 1 ? 'One of your tracked names' : `${bad} of your tracked names`} in this file cannot be imported (a field is missing or too long). Nothing was imported. Export again, or remove them from the file and retry.`,
      problems.join('; '),
    );
  }
  const existing = new Set<string>(await store.db.entities.toCollection().primaryKeys());
  const total = existing.size + parsed.filter((e) => !existing.has(e.id)).length;
  if (total > ENTITY_LIMITS.entities) {
    throw new ImportError(
      `This file would make ${formatCount(total)} tracked names; the limit is ${formatCount(ENTITY_LIMITS.entities)}. Nothing was imported.`,
    );
  }
  await store.db.transaction('rw', store.db.entities, () => store.putAll(parsed));
  return parsed.length;
}
