/**
 * The matcher's input: the catalogue reduced to what matching needs (no facts), with paradigms expanded
 * into explicit forms. Small enough to ship inside the content script; built once per catalogue.
 */
import type { Catalogue, EntityType, Paradigm } from '../kb/schema';

export interface AliasRule {
  entity: string;
  type: EntityType;
  /** Canonical alias text as the catalogue writes it. */
  text: string;
  case: 'sensitive' | 'exact' | 'insensitive';
  requires?: { near?: string[]; window: number; page?: string[]; words?: { terms: string[]; min: number } };
  veto?: { before?: string[]; after?: string[] };
  /**
   * Set on a person's one-word alias (the surname): the words that are this person's own next to it
   * (given names, patronymics) and their initials. See `Entity.person` in lib/kb/schema.ts.
   */
  person?: { own: string[]; initials: string[] };
}

export interface MatcherSpec {
  rules: AliasRule[];
  /** [form, index into rules]: every surface form the automaton looks for. */
  forms: [string, number][];
  /** Given names that, right before a surname, make it somebody else's (namesakes and the catalogue's people). */
  givenNames?: string[];
  /** The catalogue's inflection paradigms, so the reader's own aliases inflect the same way (lib/entities). */
  paradigms?: Record<string, Paradigm>;
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

/**
 * Expands a multi-word alias word by word: each word through its own paradigm (or as written), then
 * every combination, because pages mix forms the paradigms cannot foresee. With `agree` (a person's
 * given name and surname, whose paradigms list the same cases in the same order) only the k-th endings
 * go together: five forms instead of twenty-five, a smaller automaton and no impossible pairs.
 */
export function expandWords(text: string, paradigms: readonly (Paradigm | undefined)[], agree = false): string[] {
  const words = text.split(' ');
  if (words.length !== paradigms.length) {
    throw new Error(`alias "${text}" has ${words.length} words but ${paradigms.length} entries in "words"`);
  }
  if (agree) {
    const lengths = new Set(paradigms.flatMap((p) => (p ? [p.endings.length] : [])));
    if (lengths.size > 1) throw new Error(`alias "${text}": words that agree need paradigms with as many endings each`);
    words.forEach((w, i) => expandForms(w, paradigms[i])); // throws when a word does not end as its paradigm strips
    const out = [text];
    for (let k = 0; k < ([...lengths][0] ?? 0); k++) {
      out.push(
        words
          .map((w, i) => {
            const p = paradigms[i];
            return p ? w.slice(0, w.length - p.strip.length) + (p.endings[k] ?? '') : w;
          })
          .join(' '),
      );
    }
    return [...new Set(out)];
  }
  let out = [''];
  words.forEach((w, i) => {
    const forms = expandForms(w, paradigms[i]);
    out = out.flatMap((prefix) => forms.map((f) => (i === 0 ? f : `${prefix} ${f}`)));
  });
  return [...new Set([text, ...out])];
}

export function buildSpec(catalogue: Catalogue): MatcherSpec {
  const rules: AliasRule[] = [];
  const forms: [string, number][] = [];
  const paradigmOf = (entity: string, alias: string, name: string | null | undefined): Paradigm | undefined => {
    if (!name) return undefined;
    const p = catalogue.paradigms[name];
    if (!p) throw new Error(`entity "${entity}" alias "${alias}": unknown paradigm "${name}"`);
    return p;
  };
  const givenNames = new Set(catalogue.givenNames);
  for (const entity of catalogue.entities) {
    for (const g of entity.person?.given ?? []) givenNames.add(g);
    for (const alias of entity.aliases) {
      const paradigm = paradigmOf(entity.id, alias.text, alias.paradigm);
      const index = rules.length;
      const surname = entity.type === 'person' && entity.person && !alias.text.includes(' ');
      rules.push({
        entity: entity.id,
        type: entity.type,
        text: alias.text,
        case: alias.case,
        ...(alias.requires ? { requires: alias.requires } : {}),
        ...(alias.veto ? { veto: alias.veto } : {}),
        ...(surname && entity.person
          ? {
              person: { own: [...entity.person.given, ...entity.person.patronymics], initials: entity.person.initials },
            }
          : {}),
      });
      const expanded = alias.words
        ? expandWords(
            alias.text,
            alias.words.map((w) => paradigmOf(entity.id, alias.text, w)),
            alias.agree,
          )
        : expandForms(alias.text, paradigm);
      for (const form of expanded) forms.push([form, index]);
    }
  }
  return {
    rules,
    forms,
    ...(givenNames.size ? { givenNames: [...givenNames] } : {}),
    ...(Object.keys(catalogue.paradigms).length ? { paradigms: catalogue.paradigms } : {}),
  };
}
