/**
 * The reader's entities in the collection's database (table `entities`, schema v5), and the one place
 * that turns them into the compiled form content scripts read (lib/entities/compile.ts).
 */
import type { ClipsDB } from '../clips/db.ts';
import type { MatcherSpec } from '../match/spec';
import { compileEntities, ENTITIES_KEY, parseCompiled, type CompiledEntities } from './compile';
import { packEntities, packFits, PACK_KEY, specFingerprint } from './pack';
import { ReaderEntity } from './schema';

/** storage.local, narrowed to what publishing needs (so tests pass a fake). */
export interface LocalArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export class EntityStore {
  constructor(readonly db: ClipsDB) {}

  /** Every entity, by name. Records that no longer parse are skipped, never thrown at the reader. */
  async list(): Promise<ReaderEntity[]> {
    const rows = await this.db.entities.toArray();
    return rows
      .flatMap((r) => {
        const p = ReaderEntity.safeParse(r);
        return p.success ? [p.data] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Promise<ReaderEntity | undefined> {
    return this.db.entities.get(id);
  }

  count(): Promise<number> {
    return this.db.entities.count();
  }

  async put(entity: ReaderEntity): Promise<void> {
    await this.db.entities.put(entity);
  }

  /** Removes an entity and returns it, for undo. */
  async delete(id: string): Promise<ReaderEntity | undefined> {
    return this.db.transaction('rw', this.db.entities, async () => {
      const e = await this.db.entities.get(id);
      if (e) await this.db.entities.delete(id);
      return e;
    });
  }

  /** Writes several entities at once, all or nothing (JSON import). */
  async putAll(entities: readonly ReaderEntity[]): Promise<void> {
    await this.db.entities.bulkPut([...entities]);
  }

  /**
   * Compiles every entity and writes the result to storage.local when it changed: each write is a
   * storage event in every open tab, and every tab rebuilds its matcher on it. With the catalogue's spec,
   * also the pack pages load (lib/entities/pack.ts), in the same write, and again when it was built for
   * another catalogue (an update).
   */
  async publish(
    local: LocalArea,
    paradigms: NonNullable<MatcherSpec['paradigms']> = {},
    corpus?: MatcherSpec,
  ): Promise<{ compiled: CompiledEntities; changed: boolean }> {
    const compiled = compileEntities(await this.list(), paradigms, corpus);
    const before = (await local.get(ENTITIES_KEY))[ENTITIES_KEY];
    // No list before and none now (a fresh profile, or storage cleared) is no change to what pages mark.
    const changed =
      JSON.stringify(before) !== JSON.stringify(compiled) &&
      (compiled.rules.length > 0 || (parseCompiled(before)?.rules.length ?? 0) > 0);
    const writes: Record<string, unknown> = {};
    if (JSON.stringify(before) !== JSON.stringify(compiled)) writes[ENTITIES_KEY] = compiled;
    if (corpus && (writes[ENTITIES_KEY] || !packFits((await local.get(PACK_KEY))[PACK_KEY], specFingerprint(corpus))))
      writes[PACK_KEY] = packEntities(corpus, compiled);
    if (Object.keys(writes).length) await local.set(writes);
    return { compiled, changed };
  }
}
