/**
 * Search folding and tokenising, shared by the index (lib/clips/db.ts) and the query
 * (lib/clips/store.ts) so that both sides always fold the same way.
 */

export const MIN_TOKEN = 2;
export const MAX_TOKEN = 40;
export const MAX_TOKENS_PER_CLIP = 2_000;

/**
 * Lowercase, without diacritics: "Café" → "cafe", "Ёлка" → "елка".
 * NFKD also splits compatibility forms ("ﬁ" → "fi", full-width digits), which appear in text
 * copied from PDFs. Russian й is a letter of its own, not и with a mark: NFD would fold it to и
 * ("мой" = "мои"), so it is recomposed before marks are dropped. ё → е comes from dropping the
 * diaeresis, which is what Russian readers expect since ё is usually written е.
 */
export function foldForSearch(s: string): string {
  // NFKD and mark removal change nothing in ASCII text, and skipping them halves the cost of
  // tokenising an English clip (measured: 49 → ~20 µs for 1,000 characters), which an import of
  // 100,000 clips pays 100,000 times.
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\u0438\u0306/g, '\u0439')
    .replace(/\p{M}/gu, '');
}

const NON_ASCII = /[\u0080-\uffff]/;
const WORD = /[\p{L}\p{N}]+/gu;
/** The same as WORD on folded ASCII text (letters are lowercase by then), without Unicode property lookups. */
const ASCII_WORD = /[a-z0-9]+/g;

/**
 * Folded words of `s`, in order of first appearance, without repeats. Words shorter than
 * MIN_TOKEN are dropped (they match everything); longer than MAX_TOKEN are cut, not dropped, so a
 * query cut the same way still finds them. At most `max` tokens: pass the title first so that it is
 * never cut away.
 */
export function tokenize(s: string, max: number = MAX_TOKENS_PER_CLIP): string[] {
  const seen = new Set<string>();
  const folded = foldForSearch(s);
  for (const match of folded.matchAll(NON_ASCII.test(folded) ? WORD : ASCII_WORD)) {
    if (seen.size >= max) break;
    const word = match[0];
    if (word.length < MIN_TOKEN) continue;
    seen.add(word.length > MAX_TOKEN ? word.slice(0, MAX_TOKEN) : word);
  }
  return [...seen];
}

/** A query being typed: every word but the last is complete, the last one may be a prefix. */
export interface ParsedQuery {
  /** Words that must appear as they are. */
  complete: string[];
  /** The word being typed, matched as a prefix; null when the query has no usable last word. */
  prefix: string | null;
}

/**
 * Splits a query typed in a search box. One-letter words are ignored, complete or not: they are not
 * in the index, and a one-letter prefix would read most of the index on every keystroke.
 */
export function parseQuery(query: string): ParsedQuery {
  const words: string[] = [];
  for (const match of foldForSearch(query).matchAll(WORD)) words.push(match[0].slice(0, MAX_TOKEN));
  const last = words.pop();
  const complete = [...new Set(words.filter((w) => w.length >= MIN_TOKEN))];
  const prefix = last !== undefined && last.length >= MIN_TOKEN ? last : null;
  return { complete, prefix };
}
