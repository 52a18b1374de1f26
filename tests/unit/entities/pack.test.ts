/**
 * The pack pages load (lib/entities/pack.ts): built once from the catalogue and the reader's entities,
 * stored as JSON, it gives the same mentions as the matcher built from the compiled list; a pack built
 * for another catalogue or damaged in storage is refused (the page then waits for the background to
 * write one).
 */
import { describe, expect, it } from 'vitest';
import { ClipsDB } from '../../../lib/clips/db.ts';
import { compileEntities, ENTITIES_KEY, mergeSpec } from '../../../lib/entities/compile';
import {
  corpusRules,
  packEntities,
  PACK_KEY,
  samePack,
  unpackMatcher,
  type MatcherPack,
} from '../../../lib/entities/pack';
import { ReaderEntity } from '../../../lib/entities/schema';
import { EntityStore } from '../../../lib/entities/store';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { decodePatterns } from '../../../lib/match/pack';
import { buildSpec } from '../../../lib/match/spec';
import { freshFactory } from '../clips/helpers.ts';

const data = loadData(defaultDataDir());
const corpus = buildSpec(data.catalogue);
/** What the content script carries (`virtual:kb-rules`). */
const rules = corpusRules(corpus);

const mine = [
  ReaderEntity.parse({
    id: 'u-tasmagambet1',
    name: 'Imangali Tasmagambetov',
    type: 'person',
    aliases: [{ text: 'Tasmagambetov' }, { text: 'Тасмагамбетов' }, { text: 'ТАСМ', case: 'exact', inflect: 'none' }],
    createdAt: 1,
    updatedAt: 1,
  }),
  ReaderEntity.parse({
    id: 'u-ferghana0001',
    name: 'Ferghana Route',
    type: 'operation',
    aliases: [{ text: 'Ferghana Route', case: 'insensitive' }],
    near: ['drug'],
    createdAt: 1,
    updatedAt: 1,
  }),
  ReaderEntity.parse({
    id: 'u-mycsto000001',
    name: 'Mine',
    type: 'other',
    aliases: [{ text: 'CSTO' }],
    overrides: ['csto'],
    createdAt: 1,
    updatedAt: 1,
  }),
];
const compiled = compileEntities(mine, corpus.paradigms!, corpus);
const stored = () => JSON.parse(JSON.stringify(packEntities(corpus, compiled))) as MatcherPack;

describe('a pack written again', () => {
  it('is the same pack when rebuilt and stored again, and another when its automaton, rules or names differ', () => {
    const catalogueOnly = () =>
      JSON.parse(JSON.stringify(packEntities(corpus, compileEntities([], {}, corpus)))) as MatcherPack;
    expect(samePack(stored(), stored())).toBe(true);
    expect(samePack(catalogueOnly(), catalogueOnly())).toBe(true);
    expect(samePack(stored(), catalogueOnly())).toBe(false);
    const renamed = stored();
    renamed.names['u-ferghana0001'] = { name: 'Fergana Route', type: 'operation' };
    expect(samePack(stored(), renamed)).toBe(false);
    const rebased = stored();
    rebased.base = 'another catalogue';
    expect(samePack(stored(), rebased)).toBe(false);
  });
});

describe('the pack pages load', () => {
  const fromList = new Matcher(mergeSpec(corpus, compiled));
  const fromPack = unpackMatcher(stored(), rules)!;

  it('finds what the matcher built from the list finds, on the corpus and on the Russian case forms', () => {
    const texts = [
      ...data.documents.map((d) => d.text),
      'Встреча с Тасмагамбетовым и Тасмагамбетову. ТАСМ, Тасм. The ferghana route for drug trafficking; the CSTO.',
    ];
    for (const t of texts) expect(fromPack.matcher.scanAll(t)).toEqual(fromList.scanAll(t));
    const found = fromPack.matcher.scanAll(texts.at(-1)!).map((m) => m.entity);
    expect(found).toEqual(['u-tasmagambet1', 'u-tasmagambet1', 'u-tasmagambet1', 'u-ferghana0001', 'u-mycsto000001']);
    expect(fromPack.names['u-ferghana0001']).toEqual({ name: 'Ferghana Route', type: 'operation' });
  });

  it('is the catalogue alone when the reader tracks nothing, and finds what a matcher built from its forms finds', () => {
    const empty = unpackMatcher(
      JSON.parse(JSON.stringify(packEntities(corpus, compileEntities([], {}, corpus)))),
      rules,
    );
    expect(empty?.matcher.spec.rules).toBe(rules.rules);
    expect(empty?.names).toEqual({});
    const built = new Matcher(corpus);
    for (const d of data.documents) expect(empty?.matcher.scanAll(d.text)).toEqual(built.scanAll(d.text));
  });

  it('is refused when built for another catalogue, or damaged', () => {
    const other = buildSpec({ ...data.catalogue, entities: data.catalogue.entities.slice(1) });
    expect(unpackMatcher(stored(), corpusRules(other))).toBeNull();
    expect(unpackMatcher(null, rules)).toBeNull();
    // A pack from before this version (v1 held no patterns for the catalogue alone, v2 no folds), or
    // from a later one.
    expect(unpackMatcher({ ...stored(), v: 1 }, rules)).toBeNull();
    expect(unpackMatcher({ ...stored(), v: 2 }, rules)).toBeNull();
    expect(unpackMatcher({ ...stored(), v: 4 }, rules)).toBeNull();
    expect(unpackMatcher({ ...stored(), data: 'not base64!' }, rules)).toBeNull();
    const p = stored();
    expect(unpackMatcher({ ...p, data: p.data.slice(0, 400) }, rules)).toBeNull();
    // One rule fewer than the patterns name: a pattern would point past the rules.
    expect(unpackMatcher({ ...p, rules: p.rules.slice(1) }, rules)).toBeNull();
    // The previous encoding's magic ("RCP1", little-endian), however well formed the rest.
    expect(decodePatterns({ data: btoa('RCP1' + '\0'.repeat(40)), explicit: [] }, 10)).toBeNull();
  });
});

describe('publishing', () => {
  it('writes the list and the pack in one write, again only when the list or the catalogue changed', async () => {
    const db = new ClipsDB('pack', freshFactory());
    const store = new EntityStore(db);
    const area: Record<string, unknown> = {};
    const writes: string[][] = [];
    const local = {
      get: (k: string) => Promise.resolve({ [k]: area[k] }),
      set: (items: Record<string, unknown>) => {
        writes.push(Object.keys(items).sort());
        Object.assign(area, items);
        return Promise.resolve();
      },
    };
    await store.put(mine[0]!);
    await store.publish(local, corpus.paradigms, corpus);
    expect(writes).toEqual([[ENTITIES_KEY, PACK_KEY]]);
    expect(unpackMatcher(area[PACK_KEY], rules)?.matcher.scanAll('Тасмагамбетову')).toHaveLength(1);
    await store.publish(local, corpus.paradigms, corpus);
    expect(writes).toHaveLength(1);
    // After an update the catalogue differs: the pack alone is built again.
    const updated = buildSpec({ ...data.catalogue, entities: data.catalogue.entities.slice(1) });
    await store.publish(local, updated.paradigms, updated);
    expect(writes.at(-1)).toEqual([PACK_KEY]);
    expect(unpackMatcher(area[PACK_KEY], corpusRules(updated))).not.toBeNull();
    db.close();
  });
});
