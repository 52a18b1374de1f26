/**
 * Finds the catalogue's entities in a text: one automaton pass for every alias, then the catalogue's
 * rules, as data, on the few candidates it yields: word boundaries, case, vetoes from neighbouring
 * words, evidence for ambiguous aliases ("Channel" only near "operation" or "anti-drug"; "CIS" on a page
 * that names its member states), and the names around a surname ("Болат Нургалиев" is someone else).
 *
 * The matcher knows nothing of the DOM: the page's text index hands it a string whose blocks are
 * separated by U+2029 and maps offsets back to nodes.
 */
import { loadAutomaton, runAutomaton, type Automaton } from './automaton';
import { BLOCK_SEPARATOR, canonText, isJsSpaceCode, isWordCode } from './chars';
import { Terms } from './terms';
import { dropFirstWord, initialBefore, isTitleCase, nameAfter, startsUpper, wordBefore } from './words';
import type { MatcherSpec } from './spec';
import { buildTrie, formAsWritten, type Trie } from './trie';

/** What the automaton runs: the trie of every surface form, and each pattern's rule (index into rules). */
export interface Patterns {
  trie: Trie;
  rule: Int32Array;
  /** The code units that fold onto the trie's letters, when stored with it (lib/match/pack.ts). */
  folds?: Uint16Array;
}

/** The spec without its forms: enough, with compiled patterns (lib/match/pack.ts), to build a matcher. */
export type MatcherRules = Omit<MatcherSpec, 'forms'>;

export function compilePatterns(forms: MatcherSpec['forms']): Patterns {
  const { trie, origin } = buildTrie(forms.map(([form]) => form));
  return { trie, rule: origin.map((o) => forms[o]![1]) };
}

export interface Mention {
  entity: string;
  /** Index of the alias rule in the spec. */
  rule: number;
  start: number;
  end: number;
}

/** An ambiguous mention with no evidence nearby, waiting for the page to name one of `page`. */
export interface Pending extends Mention {
  page: readonly string[];
}

export interface ScanResult {
  /** Mentions accepted on their own evidence, in text order. */
  mentions: Mention[];
  /** Mentions that count once the page confirms one of their entities (see `resolvePending`). */
  pending: Pending[];
}

/** Quotes and spaces stepped over when reading the word next to a mention. */
function isEdgeSkip(code: number): boolean {
  return isJsSpaceCode(code) || EDGE_QUOTES.includes(code);
}
const EDGE_QUOTES = [0x22, 0x27, 0xab, 0xbb, 0x201c, 0x201d, 0x2018, 0x2019, 0x201e];

/** What a rule's words compile to; a rule with none shares the empty record. */
interface CompiledRule {
  near?: Terms;
  vetoBefore?: Terms;
  vetoAfter?: Terms;
  /** Counts the distinct evidence terms in the scanned text. */
  words?: Terms;
  /** Folded own names (given names, patronymics) and initials' first letters of a surname rule. */
  own?: string[];
  ownInitials?: string[];
}

const NOTHING: CompiledRule = Object.freeze({});

/**
 * Case endings read through when a name next to a surname is compared with a list ("Рашида Нургалиева",
 * "Болату Нургалиеву"), and the English possessive.
 */
const NAME_ENDINGS = ['', 'а', 'я', 'у', 'ю', 'ом', 'ем', 'ым', 'им', 'е', 'ой', 'ей', 'ы', 'и', "'s"];

function isNameForm(word: string, names: readonly string[]): boolean {
  for (const n of names) {
    if (word.startsWith(n) && NAME_ENDINGS.includes(word.slice(n.length))) return true;
  }
  return false;
}

const fold = (s: string) => canonText(s).toLowerCase();

export class Matcher {
  readonly spec: MatcherRules;
  private readonly automaton: Automaton;
  private readonly compiled: CompiledRule[];
  private readonly formRule: Int32Array;
  /** Forms as written, rebuilt on a pattern's first hit (a form is the same at every hit). */
  private readonly formCache = new Map<number, string>();
  /** Folded given names of namesakes and of the catalogue's people (see `surnameFits`). */
  private readonly givenNames: string[];

  /** From a spec (its forms compiled here), or from rules and patterns compiled elsewhere and stored. */
  constructor(spec: MatcherSpec);
  constructor(spec: MatcherRules, patterns: Patterns);
  constructor(spec: MatcherSpec | MatcherRules, patterns?: Patterns) {
    this.spec = spec;
    const p = patterns ?? compilePatterns((spec as MatcherSpec).forms);
    this.automaton = loadAutomaton(p.trie, undefined, p.folds);
    this.formRule = p.rule;
    // A rule with nothing to compile shares one record: 5,000 of the reader's aliases are 0.1 MB of
    // records otherwise, in every frame.
    this.compiled = spec.rules.map((rule) => {
      if (!rule.requires && !rule.veto && !rule.person) return NOTHING;
      const c: CompiledRule = {};
      // Element-wise: a term that ends in punctuation ("Canal+") cannot use a trailing word boundary.
      if (rule.requires?.near?.length) c.near = new Terms(rule.requires.near);
      if (rule.veto?.before?.length) c.vetoBefore = new Terms(rule.veto.before);
      if (rule.veto?.after?.length) c.vetoAfter = new Terms(rule.veto.after);
      if (rule.requires?.words) c.words = new Terms(rule.requires.words.terms);
      if (rule.person) {
        c.own = rule.person.own.map(fold);
        c.ownInitials = rule.person.initials.map((i) => fold(i[0]!));
      }
      return c;
    });
    this.givenNames = (spec.givenNames ?? []).map(fold);
  }

  /** Entities whose mention through this rule needs no evidence. */
  isUnambiguous(rule: number): boolean {
    return !this.spec.rules[rule]?.requires;
  }

  /**
   * Scans text[from, to). Near-evidence is checked against the text around each mention (within its
   * block), page words (`requires.words`) against all of text[from, to); evidence from other entities on
   * the page is left to the caller, who knows the whole page.
   */
  scan(text: string, from = 0, to = text.length): ScanResult {
    const candidates: Mention[] = [];
    runAutomaton(this.automaton, text, from, to, (pattern, start, end) => {
      if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return;
      if (end < text.length && isWordCode(text.charCodeAt(end))) return;
      const ruleIndex = this.formRule[pattern]!;
      const rule = this.spec.rules[ruleIndex]!;
      const c = this.compiled[ruleIndex]!;
      if (rule.case !== 'insensitive') {
        const raw = canonText(text.slice(start, end));
        let form = this.formCache.get(pattern);
        if (form === undefined) {
          form = formAsWritten(this.automaton, pattern, raw, this.automaton.letterOf);
          if (form) this.formCache.set(pattern, form);
        }
        if (raw !== form && !(rule.case === 'sensitive' && raw === form.toUpperCase())) return;
      }
      if (c.vetoBefore?.endsText(this.wordsBefore(text, start))) return;
      if (c.vetoAfter?.startsText(this.wordsAfter(text, end))) return;
      if (c.own && !this.surnameFits(text, start, end, c)) return;
      candidates.push({ entity: rule.entity, rule: ruleIndex, start, end });
    });

    // Leftmost-longest: "SCO Regional Anti-Terrorist Structure" is one mention of RATS, not SCO + RATS.
    candidates.sort((a, b) => a.start - b.start || b.end - a.end);
    const mentions: Mention[] = [];
    const pending: Pending[] = [];
    let lastEnd = -1;
    // Page words are counted once per scan and rule, and only for rules that reach this point.
    const wordsHeld = new Map<number, boolean>();
    for (const m of candidates) {
      if (m.start < lastEnd) continue;
      lastEnd = m.end;
      const c = this.compiled[m.rule]!;
      const requires = this.spec.rules[m.rule]!.requires;
      if (!requires) mentions.push(m);
      else if (c.near && this.hasNear(text, m, requires.window, c.near)) mentions.push(m);
      else if (c.words && this.hasWords(text, from, to, m.rule, c, wordsHeld)) mentions.push(m);
      else if (requires.page?.length) pending.push({ ...m, page: requires.page });
    }
    return { mentions, pending };
  }

  /** Scans a whole self-contained text (a document, a clip): page evidence comes from the text itself. */
  scanAll(text: string): Mention[] {
    const { mentions, pending } = this.scan(text);
    const confirmed = this.confirmedEntities(mentions);
    const accepted = resolvePending(pending, confirmed);
    return accepted.length ? mergeByStart(mentions, accepted) : mentions;
  }

  /** Entities mentioned unambiguously among `mentions`: the page-level evidence for ambiguous aliases. */
  confirmedEntities(mentions: Iterable<Mention>, into = new Set<string>()): Set<string> {
    for (const m of mentions) if (this.isUnambiguous(m.rule)) into.add(m.entity);
    return into;
  }

  private hasNear(text: string, m: Mention, window: number, near: Terms): boolean {
    let left = text.slice(Math.max(0, m.start - window), m.start);
    let right = text.slice(m.end, Math.min(text.length, m.end + window));
    const l = left.lastIndexOf(BLOCK_SEPARATOR);
    if (l >= 0) left = left.slice(l + 1);
    const r = right.indexOf(BLOCK_SEPARATOR);
    if (r >= 0) right = right.slice(0, r);
    return near.in(left) || near.in(right);
  }

  private hasWords(
    text: string,
    from: number,
    to: number,
    rule: number,
    c: CompiledRule,
    cache: Map<number, boolean>,
  ): boolean {
    const known = cache.get(rule);
    if (known !== undefined) return known;
    // Straight on the raw text, not a canonical copy: a megabyte page must not be copied once per rule
    // (measured: 490 ms of a 1 MB scan went to that copy).
    const min = this.spec.rules[rule]!.requires!.words!.min;
    const held = c.words!.countIn(text, from, to, min) >= min;
    cache.set(rule, held);
    return held;
  }

  /**
   * A surname names this person unless the words around it name someone else: a different given name or
   * initial right before it ("Болат Нургалиев", "B. Nurgaliyev"), or another capitalised name right after
   * it ("Rahmon Yusuf Ahmadzoda"), except the person's own names ("Нургалиев Рашид Гумарович"), an
   * acronym, or a headline written in title case.
   */
  private surnameFits(text: string, start: number, end: number, c: CompiledRule): boolean {
    const raw = text.slice(start, end);
    if (raw.length > 1 && raw === raw.toUpperCase()) return true; // an all-caps headline
    const before = this.blockSlice(text, Math.max(0, start - 40), start, 'left');
    const initial = initialBefore(before);
    if (initial !== null) return c.ownInitials!.includes(fold(initial));
    const prev = wordBefore(before);
    if (prev !== null && startsUpper(prev)) {
      const w = fold(prev);
      if (isNameForm(w, c.own!)) return true;
      if (isNameForm(w, this.givenNames)) return false;
    }
    const next = nameAfter(this.blockSlice(text, end, Math.min(text.length, end + 40), 'right'));
    if (next) {
      const w = next.word;
      if (isNameForm(fold(w), c.own!)) return true;
      if (w.length > 1 && w === w.toUpperCase()) return true;
      const leftFrom = Math.max(0, start - 200);
      const leftRaw = text.slice(leftFrom, start);
      const cut = leftRaw.lastIndexOf(BLOCK_SEPARATOR);
      let left = cut >= 0 ? leftRaw.slice(cut + 1) : leftRaw;
      // A sentence starts with a capital whatever it is: the block's first word says nothing of headlines.
      if (cut >= 0 || leftFrom === 0) left = dropFirstWord(left);
      const after = this.blockSlice(text, end, Math.min(text.length, end + 200), 'right');
      return isTitleCase(left + ' ' + after.slice(next.length));
    }
    return true;
  }

  /** text[from, to) cut at the block separator nearest the mention. */
  private blockSlice(text: string, from: number, to: number, side: 'left' | 'right'): string {
    const s = text.slice(from, to);
    if (side === 'left') {
      const cut = s.lastIndexOf(BLOCK_SEPARATOR);
      return cut >= 0 ? s.slice(cut + 1) : s;
    }
    const cut = s.indexOf(BLOCK_SEPARATOR);
    return cut >= 0 ? s.slice(0, cut) : s;
  }

  private wordsBefore(text: string, start: number): string {
    let p = start;
    while (p > 0 && isEdgeSkip(text.charCodeAt(p - 1))) p--;
    const from = Math.max(0, p - 40);
    const s = text.slice(from, p);
    const cut = s.lastIndexOf(BLOCK_SEPARATOR);
    return canonText(cut >= 0 ? s.slice(cut + 1) : s);
  }

  private wordsAfter(text: string, end: number): string {
    let p = end;
    // Skipping quotes leaves a possessive's "s" in front, so "the CSTO's Group" is not read as a veto.
    while (p < text.length && isEdgeSkip(text.charCodeAt(p))) p++;
    const s = text.slice(p, p + 40);
    const cut = s.indexOf(BLOCK_SEPARATOR);
    return canonText(cut >= 0 ? s.slice(0, cut) : s);
  }
}

/** The pending mentions the confirmed entities now justify. */
export function resolvePending(pending: readonly Pending[], confirmed: ReadonlySet<string>): Mention[] {
  const accepted: Mention[] = [];
  for (const p of pending) {
    if (p.page.some((id) => confirmed.has(id)))
      accepted.push({ entity: p.entity, rule: p.rule, start: p.start, end: p.end });
  }
  return accepted;
}

function mergeByStart(a: Mention[], b: Mention[]): Mention[] {
  return [...a, ...b].sort((x, y) => x.start - y.start);
}
