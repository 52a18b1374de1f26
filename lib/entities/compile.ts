/**
 * The reader's entities in the matcher's spec form. Compiled once where an entity is written (the
 * library page, the background) and handed to content scripts through storage.local, so a page load
 * reads one small value and builds one automaton with the catalogue and the reader's names together:
 * no second pass over the page, no message to wake the service worker.
 */
import type { EntityType, Paradigm } from '../kb/schema';
import { canonText } from '../match/chars';
import type { AliasRule, MatcherSpec } from '../match/spec';
import { aliasForms } from './inflect';
import type { ReaderEntity, ReaderEntityType } from './schema';

/** storage.local key of the compiled form (extension-private storage; pages never read it). */
export const ENTITIES_KEY = 'entities:compiled';

/** Highlight layers are per catalogue type; "other" is drawn as a group. */
export const LAYER_OF: Record<ReaderEntityType, EntityType> = {
  person: 'person',
  organisation: 'organisation',
  operation: 'operation',
  place: 'place',
  other: 'group',
};

export interface CompiledEntities {
  v: 1;
  rules: AliasRule[];
  /** [form, index into rules]. */
  forms: [string, number][];
  /** Display names, for the popup's list of what the page mentions. */
  names: Record<string, { name: string; type: ReaderEntityType }>;
  /** Folded forms the reader took over from the catalogue ("mine wins"): dropped from the catalogue's side. */
  claimed: string[];
}

export const foldForm = (s: string): string => canonText(s).trim().toLowerCase();

export function compileEntities(
  entities: readonly ReaderEntity[],
  paradigms: Readonly<Record<string, Paradigm>>,
  corpus?: MatcherSpec,
): CompiledEntities {
  const rules: AliasRule[] = [];
  const forms: [string, number][] = [];
  const names: CompiledEntities['names'] = {};
  const claimed = new Set<string>();
  const corpusOwner = new Map<string, string>();
  for (const [form, rule] of corpus?.forms ?? []) corpusOwner.set(foldForm(form), corpus!.rules[rule]!.entity);
  for (const e of entities) {
    names[e.id] = { name: e.name, type: e.type };
    for (const alias of e.aliases) {
      const index = rules.length;
      rules.push({
        entity: e.id,
        type: LAYER_OF[e.type],
        text: alias.text,
        case: alias.case,
        ...(e.near.length ? { requires: { near: e.near, window: e.window } } : {}),
        ...(e.vetoBefore.length || e.vetoAfter.length
          ? {
              veto: {
                ...(e.vetoBefore.length ? { before: e.vetoBefore } : {}),
                ...(e.vetoAfter.length ? { after: e.vetoAfter } : {}),
              },
            }
          : {}),
      });
      for (const form of aliasForms(alias.text, alias.inflect, paradigms)) {
        forms.push([form, index]);
        const owner = corpusOwner.get(foldForm(form));
        if (owner && e.overrides.includes(owner)) claimed.add(foldForm(form));
      }
    }
  }
  return { v: 1, rules, forms, names, claimed: [...claimed] };
}

/** The catalogue's spec with the reader's entities added: one automaton for both. */
export function mergeSpec(base: MatcherSpec, own: CompiledEntities | null): MatcherSpec {
  if (!own || !own.rules.length) return base;
  const claimed = new Set(own.claimed);
  const offset = base.rules.length;
  const baseForms = claimed.size ? base.forms.filter(([form]) => !claimed.has(foldForm(form))) : base.forms;
  return {
    ...base,
    rules: [...base.rules, ...own.rules],
    forms: [...baseForms, ...own.forms.map(([form, rule]): [string, number] => [form, rule + offset])],
  };
}

/** Reads the stored compiled form; anything malformed counts as none (the catalogue still marks). */
export function parseCompiled(raw: unknown): CompiledEntities | null {
  if (!raw || typeof raw !== 'object') return null;
  const c = raw as Partial<CompiledEntities>;
  if (
    c.v !== 1 ||
    !Array.isArray(c.rules) ||
    !Array.isArray(c.forms) ||
    !Array.isArray(c.claimed) ||
    typeof c.names !== 'object'
  )
    return null;
  const n = c.rules.length;
  for (const f of c.forms) {
    if (
      !Array.isArray(f) ||
      typeof f[0] !== 'string' ||
      !f[0].trim() ||
      typeof f[1] !== 'number' ||
      f[1] < 0 ||
      f[1] >= n
    )
      return null;
  }
  return c as CompiledEntities;
}
