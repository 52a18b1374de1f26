/**
 * The shape of everything in `data/`: the bundled documents' metadata and the entity catalogue.
 * Types come from these schemas; the build step (lib/kb/build.ts) validates the files with them and
 * refuses to build on the first malformed field, naming the file, the entity and the field.
 */
import { z } from 'zod';

/** ISO date, or a partial one ("2021-09", "2024"). */
const IsoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO date such as 2021-09-17, 2021-09 or 2021');

export const DocumentMeta = z.object({
  /** Stable id, the file's stem, e.g. "003_7da0340e67756232". */
  id: z.string().regex(/^[0-9]{3}_[0-9a-f]{16}$/),
  /** File name inside data/corpus/. */
  file: z.string().regex(/^[0-9]{3}_[0-9a-f]{16}\.txt$/),
  title: z.string().min(1),
  /** Dates the text itself gives (ISO), empty when it gives none. */
  dates: z.array(IsoDate),
  /** How the date(s) appear in the text, for display ("17.09.2021, Moscow"). */
  dateText: z.string().optional(),
  publisher: z.string().min(1),
  author: z.string().optional(),
  /** Character span [start, end) of the article body; the chrome around it is never quoted. */
  body: z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() }),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

export const DocumentsFile = z.array(DocumentMeta).min(1);

/**
 * Evidence an ambiguous alias needs before it is marked. The alias counts when ANY condition holds:
 * - `near`: one of these phrases (case-insensitive, whole words) within `window` characters of the
 *   mention, in the same block of text;
 * - `page`: the text being scanned (the page, or a document) holds an unambiguous mention of one of
 *   these entity ids (an alias with no `requires`);
 * - `words`: the page's own words (see below).
 * A generic body name ("Coordination Council", "Military Committee") lists in `near` only the words that
 * identify that body ("biological safety"), never its parent's name: the CSTO has several coordination
 * councils, so "CSTO" nearby does not say which one. Without them the name stays unmarked rather than
 * marked as the parent: a parent's card on a body's name would tell the reader more than the text says.
 */
export const Evidence = z
  .object({
    near: z.array(z.string().min(1)).optional(),
    window: z.number().int().positive().max(400).default(60),
    page: z.array(z.string().min(1)).optional(),
    /**
     * The page's own words: at least `min` distinct of these terms (case-insensitive, whole words) anywhere
     * in the text being scanned. "CIS" is confirmed by a page that names Russia, Belarus and Tajikistan.
     */
    words: z
      .object({ terms: z.array(z.string().min(1)).min(1), min: z.number().int().positive().default(2) })
      .optional(),
  })
  .refine(
    (e) => (e.near?.length ?? 0) + (e.page?.length ?? 0) + (e.words ? 1 : 0) > 0,
    'requires at least one of near, page or words',
  );
export type Evidence = z.infer<typeof Evidence>;

/**
 * Neighbouring words that make the alias something else ("SCO Group", "Panama Canal", "Markov chain").
 * Compared case-insensitively with the words right before / after the mention (whitespace skipped).
 */
export const Veto = z.object({
  before: z.array(z.string().min(1)).optional(),
  after: z.array(z.string().min(1)).optional(),
});
export type Veto = z.infer<typeof Veto>;

export const Alias = z.object({
  text: z.string().min(1),
  /**
   * sensitive: as written, or in ALL CAPS (headlines); exact: only as written; insensitive: any case.
   * Acronyms are sensitive so that "rats" and "cis" never match.
   */
  case: z.enum(['sensitive', 'exact', 'insensitive']).default('sensitive'),
  /** Name of a paradigm in the catalogue's `paradigms`, expanding the alias into its inflected forms. */
  paradigm: z.string().optional(),
  /**
   * Per-word inflection of a multi-word alias: one entry per space-separated word, a paradigm name or
   * null for a word that stays as written ("Организация Договора о коллективной безопасности" →
   * ["ru-fem-ia", null, null, null, null]). Every combination of the words' forms is matched.
   */
  words: z.array(z.string().nullable()).optional(),
  /**
   * With `words`: the words inflect together, the k-th ending of each paradigm with the k-th of the others
   * ("Владимира Путина", never "Владимира Путину"). The paradigms must list the same cases in the same order.
   */
  agree: z.boolean().optional(),
  requires: Evidence.optional(),
  veto: Veto.optional(),
  lang: z.enum(['en', 'ru']).default('en'),
});
export type Alias = z.infer<typeof Alias>;

export const Fact = z.object({
  /** A short statement in the catalogue's words. */
  text: z.string().min(1),
  /** Document id the quote comes from. */
  doc: z.string().min(1),
  /** The verbatim quote the statement rests on. */
  quote: z.string().min(8),
  /** Offsets [start, end) of the quote in the document file. */
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  /** When the fact happened, where the text dates it (ISO). */
  date: IsoDate.optional(),
});
export type Fact = z.infer<typeof Fact>;

export const EntityType = z.enum([
  'organisation',
  'body',
  'person',
  'operation',
  'exercise',
  'event',
  'programme',
  'group',
  'place',
  'media',
]);
export type EntityType = z.infer<typeof EntityType>;

export const Entity = z.object({
  /** kebab-case id, e.g. "csto", "nikolai-patrushev". */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  type: EntityType,
  name: z.string().min(1),
  aliases: z.array(Alias).min(1),
  /** One line: who or what it is. */
  role: z.string().min(1).max(200),
  facts: z.array(Fact).min(1),
  /** Id of the entity this one belongs to (RATS → sco, Kanal stage → operation-kanal). */
  parent: z.string().optional(),
  /** For events: when they took place (ISO). */
  date: IsoDate.optional(),
  /**
   * For people: what tells this person from a namesake. A one-word alias of a person (the surname) is
   * refused when a different given name or initial stands right before it, or when another capitalised
   * name follows it directly, unless those words are this person's own (given names, patronymics).
   */
  person: z
    .object({
      given: z.array(z.string().min(1)).default([]),
      initials: z.array(z.string().regex(/^(\p{Lu}\.)+$/u, 'initials such as "E." or "Р.Г."')).default([]),
      patronymics: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});
export type Entity = z.infer<typeof Entity>;

/** Inflection paradigm: strip `strip` from the alias's end, then add each ending. */
export const Paradigm = z.object({
  strip: z.string().default(''),
  endings: z.array(z.string()).min(1),
});
export type Paradigm = z.infer<typeof Paradigm>;

export const Catalogue = z.object({
  paradigms: z.record(z.string(), Paradigm).default({}),
  /**
   * Given names of people outside the catalogue (namesakes): "Болат Нургалиев" is not Rashid Nurgaliyev.
   * The catalogue's own people's given names count too; Russian case endings are read through.
   */
  givenNames: z.array(z.string().min(1)).default([]),
  entities: z.array(Entity).min(1),
});
export type Catalogue = z.infer<typeof Catalogue>;
