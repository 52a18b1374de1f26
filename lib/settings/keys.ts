/**
 * Storage keys and the site and page keys settings are filed under: what content scripts need of the
 * settings, without the settings' schemas (lib/settings/settings.ts), which no frame has to build.
 */

/** Where settings lived in storage.local before they moved out of content scripts' reach (read once, to migrate). */
export const LEGACY_SETTINGS_KEY = 'settings';
/** storage.local: the summary content scripts read (no site or page address in it). */
export const SUMMARY_KEY = 'marking';

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
