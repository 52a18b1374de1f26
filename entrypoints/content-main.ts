import { afterLoad } from '../lib/page/after-load';
import { benchMark } from '../lib/page/bench-marks';
import { claimLifetime } from '../lib/page/lifetime';
import { runContent } from './content/run';

/**
 * The content script: marks, cards, clips (./content/run.ts). An unlisted script that wxt.config.ts
 * registers as a document_start content script in every frame, not a WXT content script: WXT's wrapper
 * announced each start to the page's own script, which could stop the extension with a forged event
 * (lib/page/lifetime.ts). It starts once the page has loaded (lib/page/after-load.ts says why it is not
 * a document_idle script).
 */
export default defineUnlistedScript(() => {
  const signal = claimLifetime();
  afterLoad(
    () => {
      // The bench's line between the page's own tasks and ours: this task is our first after the load.
      benchMark('context-reader:script');
      void runContent(signal);
    },
    { signal },
  );
});
