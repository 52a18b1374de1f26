/**
 * The reader's own entities: names they track, kept in the collection's database (lib/clips/db.ts, v5)
 * and compiled into the matcher's spec form (lib/entities/compile.ts), so that they are found in the
 * same automaton pass as the catalogue's. Rules use the catalogue's own format (case, paradigms,
 * context words, vetoes), so one matcher reads both.
 */
import '../zod-config';
import { z } from 'zod';

/** Hard limits, in words the editor repeats to the reader. */
export const ENTITY_LIMITS = {
  aliases: 50,
  entities: 5_000,
  aliasLength: 120,
  name: 120,
  note: 4_000,
  words: 50,
} as const;

/** Ids of the reader's entities: never a catalogue id (those are kebab-case words), never page-visible. */
export const READER_ID = /^u-[a-z0-9]{6,40}$/;
export const isReaderEntity = (id: string): boolean => READER_ID.test(id);

export const ReaderEntityType = z.enum(['person', 'organisation', 'operation', 'place', 'other']);
export type ReaderEntityType = z.infer<typeof ReaderEntityType>;

export const ReaderAlias = z.object({
  text: z.string().trim().min(1).max(ENTITY_LIMITS.aliasLength),
  /** The catalogue's case rule: sensitive (as written or ALL CAPS), exact, insensitive. */
  case: z.enum(['sensitive', 'exact', 'insensitive']).default('sensitive'),
  /**
   * Russian inflection: `auto` picks one of the catalogue's paradigms from the word's ending
   * (lib/entities/inflect.ts), `none` keeps the alias as written, any other value names a paradigm.
   */
  inflect: z.string().max(40).default('auto'),
});
export type ReaderAlias = z.infer<typeof ReaderAlias>;

const Words = z.array(z.string().trim().min(1).max(ENTITY_LIMITS.aliasLength)).max(ENTITY_LIMITS.words);

export const ReaderEntity = z.object({
  id: z.string().regex(READER_ID),
  name: z.string().trim().min(1).max(ENTITY_LIMITS.name),
  type: ReaderEntityType,
  aliases: z.array(ReaderAlias).min(1).max(ENTITY_LIMITS.aliases),
  /** Words required within `window` characters of a mention (the catalogue's `requires.near`); empty: none. */
  near: Words.default([]),
  window: z.number().int().positive().max(400).default(60),
  /** Words right before or after a mention that make it something else (the catalogue's `veto`). */
  vetoBefore: Words.default([]),
  vetoAfter: Words.default([]),
  note: z.string().max(ENTITY_LIMITS.note).default(''),
  /**
   * Catalogue entities whose aliases this one may take over, because the reader chose "mine wins" when
   * told of the clash. On the reader's side those forms name this entity instead.
   */
  overrides: z.array(z.string().max(100)).max(ENTITY_LIMITS.aliases).default([]),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
export type ReaderEntity = z.infer<typeof ReaderEntity>;
export type ReaderEntityInput = z.input<typeof ReaderEntity>;

export function newEntityId(random: () => number = Math.random): string {
  let s = 'u-';
  for (let i = 0; i < 12; i++) s += Math.floor(random() * 36).toString(36);
  return s;
}

/**
 * What an editor sends: looser than ReaderEntity so that a draft with too many or too short aliases
 * reaches lib/entities/validate.ts, which answers in plain words, instead of failing as "malformed".
 */
export const EntityDraft = z.object({
  id: z.string().regex(READER_ID).optional(),
  name: z.string().max(1_000),
  type: ReaderEntityType,
  aliases: z
    .array(z.object({ text: z.string().max(1_000), case: ReaderAlias.shape.case, inflect: ReaderAlias.shape.inflect }))
    .max(1_000),
  near: z.array(z.string().max(1_000)).max(1_000).default([]),
  window: z.number().int().positive().max(400).default(60),
  vetoBefore: z.array(z.string().max(1_000)).max(1_000).default([]),
  vetoAfter: z.array(z.string().max(1_000)).max(1_000).default([]),
  note: z.string().max(100_000).default(''),
  overrides: z.array(z.string().max(100)).max(1_000).default([]),
});
export type EntityDraft = z.infer<typeof EntityDraft>;
export type EntityDraftInput = z.input<typeof EntityDraft>;
