/**
 * mark.js baseline: `markRegExp` with the same combined pattern as the regex floor, on a fresh load of
 * the same page in the browser without the extension, timed in the page from the call to the first
 * frame painted after its `done` callback (it wraps every match in a <mark>, so the page re-lays out).
 */
import { resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { slowDown, slowed, type LoadOptions } from './marking';

export const MARKJS_PATH = resolve('node_modules/mark.js/dist/mark.min.js');

export interface MarkJsRun {
  /** Call → done callback (synchronous DOM work). */
  markMs: number;
  /** Call → first rAF + setTimeout after done. */
  paintedMs: number;
  matches: number;
}

export type MarkJsOutcome = { ok: true; run: MarkJsRun } | { ok: false; timedOutAfterMs: number };

export async function runMarkJs(
  context: BrowserContext,
  url: string,
  pattern: string,
  timeoutMs: number,
  o: LoadOptions = {},
): Promise<MarkJsOutcome> {
  const page = await context.newPage();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A CDP session only when there is something to set: the unslowed run stays as it was.
    if (slowed(o)) await slowDown(await context.newCDPSession(page), o);
    await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    await page.waitForTimeout(500);
    await page.addScriptTag({ path: MARKJS_PATH });
    const work = page.evaluate(
      (pattern) =>
        new Promise<MarkJsRun>((resolve) => {
          const re = new RegExp(pattern, 'gi');
          const t0 = performance.now();
          const M = (window as unknown as { Mark: new (el: Element) => { markRegExp(re: RegExp, o: object): void } })
            .Mark;
          new M(document.body).markRegExp(re, {
            done: (matches: number) => {
              const markMs = performance.now() - t0;
              requestAnimationFrame(() =>
                setTimeout(() => resolve({ markMs, paintedMs: performance.now() - t0, matches }), 0),
              );
            },
          });
        }),
      pattern,
    );
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const res = await Promise.race([work, timeout]);
    if (res === 'timeout') {
      work.catch(() => undefined);
      return { ok: false, timedOutAfterMs: timeoutMs };
    }
    return { ok: true, run: res };
  } finally {
    clearTimeout(timer);
    // A page stuck in mark.js's synchronous loop cannot be closed politely; the caller closes the
    // whole browser after a timeout.
    await Promise.race([page.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
  }
}
