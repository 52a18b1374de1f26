/**
 * Waiting for the content script's marking without a signal the page can see: the test names the page
 * (or frame) through `window.name`, which the content script's world shares, then asks every tab, with
 * the extension's rights, for the state of the frame of that name (`page:scan-state`,
 * lib/page/scan-signal.ts). Both functions are serialised into the browser: self-contained.
 */
import type { ScanState } from '../../../lib/page/scan-signal';

export type { ScanState };

/**
 * Run in the page's or frame's main world: gives it a name of the tests' own once, and returns it. The
 * extension's own pages (the reader) scan without a content script and keep their performance marks,
 * so there the answer itself comes back ('done' or 'scanning'). A string, because a hostile page's traps
 * on its own built-ins (tests/pages/hostile-overrides.html) break Playwright's object serialiser.
 */
export function scanProbeInPage(): string {
  if (/-extension:$/.test(location.protocol))
    return performance.getEntriesByName('context-reader:done').length > 0 ? 'done' : 'scanning';
  if (!window.name.startsWith('cr-e2e-')) window.name = `cr-e2e-${Math.random().toString(36).slice(2)}`;
  return window.name;
}

/**
 * Run with the extension's rights (Chromium's service worker, an extension page in Firefox): the state
 * of the frame named `name`, as JSON (an object would not cross Firefox's compartments), or null when no
 * content script answers yet.
 */
export async function askScanStateInExtension(name: string): Promise<string | null> {
  interface Api {
    tabs: {
      query(q: object): Promise<{ id?: number }[]>;
      sendMessage(id: number, m: object): Promise<unknown>;
    };
  }
  const g = globalThis as unknown as { browser?: Api; chrome: Api };
  const api = g.browser ?? g.chrome;
  for (const t of await api.tabs.query({})) {
    if (t.id === undefined) continue;
    const state = await api.tabs.sendMessage(t.id, { type: 'page:scan-state', name }).catch(() => undefined);
    if (state) return JSON.stringify(state);
  }
  return null;
}

/** The scan state of a page: `probe` runs scanProbeInPage there, `ask` askScanStateInExtension with the extension's rights. */
export async function readScanState(
  probe: () => Promise<string>,
  ask: (name: string) => Promise<string | null>,
): Promise<ScanState | null> {
  const p = await probe();
  if (p === 'done' || p === 'scanning') return { done: p === 'done', rescans: 0 };
  const json = await ask(p);
  return json === null ? null : (JSON.parse(json) as ScanState);
}
