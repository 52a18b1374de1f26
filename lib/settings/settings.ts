/**
 * What the reader chose about marking: on or off everywhere, off on some sites, and entities they do not
 * want marked (everywhere, on a site, or on one page). Every storage key lives here.
 *
 * These settings name the sites and pages where the reader unmarked something, so they are kept where
 * no content script can read them (the background's IndexedDB, lib/settings/store.ts). Pages get a
 * derived summary instead (lib/settings/summary.ts).
 */
// zod/mini: the same schemas at a fraction of the size. Content scripts import the keys and the
// summary (./keys.ts, ./summary.ts), not these schemas, so no frame builds them.
import '../zod-config';
import { z } from 'zod/mini';

import { pageKey, siteKey } from './keys';

export { LEGACY_SETTINGS_KEY, SUMMARY_KEY, pageKey, siteKey } from './keys';

/** Caps on what a page's card can make the settings grow to; the oldest entries go first. */
export const MAX_SUPPRESSED = 500;
export const MAX_DISABLED_SITES = 500;

export const SuppressionScope = z.enum(['everywhere', 'site', 'page']);

export const Suppression = z.object({
  entity: z.string().check(z.maxLength(200)),
  scope: SuppressionScope,
  /** Host for 'site', origin + path for 'page', '' for 'everywhere'. */
  key: z.string().check(z.maxLength(8_192)),
});
export type Suppression = z.infer<typeof Suppression>;

export const Settings = z.object({
  enabled: z._default(z.boolean(), true),
  disabledSites: z._default(z.array(z.string().check(z.maxLength(253))), []),
  suppressed: z._default(z.array(Suppression), []),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Reads settings from a raw storage value; anything malformed falls back to the defaults. */
export function parseSettings(raw: unknown): Settings {
  const r = Settings.safeParse(raw ?? {});
  return r.success ? capSettings(r.data) : DEFAULT_SETTINGS;
}

const suppressionId = (x: Suppression) => `${x.entity}\u0000${x.scope}\u0000${x.key}`;

/**
 * De-duplicated and capped: a repeated entry keeps its newest place, and past the caps the oldest
 * entries are dropped, so a page that clicks "Not this" in a loop cannot grow the settings without bound.
 */
export function capSettings(s: Settings): Settings {
  const seen = new Map<string, Suppression>();
  for (const x of s.suppressed) {
    const id = suppressionId(x);
    seen.delete(id);
    seen.set(id, x);
  }
  const sites = [...new Set(s.disabledSites.filter((h) => h !== ''))];
  return {
    enabled: s.enabled,
    disabledSites: sites.slice(-MAX_DISABLED_SITES),
    suppressed: [...seen.values()].slice(-MAX_SUPPRESSED),
  };
}

/** Whether marking is on for a page. */
export function markingEnabled(s: Settings, url: string): boolean {
  return s.enabled && !s.disabledSites.includes(siteKey(url));
}

/** Entities not to mark on a page. */
export function suppressedOn(s: Settings, url: string): Set<string> {
  const site = siteKey(url);
  const page = pageKey(url);
  return new Set(
    s.suppressed
      .filter(
        (x) =>
          x.scope === 'everywhere' || (x.scope === 'site' && x.key === site) || (x.scope === 'page' && x.key === page),
      )
      .map((x) => x.entity),
  );
}

export function withSuppression(s: Settings, entity: string, scope: Suppression['scope'], url: string): Settings {
  const key = scope === 'site' ? siteKey(url) : scope === 'page' ? pageKey(url) : '';
  return capSettings({ ...s, suppressed: [...s.suppressed, { entity, scope, key }] });
}

export function withoutSuppression(s: Settings, target: Suppression): Settings {
  return {
    ...s,
    suppressed: s.suppressed.filter(
      (x) => !(x.entity === target.entity && x.scope === target.scope && x.key === target.key),
    ),
  };
}

export function withSite(s: Settings, host: string, enabled: boolean): Settings {
  const rest = s.disabledSites.filter((h) => h !== host);
  return capSettings({ ...s, disabledSites: enabled ? rest : [...rest, host] });
}
