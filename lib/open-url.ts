/**
 * The one rule for which addresses the extension will open in a tab. Stored clip URLs, reader links and
 * anything a message carries pass through here, so a `javascript:`, `data:`, `file:` or another
 * extension's page is never opened, whoever asked.
 */

/** The extension's own pages that may be opened (the reader and the library), by path. */
const OWN_PAGES = new Set(['/reader.html', '/library.html']);

/**
 * The URL to open, or null when it may not be opened: http(s) addresses, and this extension's reader
 * and library pages when `extensionBase` (browser.runtime.getURL('/')) is given.
 */
export function openableUrl(url: unknown, extensionBase?: string): string | null {
  if (typeof url !== 'string' || url.length > 8_192) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  if (!extensionBase) return null;
  let own: URL;
  try {
    own = new URL(extensionBase);
  } catch {
    return null;
  }
  // Scheme and host, not URL.origin: the URL standard gives "null" as the origin of chrome-extension:
  // and moz-extension: URLs, which would make every extension's pages compare equal.
  const ours = parsed.protocol === own.protocol && parsed.host === own.host && parsed.host !== '';
  return ours && OWN_PAGES.has(parsed.pathname) ? parsed.href : null;
}

/** Whether `url` may be opened (see openableUrl). */
export const isOpenableUrl = (url: unknown, extensionBase?: string): boolean =>
  openableUrl(url, extensionBase) !== null;
