/**
 * Checks a draft entity before anything is stored, in words a reader understands. A clash with a
 * catalogue alias is not refused outright: the editor names the catalogue's entity and lets the
 * reader choose to take the name on their side ("mine wins") or cancel.
 */
import type { Paradigm } from '../kb/schema';
import type { MatcherSpec } from '../match/spec';
import { foldForm } from './compile';
import { aliasForms } from './inflect';
import { formatCount } from '../format-count';
import { ENTITY_LIMITS, ReaderEntity, type ReaderEntityInput } from './schema';

/** Words too common to mark alone, in the two languages the catalogue covers. */
export const STOP_WORDS = new Set([
  'the',
  'and',
  'or',
  'but',
  'said',
  'says',
  'say',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'by',
  'from',
  'a',
  'an',
  'is',
  'are',
  'was',
  'were',
  'be',
  'it',
  'its',
  'this',
  'that',
  'he',
  'she',
  'they',
  'we',
  'you',
  'i',
  'not',
  'no',
  'yes',
  'as',
  'his',
  'her',
  'their',
  'our',
  'new',
  'also',
  'will',
  'would',
  'has',
  'have',
  'и',
  'в',
  'во',
  'на',
  'не',
  'что',
  'он',
  'она',
  'они',
  'с',
  'со',
  'по',
  'к',
  'как',
  'а',
  'но',
  'из',
  'за',
  'от',
  'о',
  'об',
  'для',
  'это',
  'так',
  'же',
  'его',
  'ее',
  'её',
  'их',
  'был',
  'была',
  'были',
  'сказал',
  'заявил',
]);

export interface Clash {
  alias: string;
  /** The catalogue entity that already has this name. */
  entity: string;
  name: string;
}

export interface ValidationContext {
  paradigms: Readonly<Record<string, Paradigm>>;
  corpus: MatcherSpec;
  /** Catalogue id → display name. */
  corpusNames: Readonly<Record<string, string>>;
  /** The reader's other entities (the one being edited left out). */
  others: readonly { id: string; name: string; aliases: readonly { text: string; inflect: string }[] }[];
}

export type Validation = { ok: true; entity: ReaderEntity } | { ok: false; problems: string[]; clashes: Clash[] };

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

export function validateEntity(input: ReaderEntityInput, ctx: ValidationContext): Validation {
  const problems: string[] = [];
  const clashes: Clash[] = [];
  if (!input.name.trim()) problems.push('Give the entity a name.');
  const aliases = input.aliases;
  if (!aliases.length) problems.push('Give at least one alias, one per line.');
  if (aliases.length > ENTITY_LIMITS.aliases) {
    problems.push(`An entity can have at most ${ENTITY_LIMITS.aliases} aliases; this one has ${aliases.length}.`);
  }
  if (ctx.others.length + 1 > ENTITY_LIMITS.entities) {
    problems.push(`You can track at most ${formatCount(ENTITY_LIMITS.entities)} entities; delete or merge some first.`);
  }
  const corpusOwner = new Map<string, string>();
  for (const [form, rule] of ctx.corpus.forms) corpusOwner.set(foldForm(form), ctx.corpus.rules[rule]!.entity);
  const ownOwner = new Map<string, string>();
  for (const o of ctx.others)
    for (const a of o.aliases)
      for (const f of aliasForms(a.text, a.inflect, ctx.paradigms)) ownOwner.set(foldForm(f), o.name);
  const overrides = new Set(input.overrides ?? []);
  const seen = new Set<string>();
  for (const a of aliases) {
    const text = a.text.trim();
    if (!text) {
      problems.push('An alias is empty: write a name on each line, or remove the empty line.');
      continue;
    }
    if (text.length > ENTITY_LIMITS.aliasLength) {
      problems.push(`"${text.slice(0, 40)}…" is longer than ${ENTITY_LIMITS.aliasLength} characters.`);
      continue;
    }
    if (letters(text) < 2) {
      problems.push(`"${text}" is too short: an alias needs at least two letters.`);
      continue;
    }
    if (STOP_WORDS.has(text.toLowerCase())) {
      problems.push(`"${text}" is too common a word to mark on its own; add the words that go with it.`);
      continue;
    }
    const inflect = a.inflect ?? 'auto';
    if (inflect !== 'auto' && inflect !== 'none' && !ctx.paradigms[inflect]) {
      problems.push(`"${text}": there is no inflection pattern called "${inflect}".`);
      continue;
    }
    if (seen.has(foldForm(text))) {
      problems.push(`"${text}" is listed twice.`);
      continue;
    }
    seen.add(foldForm(text));
    for (const form of aliasForms(text, inflect, ctx.paradigms)) {
      const f = foldForm(form);
      const own = ownOwner.get(f);
      if (own) {
        problems.push(`"${form}" is already an alias of your entity "${own}".`);
        break;
      }
      const corpus = corpusOwner.get(f);
      if (corpus && !overrides.has(corpus)) {
        clashes.push({ alias: text, entity: corpus, name: ctx.corpusNames[corpus] ?? corpus });
        break;
      }
    }
  }
  if (problems.length || clashes.length) return { ok: false, problems, clashes };
  const parsed = ReaderEntity.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problems: [`The entity could not be saved: ${issue.path.join('.') || 'entry'}: ${issue.message}.`],
      clashes: [],
    };
  }
  return { ok: true, entity: parsed.data };
}

/** The clash in a sentence, for the editor's choice. */
export function clashMessage(c: Clash): string {
  return `"${c.alias}" already names "${c.name}" in the bundled catalogue.`;
}
