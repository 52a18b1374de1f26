/**
 * Popup and library with many stored clips. NOT MEASURED YET: the popup's clip list is being built
 * (another change). When it lands, this will:
 *   1. seed `n` clips through the extension's background (a `clips:*` message from the service worker,
 *      `ext.worker.evaluate(...)`), so the popup reads them from the extension's own IndexedDB;
 *   2. open chrome-extension://<id>/popup.html in a tab, and measure from navigation start to the first
 *      frame painted with the list rendered (target ≤ 150 ms at 10,000 clips);
 *   3. type one character into the search box and measure keydown → results painted (target ≤ 30 ms).
 */
import type { ExtensionBrowser } from '../../tests/support/browser';

export interface PopupResult {
  clips: number;
  firstRenderMs: number;
  keystrokeMs: number;
}

// TODO(issue 5): implement once the popup clip list exists; returns null until then.
export async function measurePopup(_ext: ExtensionBrowser, _n: number): Promise<PopupResult | null> {
  return null;
}
