/**
 * The identity of a page for "already saved?": two addresses that show the same article get the
 * same key. Tracking parameters, fragments, default ports, host case, trailing slashes and
 * parameter order do not change what a page shows; the canonical link says which of several
 * addresses the site itself considers the page (obsidian-clipper #652).
 */

/** Query parameters that only say how the visitor arrived. Compared lowercased. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid',
  'li_fat_id', 'igshid', 'igsh', 'mc_cid', 'mc_eid', '_hsenc', '_hsmkt', '__hssc', '__hstc', '__hsfp',
  'hsctatracking', 'mkt_tok', 'ref', 'ref_src', 'ref_url', 'spm', 'cmpid', 's_cid', 'ncid', 'ocid',
  'sr_share', 'vero_id', 'vero_conv', 'oly_anon_id', 'oly_enc_id', 'rb_clickid', 'wickedid', '_ga', '_gl',
  'at_campaign', 'at_medium', 'at_source', 'itm_source', 'itm_medium', 'itm_campaign', 'cid_source',
]);
/** Families of tracking parameters: utm_source, utm_medium, utm_campaign, utm_id, utm_content... */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hmb_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * Second-level labels under which registrations happen (example.co.uk, example.com.au). Without a
 * public suffix list (no dependency for it) this covers the common cases; a miss only means a
 * canonical link on a sibling subdomain is ignored, never that one site's canonical is trusted for
 * another.
 */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'mil', 'nic']);

/** Approximate registrable domain ("news.bbc.co.uk" → "bbc.co.uk"). */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2 || /^\d+$/.test(labels.at(-1) ?? '')) return labels.join('.');
  const sld = labels.at(-2) ?? '';
  const tld = labels.at(-1) ?? '';
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-keep).join('.');
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
 * Whether to trust a canonical link: only on the same site, so a hostile or broken page cannot file
 * itself under another site's address; and not the site's home page when the page is not the home
 * page, a common misconfiguration that would merge every article of a site into one clip.
 */
function usableCanonical(page: URL, canonical: URL): boolean {
  if (siteOf(page.hostname) !== siteOf(canonical.hostname)) return false;
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
  const chosen = canon && (page.protocol === 'http:' || page.protocol === 'https:') && usableCanonical(page, canon) ? canon : page;

  const out = new URL(chosen.href); // host lowercased and default port dropped by the URL parser
  out.hash = '';
  const kept = [...out.searchParams].filter(([name]) => !isTrackingParam(name));
  // Stable sort by name: repeated parameters (?a=1&a=2) keep their relative order, which can matter.
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.search = new URLSearchParams(kept).toString();
  if (out.pathname.length > 1 && out.pathname.endsWith('/')) out.pathname = out.pathname.replace(/\/+$/, '') || '/';
  return out.href;
}
