import { adoptSheet, highlightSheet } from '../lib/page/highlight-style';
import { highlightsSupported } from '../lib/page/highlights';

/**
 * The marks' stylesheet, adopted before the page has any element (lib/page/highlight-style.ts says why:
 * adopted once the page is loaded, it costs a style recalculation of the whole page). The main content
 * script, at document_idle, finds the same sheet and prefix in the isolated world they share, and adopts
 * nothing new.
 *
 * An unlisted script that wxt.config.ts registers as a document_start content script, not a WXT content
 * script: WXT wraps those in a ContentScriptContext, which brings the browser-API polyfill (12 KB of the
 * 15.8 KB this script was) and ~3 ms of set-up to every frame of every page, for a script that calls
 * no extension API at all.
 */
export default defineUnlistedScript(() => {
  if (highlightsSupported()) adoptSheet(document, highlightSheet());
});
