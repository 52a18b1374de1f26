/**
 * Build-time loading of data/: reads the files, validates them with the zod schemas and with the
 * checks a schema cannot express (quotes verbatim at their offsets, inside the body; aliases claimed
 * once; references that resolve). Every problem is reported with the file, the entity and the field,
 * so a bad edit fails the build with a message that says where to look.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { canonText } from '../match/chars';
import { buildSpec, expandForms } from '../match/spec';
import { Catalogue, DocumentsFile, type DocumentMeta } from './schema';

export interface LoadedData {
  documents: (DocumentMeta & { text: string })[];
  catalogue: Catalogue;
}

export class DataError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `data/ is invalid:\n  - ${problems.slice(0, 20).join('\n  - ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`,
    );
    this.name = 'DataError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/** Names the entity an issue path points into: `entity "csto" (entities[3]) field aliases[0].text`. */
function describeIssue(file: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  if (path[0] === 'entities' && typeof path[1] === 'number') {
    const entity = (raw as { entities?: { id?: unknown }[] }).entities?.[path[1]];
    const id = typeof entity?.id === 'string' ? `"${entity.id}"` : '(no id)';
    return `${file}: entity ${id} (entities[${path[1]}]) field ${formatPath(path.slice(2)) || '(entity)'}: ${issue.message}`;
  }
  if (typeof path[0] === 'number') {
    const doc = (raw as { id?: unknown }[])[path[0]];
    const id = typeof doc?.id === 'string' ? `"${doc.id}"` : '(no id)';
    return `${file}: document ${id} ([${path[0]}]) field ${formatPath(path.slice(1)) || '(document)'}: ${issue.message}`;
  }
  return `${file}: field ${formatPath(path) || '(root)'}: ${issue.message}`;
}

function readJson(dir: string, file: string): unknown {
  const text = readFileSync(join(dir, file), 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataError([`${file}: not valid JSON: ${(e as Error).message}`]);
  }
}

/** Loads and validates data/ (documents.json, entities.json, corpus/*.txt). Throws DataError. */
export function loadData(dataDir: string): LoadedData {
  const rawDocs = readJson(dataDir, 'documents.json');
  const rawCat = readJson(dataDir, 'entities.json');
  const problems: string[] = [];
  const docs = DocumentsFile.safeParse(rawDocs);
  if (!docs.success) problems.push(...docs.error.issues.map((i) => describeIssue('data/documents.json', rawDocs, i)));
  const cat = Catalogue.safeParse(rawCat);
  if (!cat.success) problems.push(...cat.error.issues.map((i) => describeIssue('data/entities.json', rawCat, i)));
  if (!docs.success || !cat.success) throw new DataError(problems);

  const documents = docs.data.map((d) => ({ ...d, text: readFileSync(join(dataDir, 'corpus', d.file), 'utf8') }));
  problems.push(...checkConsistency(documents, cat.data));
  if (problems.length) throw new DataError(problems);
  return { documents, catalogue: cat.data };
}

/** Per-word inflection: one entry per word, known paradigms, each word ending as its paradigm expects. */
function checkWords(
  where: string,
  a: Catalogue['entities'][number]['aliases'][number],
  catalogue: Catalogue,
): string[] {
  if (!a.words) return [];
  const problems: string[] = [];
  if (a.paradigm) problems.push(`${where}.words: give either "paradigm" or "words", not both`);
  const words = a.text.split(' ');
  if (words.length !== a.words.length) {
    problems.push(
      `${where}.words: "${a.text}" has ${words.length} words (separated by single spaces) but "words" has ${a.words.length} entries`,
    );
    return problems;
  }
  if (a.agree) {
    const lengths = new Set(
      a.words.flatMap((name) => (name && catalogue.paradigms[name] ? [catalogue.paradigms[name].endings.length] : [])),
    );
    if (lengths.size > 1) problems.push(`${where}.agree: words that agree need paradigms with as many endings each`);
  }
  a.words.forEach((name, k) => {
    if (!name) return;
    const paradigm = catalogue.paradigms[name];
    if (!paradigm) problems.push(`${where}.words[${k}]: unknown paradigm "${name}"`);
    else {
      try {
        expandForms(words[k]!, paradigm);
      } catch {
        problems.push(
          `${where}.words[${k}]: "${words[k]}" does not end with "${paradigm.strip}" as paradigm "${name}" requires`,
        );
      }
    }
  });
  return problems;
}

/** The checks across files. Exported for tests that feed it broken data. */
export function checkConsistency(documents: LoadedData['documents'], catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const docById = new Map(documents.map((d) => [d.id, d]));
  const ids = new Set<string>();
  const aliasOwner = new Map<string, string>();

  for (const d of documents) {
    if (d.body.end > d.text.length || d.body.start >= d.body.end) {
      problems.push(
        `data/documents.json: document "${d.id}" field body: span [${d.body.start}, ${d.body.end}) is outside the text (length ${d.text.length})`,
      );
    }
  }
  for (const [i, e] of catalogue.entities.entries()) {
    const where = `data/entities.json: entity "${e.id}" (entities[${i}])`;
    if (ids.has(e.id)) problems.push(`${where} field id: duplicate id`);
    ids.add(e.id);
    for (const [j, a] of e.aliases.entries()) {
      const key = canonText(a.text).toLowerCase();
      const owner = aliasOwner.get(key);
      if (owner && owner !== e.id)
        problems.push(`${where} field aliases[${j}].text: "${a.text}" is already an alias of "${owner}"`);
      aliasOwner.set(key, e.id);
      if (a.paradigm && !catalogue.paradigms[a.paradigm])
        problems.push(`${where} field aliases[${j}].paradigm: unknown paradigm "${a.paradigm}"`);
      problems.push(...checkWords(`${where} field aliases[${j}]`, a, catalogue));
    }
    for (const [j, f] of e.facts.entries()) {
      const doc = docById.get(f.doc);
      if (!doc) {
        problems.push(`${where} field facts[${j}].doc: unknown document "${f.doc}"`);
        continue;
      }
      if (doc.text.slice(f.start, f.end) !== f.quote) {
        problems.push(`${where} field facts[${j}].quote: not found verbatim at [${f.start}, ${f.end}) of ${doc.id}`);
      } else if (f.start < doc.body.start || f.end > doc.body.end) {
        problems.push(`${where} field facts[${j}].start: quote lies outside the article body of ${doc.id}`);
      }
    }
  }
  for (const [i, e] of catalogue.entities.entries()) {
    const where = `data/entities.json: entity "${e.id}" (entities[${i}])`;
    if (e.parent && !ids.has(e.parent)) problems.push(`${where} field parent: unknown entity "${e.parent}"`);
    for (const [j, a] of e.aliases.entries()) {
      for (const p of a.requires?.page ?? []) {
        if (!ids.has(p)) problems.push(`${where} field aliases[${j}].requires.page: unknown entity "${p}"`);
      }
    }
  }
  if (!problems.length) problems.push(...checkForms(catalogue));
  return problems;
}

/**
 * Inflected forms claimed by two entities: "Организации …" written as one entity's alias while it is
 * already a case form of another's. Only once everything else is valid, since expansion needs valid data.
 */
function checkForms(catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const spec = buildSpec(catalogue);
  const owner = new Map<string, string>();
  for (const [form, rule] of spec.forms) {
    const key = canonText(form).toLowerCase();
    const entity = spec.rules[rule]!.entity;
    const first = owner.get(key);
    if (first && first !== entity) {
      const i = catalogue.entities.findIndex((e) => e.id === entity);
      problems.push(
        `data/entities.json: entity "${entity}" (entities[${i}]) alias "${spec.rules[rule]!.text}": form "${form}" is already a form of "${first}"`,
      );
    }
    if (!first) owner.set(key, entity);
  }
  return problems;
}
