/**
 * What the reader chose about marking: on or off everywhere, off on some sites, and entities they do not
 * want marked (everywhere, on a site, or on one page). Every storage key lives here. Kept in
 * storage.local so that every open tab hears a change at once through storage.onChanged.
 */
// zod/mini: the same schemas at a fraction of the size, since this module ships in every page.
import { z } from 'zod/mini';

export const SETTINGS_KEY = 'settings';

export const Suppression = z.object({
  entity: z.string(),
  scope: z.enum(['everywhere', 'site', 'page']),
  /** Host for 'site', origin + path for 'page', '' for 'everywhere'. */
  key: z.string(),
});
export type Suppression = z.infer<typeof Suppression>;

export const Settings = z.object({
  enabled: z._default(z.boolean(), true),
  disabledSites: z._default(z.array(z.string()), []),
  suppressed: z._default(z.array(Suppression), []),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Reads settings from a raw storage value; anything malformed falls back to the defaults. */
export function parseSettings(raw: unknown): Settings {
  const r = Settings.safeParse(raw ?? {});
  return r.success ? r.data : DEFAULT_SETTINGS;
}

export function siteKey(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return url;
  }
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
      .filter((x) => x.scope === 'everywhere' || (x.scope === 'site' && x.key === site) || (x.scope === 'page' && x.key === page))
      .map((x) => x.entity),
  );
}

export function withSuppression(s: Settings, entity: string, scope: Suppression['scope'], url: string): Settings {
  const key = scope === 'site' ? siteKey(url) : scope === 'page' ? pageKey(url) : '';
  const rest = s.suppressed.filter((x) => !(x.entity === entity && x.scope === scope && x.key === key));
  return { ...s, suppressed: [...rest, { entity, scope, key }] };
}

export function withoutSuppression(s: Settings, target: Suppression): Settings {
  return { ...s, suppressed: s.suppressed.filter((x) => !(x.entity === target.entity && x.scope === target.scope && x.key === target.key)) };
}

export function withSite(s: Settings, host: string, enabled: boolean): Settings {
  const rest = s.disabledSites.filter((h) => h !== host);
  return { ...s, disabledSites: enabled ? rest : [...rest, host] };
}
