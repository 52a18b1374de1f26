import { browser } from 'wxt/browser';
import { afterLoad } from '../lib/page/after-load';
import { benchMark } from '../lib/page/bench-marks';
import { claimLifetime } from '../lib/page/lifetime';
import type { TabHandler } from './content/clips';
import { runContent } from './content/run';

/**
 * What the reader asks of a page from the popup. Asked before the content script has started (the popup
 * opened on a page still loading, or one whose first frame is still coming), it starts at once: the
 * popup said "cannot read this page" for an ordinary article when its question found no listener yet.
 */
const ASKED_NOW = new Set(['page:clip-state', 'page:entities']);

/**
 * The content script: marks, cards, clips (./content/run.ts). An unlisted script that wxt.config.ts
 * registers as a document_start content script in every frame, not a WXT content script: WXT's wrapper
 * announced each start to the page's own script, which could stop the extension with a forged event
 * (lib/page/lifetime.ts). It starts once the page has loaded (lib/page/after-load.ts says why it is not
 * a document_idle script), or when the popup asks about the page, whichever comes first. The extension's
 * messages are heard from the document's start (only the extension can send them).
 */
export default defineUnlistedScript(() => {
  const signal = claimLifetime();
  let running: Promise<TabHandler | undefined> | undefined;
  let answer: TabHandler | undefined;
  const run = () =>
    (running ??= runContent(signal).then((h) => {
      answer = h;
      return h;
    }));
  const now = afterLoad(
    () => {
      // The bench's line between the page's own tasks and ours: this task is our first after the load.
      benchMark('context-reader:script');
      void run();
    },
    { signal },
  );
  const listener = (raw: unknown): Promise<unknown> | undefined => {
    if (signal.aborted) return undefined;
    if (answer) return answer(raw);
    if (!ASKED_NOW.has((raw as { type?: string } | null)?.type ?? '')) return undefined;
    return bodyParsed(signal)
      .then(() => {
        now();
        return run();
      })
      .then((h) => {
        const reply = h?.(raw);
        if (!reply) throw new Error('Context Reader cannot read this page.');
        return reply;
      });
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
});

/** Resolves once the document has a body to read (at once in nearly every page the popup is opened on). */
function bodyParsed(signal: AbortSignal): Promise<void> {
  if (document.body) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => document.body && resolve();
    document.addEventListener('readystatechange', (e) => e.isTrusted && done(), { signal });
    document.addEventListener('DOMContentLoaded', (e) => e.isTrusted && done(), { signal });
  });
}
