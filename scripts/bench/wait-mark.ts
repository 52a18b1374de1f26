/**
 * Waits for a performance mark in a page without Playwright's injected script: `waitForFunction`
 * compiles that script (~9 ms) on the page's main thread at its first call, which in a popup opened
 * after a worker restart fell between the list's commit and its frame (a trace: "Receive mojo
 * message" → InjectedScript, 9.4 ms) and delayed what it was measuring. One CDP Runtime.evaluate of a
 * small expression instead, attached before the navigation, that resolves when the mark exists.
 */
import type { CDPSession, Page } from '@playwright/test';

/** A CDP session on `page`, to open before it navigates to what is measured. */
export function markWatcher(page: Page): Promise<CDPSession> {
  return page.context().newCDPSession(page);
}

/** Resolves once `name` has been marked in the page's main world (or rejects after `timeoutMs`). */
export async function waitForMark(cdp: CDPSession, name: string, timeoutMs = 60_000): Promise<void> {
  const expression = `new Promise((resolve, reject) => {
    const name = ${JSON.stringify(name)};
    if (performance.getEntriesByName(name).length > 0) return resolve(true);
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === name)) { observer.disconnect(); resolve(true); }
    });
    observer.observe({ type: 'mark' });
    setTimeout(() => reject(new Error('no ' + name + ' mark within ${timeoutMs} ms')), ${timeoutMs});
  })`;
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
}
