/**
 * Where the scanner says how far it got. Production builds keep it in the content script's own world
 * (a page's script shares the performance timeline, so marks there would tell it that the extension
 * runs and when it scanned); the extension reads it with the `page:scan-state` message, which only the
 * extension can send. The benchmark build (WXT_BENCH=1) also sets the performance marks it times, and so
 * do the extension's own pages.
 */
import { BENCH } from './bench-marks';

export interface ScanState {
  /** A scanner of this document finished its first full pass (any scanner, as marking restarts). */
  done: boolean;
  /** Passes triggered by the page's own changes that have finished. */
  rescans: number;
}

const state: ScanState = { done: false, rescans: 0 };
// The extension's own pages (the reader page scans its document too) hold no page script to hide from,
// so their marks stay: the tests wait on them there, where no content script answers.
const OWN_PAGE = typeof location !== 'undefined' && /-extension:$/.test(location.protocol);

export function scanSignal(name: string): void {
  if (name === 'context-reader:done') state.done = true;
  else if (name === 'context-reader:rescan-done') state.rescans++;
  if (!BENCH && !OWN_PAGE) return;
  try {
    performance.mark(name);
  } catch {
    // Marks are a measuring aid only.
  }
}

export function scanState(): ScanState {
  return { ...state };
}
