/**
 * The matcher's input: the catalogue reduced to what matching needs (no facts), with paradigms expanded
 * into explicit forms. Small enough to ship inside the content script; built once per catalogue.
 */
import type { Catalogue, EntityType } from '../kb/schema';

export interface AliasRule {
  entity: string;
  type: EntityType;
  /** Canonical alias text as the catalogue writes it. */
  text: string;
  case: 'sensitive' | 'exact' | 'insensitive';
  requires?: { near?: string[]; window: number; page?: string[] };
  veto?: { before?: string[]; after?: string[] };
}

export interface MatcherSpec {
  rules: AliasRule[];
  /** [form, index into rules]: every surface form the automaton looks for. */
  forms: [string, number][];
}

/** Expands an alias into its surface forms through its paradigm (Патрушев → Патрушева, Патрушеву …). */
export function expandForms(text: string, paradigm: { strip: string; endings: string[] } | undefined): string[] {
  if (!paradigm) return [text];
  if (paradigm.strip && !text.endsWith(paradigm.strip)) {
    throw new Error(`alias "${text}" does not end with "${paradigm.strip}" required by its paradigm`);
  }
  const stem = text.slice(0, text.length - paradigm.strip.length);
  return [...new Set([text, ...paradigm.endings.map((e) => stem + e)])];
}

export function buildSpec(catalogue: Catalogue): MatcherSpec {
  const rules: AliasRule[] = [];
  const forms: [string, number][] = [];
  for (const entity of catalogue.entities) {
    for (const alias of entity.aliases) {
      const paradigm = alias.paradigm ? catalogue.paradigms[alias.paradigm] : undefined;
      if (alias.paradigm && !paradigm) {
        throw new Error(`entity "${entity.id}" alias "${alias.text}": unknown paradigm "${alias.paradigm}"`);
      }
      const index = rules.length;
      rules.push({
        entity: entity.id,
        type: entity.type,
        text: alias.text,
        case: alias.case,
        ...(alias.requires ? { requires: alias.requires } : {}),
        ...(alias.veto ? { veto: alias.veto } : {}),
      });
      for (const form of expandForms(alias.text, paradigm)) forms.push([form, index]);
    }
  }
  return { rules, forms };
}
