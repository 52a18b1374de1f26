/**
 * What a page loads to mark: the catalogue's forms, and the reader's entities' when there are any,
 * compiled into one trie where the list is written (the background), stored in storage.local under its
 * own key, so that a frame reads one value and decodes typed arrays instead of parsing up to 21,000 forms
 * and building an automaton (measured: 0.4 s and 24 MB per frame with 1,000 entities; the catalogue
 * alone, 20–45 ms of the page's start-up task in every frame). The content script carries the
 * catalogue's rules without their forms (`virtual:kb-rules`). Reading storage wakes no service worker,
 * and the page never sees it: storage.local is the extension's own.
 */
import { Matcher, compilePatterns, type MatcherRules } from '../match/matcher';
import { decodePatterns, encodePatterns, type PackedPatterns } from '../match/pack';
import type { AliasRule, MatcherSpec } from '../match/spec';
import { mergeSpec, type CompiledEntities } from './compile';

/** storage.local key of the pack (extension-private storage; pages never read it). */
export const PACK_KEY = 'entities:pack';

/** The catalogue as the content script carries it: rules without forms, and the spec's fingerprint. */
export type CorpusRules = MatcherRules & { fingerprint: string };

export interface MatcherPack extends PackedPatterns {
  /**
   * 3: holds the letters' folds too (2 did not; 1 held the patterns only with entities of the
   * reader's). A pack of another version is not read: the background writes one for this build.
   */
  v: 3;
  /** Fingerprint of the catalogue spec it was built with: after an update, a stale pack is not used. */
  base: string;
  /** The reader's alias rules, after the catalogue's. */
  rules: AliasRule[];
  names: CompiledEntities['names'];
}

const fingerprints = new WeakMap<MatcherSpec, string>();

/** FNV-1a of the catalogue's forms and rule count: what the pack's pattern and rule numbers depend on. */
export function specFingerprint(spec: MatcherSpec): string {
  let fp = fingerprints.get(spec);
  if (fp !== undefined) return fp;
  const s = JSON.stringify([spec.rules.length, spec.forms]);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  fp = `${spec.rules.length}:${spec.forms.length}:${(h >>> 0).toString(36)}`;
  fingerprints.set(spec, fp);
  return fp;
}

export function packEntities(corpus: MatcherSpec, own: CompiledEntities): MatcherPack {
  const forms = own.rules.length ? mergeSpec(corpus, own).forms : corpus.forms;
  return {
    v: 3,
    base: specFingerprint(corpus),
    rules: own.rules,
    names: own.names,
    ...encodePatterns(compilePatterns(forms)),
  };
}

/** Whether a stored pack was built for the catalogue with this fingerprint (and can be read at all). */
export function packFits(raw: unknown, fingerprint: string): raw is MatcherPack {
  if (!raw || typeof raw !== 'object') return false;
  const p = raw as Partial<MatcherPack>;
  return (
    p.v === 3 &&
    p.base === fingerprint &&
    Array.isArray(p.rules) &&
    !!p.names &&
    typeof p.names === 'object' &&
    typeof p.data === 'string' &&
    Array.isArray(p.explicit)
  );
}

/**
 * Parsed JSON holds a copy of each repeated string: five aliases name one entity five times. One copy of
 * each, per frame, is 0.1 MB less for 1,000 entities.
 */
/**
 * Whether two packs would build the same matcher. A frame asks before rebuilding, since the same pack
 * can be written again (the background writes the catalogue's pack, then publishes the reader's
 * entities, none after a reset, and Firefox tells every frame of a write that changed nothing): marking
 * restarted from an empty store each time, and a keyboard command in between found no name.
 */
export function samePack(a: MatcherPack, b: MatcherPack): boolean {
  const rest = (p: MatcherPack) => JSON.stringify([p.explicit, p.rules, p.names]);
  return a.base === b.base && a.data === b.data && rest(a) === rest(b);
}

function shareStrings(rules: AliasRule[]): AliasRule[] {
  const seen = new Map<string, string>();
  const one = <T extends string>(s: T): T => {
    const known = seen.get(s);
    if (known !== undefined) return known as T;
    seen.set(s, s);
    return s;
  };
  return rules.map((r) => ({ ...r, entity: one(r.entity), type: one(r.type), case: one(r.case) }));
}

/**
 * The matcher a page runs, from a stored pack: null when the pack is missing, stale or damaged (the
 * caller then waits for the background to write one).
 */
export function unpackMatcher(
  raw: unknown,
  corpus: CorpusRules,
): { matcher: Matcher; names: CompiledEntities['names'] } | null {
  if (!packFits(raw, corpus.fingerprint)) return null;
  const { fingerprint: _fingerprint, ...rest } = corpus;
  const rules: MatcherRules = raw.rules.length
    ? { ...rest, rules: [...corpus.rules, ...shareStrings(raw.rules)] }
    : rest;
  const patterns = decodePatterns({ data: raw.data, explicit: raw.explicit }, rules.rules.length);
  return patterns ? { matcher: new Matcher(rules, patterns), names: raw.names } : null;
}

/** The catalogue's rules and fingerprint from its full spec (what `virtual:kb-rules` holds). */
export function corpusRules(spec: MatcherSpec): CorpusRules {
  const { forms: _forms, paradigms: _paradigms, ...rules } = spec;
  return { ...rules, fingerprint: specFingerprint(spec) };
}
