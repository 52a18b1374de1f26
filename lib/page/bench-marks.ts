/**
 * Performance marks for the benchmark build only. A page's script reads the same performance timeline
 * as the content script (performance.getEntries), so a production build carries no marks a page could
 * use to detect the extension or time what it does. `npm run bench` builds with WXT_BENCH=1.
 */
export const BENCH = (import.meta.env as unknown as Record<string, string | undefined>).WXT_BENCH === '1';

export function benchMark(name: string): void {
  if (BENCH) performance.mark(name);
}
