import { startEarlyRead, type SessionArea } from '../lib/clips/first-page';

type Api = { storage?: { session?: SessionArea } };

/**
 * Loaded by popup.html as an async classic script, next to its modules, so that two things the first
 * render waits for start while the module chunks load:
 * - the stored first page of clips (`storage.session`, lib/clips/first-page.ts): the module read it only
 *   once it ran, 6–13 ms before its first render (.probe/popupab.ts, medians of 12–20 opens);
 * - the process's first Intl.DateTimeFormat, which costs 13–29 ms (ICU's data, measured in Chromium 156
 *   in a fresh page; the next one 0.1 ms): in a popup opened after the service worker stopped, the
 *   process is new, and the clip rows' dates needed it in the first render (12 ms of the 20 ms render
 *   in a trace).
 */
export default defineUnlistedScript(() => {
  // The extension API without the polyfill (Chromium's `chrome` answers with promises in MV3).
  const g = globalThis as { browser?: Api; chrome?: Api };
  const api = g.browser ?? g.chrome;
  startEarlyRead(api?.storage?.session, window);
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(0);
});
