import { claimLifetime } from '../lib/page/lifetime';
import { runContent } from './content/run';

/**
 * The content script: marks, cards, clips (./content/run.ts). An unlisted script that wxt.config.ts
 * registers as a document_idle content script in every frame, not a WXT content script: WXT's wrapper
 * announced each start to the page's own script, which could stop the extension with a forged event
 * (lib/page/lifetime.ts).
 */
export default defineUnlistedScript(() => {
  void runContent(claimLifetime());
});
