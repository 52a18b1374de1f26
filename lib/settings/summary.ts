/**
 * What content scripts read about marking: a summary of the settings with no site or page address in
 * it. Per-site and per-page entries are filed under a salted hash of the site or page key, so a page
 * can look up what applies to itself (it knows its own address) but cannot list the other pages where
 * the reader unmarked a name.
 *
 * Why a summary in storage.local rather than asking the background: content scripts read it without
 * waking the service worker, so a page load costs no message at all (before this, every top-frame load
 * sent one to look up saved passages); and every tab hears a change through storage.onChanged and
 * restarts only when what applies to it changed.
 *
 * The salt is readable by content scripts too: it stops enumeration and precomputed tables, not a page
 * that guesses a specific address and tests it. That is all a page could learn this way: whether the
 * reader unmarked something on an address it already knows.
 */
import { isObject, isStringArray } from '../guards';
import { pageKey, siteKey } from './keys';
import type { Settings } from './settings';

export interface MarkingSummary {
  enabled: boolean;
  salt: string;
  /** Hashes of site keys where marking is off. */
  sitesOff: string[];
  /** Entity ids unmarked everywhere. */
  everywhere: string[];
  /** Hash of a site or page key → entity ids unmarked there. */
  scoped: Record<string, string[]>;
}

/** What applies to one page. */
export interface PageMarking {
  marking: boolean;
  /** Entity ids not to mark, sorted. */
  suppressed: string[];
}

/**
 * cyrb53 (bryc, public domain): a fast 53-bit string hash. Not a cryptographic hash, and it does not
 * need to be one: the salt sits next to it (see above), and it must run synchronously in any page,
 * where crypto.subtle is missing on http: sites.
 */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const siteHash = (salt: string, site: string) => hash53(`${salt}\u0000site\u0000${site}`);
const pageHash = (salt: string, page: string) => hash53(`${salt}\u0000page\u0000${page}`);

export function summarise(s: Settings, salt: string): MarkingSummary {
  const scoped: Record<string, string[]> = {};
  const everywhere = new Set<string>();
  for (const x of s.suppressed) {
    if (x.scope === 'everywhere') {
      everywhere.add(x.entity);
      continue;
    }
    const h = x.scope === 'site' ? siteHash(salt, x.key) : pageHash(salt, x.key);
    const list = (scoped[h] ??= []);
    if (!list.includes(x.entity)) list.push(x.entity);
  }
  return {
    enabled: s.enabled,
    salt,
    sitesOff: s.disabledSites.map((h) => siteHash(salt, h)),
    everywhere: [...everywhere],
    scoped,
  };
}

/**
 * The summary in `raw`, or null for anything else. Checked by hand, not by a zod schema: every frame of
 * every page reads it at start (lib/guards.ts says why); tests/unit/protocol/guards.test.ts holds it to
 * the zod schema it replaced.
 */
export function parseSummary(raw: unknown): MarkingSummary | null {
  if (!isObject(raw) || typeof raw.enabled !== 'boolean' || typeof raw.salt !== 'string') return null;
  const { sitesOff, everywhere, scoped } = raw;
  if (!isStringArray(sitesOff) || !isStringArray(everywhere) || !isObject(scoped)) return null;
  const lists: Record<string, string[]> = {};
  for (const [key, ids] of Object.entries(scoped)) {
    if (!isStringArray(ids)) return null;
    lists[key] = [...ids];
  }
  return { enabled: raw.enabled, salt: raw.salt, sitesOff: [...sitesOff], everywhere: [...everywhere], scoped: lists };
}

/** What the summary says about `url`; with no summary yet (a fresh install), marking is on and nothing is unmarked. */
export function pageMarking(summary: MarkingSummary | null, url: string): PageMarking {
  if (!summary) return { marking: true, suppressed: [] };
  const site = siteKey(url);
  const marking = summary.enabled && !summary.sitesOff.includes(siteHash(summary.salt, site));
  const suppressed = new Set(summary.everywhere);
  for (const e of summary.scoped[siteHash(summary.salt, site)] ?? []) suppressed.add(e);
  for (const e of summary.scoped[pageHash(summary.salt, pageKey(url))] ?? []) suppressed.add(e);
  return { marking, suppressed: [...suppressed].sort() };
}

export const sameMarking = (a: PageMarking, b: PageMarking): boolean =>
  a.marking === b.marking &&
  a.suppressed.length === b.suppressed.length &&
  a.suppressed.every((e, i) => e === b.suppressed[i]);
