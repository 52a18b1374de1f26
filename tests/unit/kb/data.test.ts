import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../../lib/kb/build';
import { DataError, loadData } from '../../../lib/kb/load';
import { defaultDataDir, kbPlugin } from '../../../lib/kb/vite-plugin';
import { canonText } from '../../../lib/match/chars';

const dataDir = defaultDataDir();
const data = loadData(dataDir);
const kb = buildKnowledgeBase(data);

describe('bundled corpus', () => {
  // shared/ sits beside the repository on developer machines and in CI; a lone clone has only data/.
  const sharedDir = join(dataDir, '../../shared/corpus');
  it.skipIf(!existsSync(sharedDir))('ships the five shared documents verbatim', () => {
    for (const d of data.documents) {
      const shared = readFileSync(join(sharedDir, d.file), 'utf8');
      expect(d.text).toBe(shared);
    }
    expect(data.documents).toHaveLength(5);
  });

  it('gives each document a body span inside its text', () => {
    for (const d of data.documents) {
      expect(d.body.start).toBeGreaterThanOrEqual(0);
      expect(d.body.end).toBeLessThanOrEqual(d.text.length);
      expect(d.body.end - d.body.start).toBeGreaterThan(1000);
    }
  });
});

describe('entity catalogue', () => {
  const entities = data.catalogue.entities;

  it('holds at least 40 entities, each with a grounded fact', () => {
    expect(entities.length).toBeGreaterThanOrEqual(40);
    for (const e of entities) expect(e.facts.length, e.id).toBeGreaterThan(0);
  });

  it('quotes every fact verbatim at its offsets, inside the article body', () => {
    const docs = new Map(data.documents.map((d) => [d.id, d]));
    for (const e of entities) {
      for (const f of e.facts) {
        const d = docs.get(f.doc);
        expect(d, `${e.id}: ${f.doc}`).toBeDefined();
        expect(d!.text.slice(f.start, f.end), `${e.id}: ${f.quote}`).toBe(f.quote);
        expect(f.start, e.id).toBeGreaterThanOrEqual(d!.body.start);
        expect(f.end, e.id).toBeLessThanOrEqual(d!.body.end);
      }
    }
  });

  it('mentions every entity at least once in the corpus bodies', () => {
    const mentioned = new Set(kb.mentions.map((m) => m.entity));
    expect(entities.filter((e) => !mentioned.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('never lets two entities claim the same alias', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const e of entities) {
      for (const a of e.aliases) {
        const key = canonText(a.text).toLowerCase();
        const prev = owner.get(key);
        if (prev && prev !== e.id) clashes.push(`${a.text}: ${prev} / ${e.id}`);
        owner.set(key, e.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('covers the names the product promises', () => {
    const ids = new Set(entities.map((e) => e.id));
    for (const id of [
      'csto',
      'sco',
      'rats',
      'cis',
      'operation-kanal',
      'kanal-krasnyi-barhan',
      'exercise-thunder',
      'csto-crisis-response-center',
      'valdai-club',
      'nato',
      'taliban',
      'isis',
      'wilayat-khorasan',
      'al-qaeda',
      'unodc',
      'kazakhstan-nsc',
      'nikolai-bordyuzha',
      'stanislav-zas',
      'nikolai-patrushev',
      'rashid-nurgaliyev',
      'valery-gerasimov',
      'sagimbayev',
      'ruslan-seisembayev',
      'emomali-rahmon',
      'kassym-jomart-tokayev',
      'vladimir-putin',
      'xi-jinping',
      'sergei-lavrov',
      'alexey-maslov',
      'sergei-markov',
      'andrey-vypolzov',
      'gennady-troislit',
      'oleg-ufimtsev',
      'rahimpour',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('derived index', () => {
  it('records each mention with the sentence around it', () => {
    const docs = new Map(data.documents.map((d) => [d.id, d]));
    expect(kb.mentions.length).toBeGreaterThan(200);
    for (const m of kb.mentions) {
      const d = docs.get(m.doc)!;
      expect(m.sentenceStart).toBeLessThanOrEqual(m.start);
      expect(m.sentenceEnd).toBeGreaterThanOrEqual(m.end);
      expect(m.start).toBeGreaterThanOrEqual(d.body.start);
      expect(m.end).toBeLessThanOrEqual(d.body.end);
    }
  });

  it('finds the operation under all three names', () => {
    const texts = kb.mentions
      .filter((m) => m.entity === 'operation-kanal')
      .map((m) => canonText(data.documents.find((d) => d.id === m.doc)!.text.slice(m.start, m.end)));
    expect(new Set(texts)).toEqual(new Set(['Canal', 'Channel', 'Kanal']));
  });

  it('relates entities that share paragraphs, symmetrically', () => {
    const csto = kb.related['csto']!.map((r) => r.entity);
    expect(csto).toContain('nato');
    for (const [a, rows] of Object.entries(kb.related)) {
      for (const r of rows) expect(kb.related[r.entity]!.find((x) => x.entity === a)?.paragraphs).toBe(r.paragraphs);
    }
  });
});

describe('malformed data fails the build with file, entity and field', () => {
  function brokenCopy(edit: (cat: { entities: Record<string, unknown>[] }) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(dataDir, dir, { recursive: true });
    const file = join(dir, 'entities.json');
    const cat = JSON.parse(readFileSync(file, 'utf8')) as { entities: Record<string, unknown>[] };
    edit(cat);
    writeFileSync(file, JSON.stringify(cat));
    return dir;
  }

  it.each([
    [
      'a field of the wrong type',
      (c: { entities: Record<string, unknown>[] }) => {
        c.entities[1]!.role = 42;
      },
      /entities\.json: entity "sco" \(entities\[1\]\) field role/,
    ],
    [
      'a quote not at its offsets',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[0]!.facts as { start: number }[])[0]!.start += 3;
      },
      /entity "csto" \(entities\[0\]\) field facts\[0\]\.quote: not found verbatim/,
    ],
    [
      'an alias claimed twice',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[1]!.aliases as unknown[]).push({ text: 'CSTO' });
      },
      /entity "sco" .* field aliases\[\d+\]\.text: "CSTO" is already an alias of "csto"/,
    ],
    [
      'an unknown entity as evidence',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[1]!.aliases as { requires?: { page?: string[] } }[])[0]!.requires!.page = ['nope'];
      },
      /entity "sco" .* field aliases\[0\]\.requires\.page: unknown entity "nope"/,
    ],
    [
      'per-word paradigms that do not count the words',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[0]!.aliases as { words?: unknown[] }[])[4]!.words = ['ru-fem-ia', null];
      },
      /entity "csto" \(entities\[0\]\) field aliases\[4\]\.words: "Организация Договора о коллективной безопасности" has 5 words .* but "words" has 2 entries/,
    ],
    [
      'an unknown per-word paradigm',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[0]!.aliases as { words?: unknown[] }[])[4]!.words = ['ru-nope', null, null, null, null];
      },
      /entity "csto" .* field aliases\[4\]\.words\[0\]: unknown paradigm "ru-nope"/,
    ],
    [
      'a word that does not end as its paradigm needs',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[0]!.aliases as { words?: unknown[] }[])[4]!.words = [null, null, null, 'ru-fem-ia', null];
      },
      /entity "csto" .* field aliases\[4\]\.words\[3\]: "коллективной" does not end with "ия"/,
    ],
    [
      'both paradigm and words',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[0]!.aliases as { paradigm?: string }[])[4]!.paradigm = 'ru-fem-a';
      },
      /field aliases\[4\]\.words: give either "paradigm" or "words", not both/,
    ],
    [
      'words that agree with paradigms of different lengths',
      (c: { entities: Record<string, unknown>[] }) => {
        const a = (c.entities[0]!.aliases as { words?: unknown[]; agree?: boolean }[])[4]!;
        a.words = ['ru-fem-ia', 'ru-masc-hard', null, null, null];
        a.agree = true;
      },
      /entity "csto" .* field aliases\[4\]\.agree: words that agree need paradigms with as many endings each/,
    ],
    [
      "a case form of another entity's alias",
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities[1]!.aliases as unknown[]).push({
          text: 'Организации Договора о коллективной безопасности',
          case: 'insensitive',
        });
      },
      /entity "sco" \(entities\[1\]\) alias "Организации Договора о коллективной безопасности": form .* is already a form of "csto"/,
    ],
    [
      'malformed initials',
      (c: { entities: Record<string, unknown>[] }) => {
        (c.entities.find((e) => e.id === 'emomali-rahmon')!.person as { initials: string[] }).initials = ['Em'];
      },
      /entity "emomali-rahmon" .* field person\.initials\[0\]: initials such as/,
    ],
    [
      'a missing id',
      (c: { entities: Record<string, unknown>[] }) => {
        delete c.entities[2]!.id;
      },
      /entity \(no id\) \(entities\[2\]\) field id/,
    ],
  ])('%s', (_name, edit, message) => {
    const dir = brokenCopy(edit);
    expect(() => loadData(dir)).toThrow(DataError);
    expect(() => loadData(dir)).toThrow(message);
    const plugin = kbPlugin(dir) as { load: (id: string) => unknown };
    expect(() => plugin.load('\0virtual:kb')).toThrow(message);
  });

  it('rejects a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(dataDir, dir, { recursive: true });
    writeFileSync(join(dir, 'documents.json'), '[{"id": ');
    expect(() => loadData(dir)).toThrow(/documents\.json: not valid JSON/);
  });
});
