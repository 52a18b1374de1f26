import { adoptSheet, highlightSheet } from '../lib/page/highlight-style';
import { highlightsSupported } from '../lib/page/highlights';

/**
 * The marks' stylesheet, adopted before the page has any element (lib/page/highlight-style.ts says why:
 * adopted once the page is loaded, it costs a style recalculation of the whole page). The main content
 * script, at document_idle, finds the same sheet and prefix in the isolated world they share, and adopts
 * nothing new.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_start',
  main() {
    if (highlightsSupported()) adoptSheet(document, highlightSheet());
  },
});
