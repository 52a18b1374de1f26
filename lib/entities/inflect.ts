/**
 * Russian inflection for the reader's aliases, with the catalogue's own paradigms: the reader types
 * "Тасмагамбетов" and the matcher also finds "Тасмагамбетова", "Тасмагамбетову". The paradigm is picked
 * from the word's ending, the way the catalogue's editors picked them by hand; Latin words, acronyms
 * and words no paradigm fits stay as written.
 */
import type { Paradigm } from '../kb/schema';
import { expandForms } from '../match/spec';

/** Ending → catalogue paradigm, longest ending first. Only for capitalised Cyrillic words (names). */
const BY_ENDING: readonly [RegExp, string][] = [
  [/(ов|ев|ёв|ин|ын)$/u, 'ru-masc-ev'],
  [/ия$/u, 'ru-fem-ia'],
  [/ий$/u, 'ru-masc-ii'],
  [/ая$/u, 'ru-adj-fem'],
  [/ый$/u, 'ru-adj-masc'],
  [/ие$/u, 'ru-neut-ie'],
  [/[жшчщ]а$/u, 'ru-fem-zha'],
  [/а$/u, 'ru-fem-a'],
  [/ь$/u, 'ru-masc-soft'],
  [/й$/u, 'ru-masc-i'],
  [/о$/u, 'ru-neut-o'],
  [/[бвгдзклмнпрстфхцжшщ]$/u, 'ru-masc-hard'],
];

/** The paradigm `auto` picks for one word, or null (Latin, lower case, acronym, no fitting ending). */
export function guessParadigm(word: string): string | null {
  if (!/^\p{Lu}[а-яё-]+$/u.test(word) || word.length < 3) return null;
  const lower = word.toLowerCase();
  for (const [re, name] of BY_ENDING) if (re.test(lower)) return name;
  return null;
}

/** At most this many forms per alias: a five-word alias must not cost the automaton thousands of patterns. */
const MAX_FORMS = 40;

/**
 * Every surface form of an alias. `inflect`: `auto`, `none`, or a paradigm name applied to the last word.
 * Unknown paradigm names are a problem for validation; here they leave the word as written.
 */
export function aliasForms(text: string, inflect: string, paradigms: Readonly<Record<string, Paradigm>>): string[] {
  if (inflect === 'none') return [text];
  const words = text.split(/\s+/u);
  const per = words.map((w, i) => {
    const name = inflect === 'auto' ? guessParadigm(w) : i === words.length - 1 ? inflect : null;
    const p = name ? paradigms[name] : undefined;
    if (!p) return [w];
    try {
      return expandForms(w, p);
    } catch {
      return [w];
    }
  });
  // Words of one name inflect together ("Ерлана Тасмагамбетова"); pages mix, so the k-th forms go together
  // first, then the rest while the cap allows.
  const out = new Set<string>([words.join(' ')]);
  const longest = Math.max(...per.map((f) => f.length));
  for (let k = 0; k < longest; k++) out.add(per.map((f) => f[Math.min(k, f.length - 1)]!).join(' '));
  let combos = [''];
  for (const [i, forms] of per.entries()) {
    combos = combos.flatMap((c) => forms.map((f) => (i === 0 ? f : `${c} ${f}`)));
    if (combos.length > MAX_FORMS * 4) break;
  }
  if (combos.every((c) => c.split(' ').length === words.length))
    for (const c of combos) if (out.size < MAX_FORMS) out.add(c);
  return [...out];
}
