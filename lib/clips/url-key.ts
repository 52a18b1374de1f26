/**
 * The identity of a page for "already saved?": two addresses that show the same article get the
 * same key. Tracking parameters, fragments, default ports, host case, trailing slashes and
 * parameter order do not change what a page shows; the canonical link says which of several
 * addresses the site itself considers the page (obsidian-clipper #652).
 */
import { getDomain } from 'tldts';

/** Query parameters that only say how the visitor arrived. Compared lowercased. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmkt',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'ref',
  'ref_src',
  'ref_url',
  'spm',
  'cmpid',
  's_cid',
  'ncid',
  'ocid',
  'sr_share',
  'vero_id',
  'vero_conv',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  'wickedid',
  '_ga',
  '_gl',
  'at_campaign',
  'at_medium',
  'at_source',
  'itm_source',
  'itm_medium',
  'itm_campaign',
  'cid_source',
]);
/** Families of tracking parameters: utm_source, utm_medium, utm_campaign, utm_id, utm_content... */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hmb_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * The registrable domain of a host by the public suffix list (tldts), private suffixes included, so
 * that attacker.github.io and victim.github.io are two sites, as are two blogs on one hosting suffix.
 * Hosts with no registrable domain (IP addresses, localhost) are their own site.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

function parseHttp(url: string, base?: string): URL | null {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Whether to trust a canonical link: a page's claim, so only on the same origin or the same
 * registrable domain, so that a hostile page cannot file itself under another
 * site's address and be shown the passages the reader saved there; and not the site's home page when
 * the page is not the home page, a common misconfiguration that would merge every article of a site
 * into one clip.
 */
export function usableCanonical(page: URL, canonical: URL): boolean {
  if (page.origin !== canonical.origin) {
    const domain = getDomain(page.hostname, { allowPrivateDomains: true });
    if (!domain || domain !== getDomain(canonical.hostname, { allowPrivateDomains: true })) return false;
  }
  const isRoot = (u: URL) => u.pathname === '/' && u.search === '';
  return !isRoot(canonical) || isRoot(page);
}

/**
 * The normalised key of `url`; `canonical` (resolved against `url` when relative) wins when it is on
 * the same site. Throws TypeError when `url` is not a URL.
 */
export function normaliseUrl(url: string, canonical?: string): string {
  const page = new URL(url.trim());
  const canon = canonical ? parseHttp(canonical.trim(), page.href) : null;
  const chosen =
    canon && (page.protocol === 'http:' || page.protocol === 'https:') && usableCanonical(page, canon) ? canon : page;

  const out = new URL(chosen.href); // host lowercased and default port dropped by the URL parser
  out.hash = '';
  const kept = [...out.searchParams].filter(([name]) => !isTrackingParam(name));
  // Stable sort by name: repeated parameters (?a=1&a=2) keep their relative order, which can matter.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.search = new URLSearchParams(kept).toString();
  if (out.pathname.length > 1 && out.pathname.endsWith('/')) out.pathname = out.pathname.replace(/\/+$/, '') || '/';
  return out.href;
}
