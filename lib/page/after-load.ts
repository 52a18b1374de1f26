/**
 * When the content script starts its work. It is registered at document_start and waits here for the
 * page's load, which is when a document_idle script would have started, without being one: in Chromium
 * (156, traced) a page with any document_idle content script, even an empty one, is left after its load
 * with work that the next frame does, whoever asks for that frame. On the dense 5 MB bench page that frame
 * took 136–284 ms (a bare requestAnimationFrame from the page's own script 2.5 s after load), 28–44 ms on
 * the dense 1 MB page; with the same script at document_start, or with no extension, the same frame took
 * under 10 ms. The extension paid it at its first change to the page that asked for a frame (its
 * pointermove listener, its host element).
 *
 * Like document_idle, the wait ends at the load event, or a while after DOMContentLoaded if the load does
 * not come (an image or a frame that never finishes loading), or at once in a document already loaded.
 * Only the browser's own events count: a page can dispatch a 'load' of its own at any time.
 *
 * Then it waits for the page's next frame to end. A large page is laid out whole for the first time in
 * the frame after its load (564–1,224 ms on the 5 MB bench pages), and a document_idle script used to
 * start after that frame (its injection came before the load event there). Started right at the load,
 * the scanner's look at the screen fell back to its timer before that frame came and asked for the
 * layout itself: `elementFromPoint` took 161 ms inside our task on the 50,000-node thread. A hidden tab
 * draws no frame: it starts at once (the scanner walks such a tab without looking at the screen), and so
 * does a tab sent to the background while it waits for that frame (opening the popup as a tab did that
 * in the bench: the page waited, unmarked and deaf to the popup, until it was shown again).
 */

/** After DOMContentLoaded, how long to wait for the load before starting anyway (Chromium's idle: 200 ms). */
export const LOAD_WAIT_MS = 200;

export interface AfterLoadOptions {
  doc?: Document;
  win?: Pick<Window, 'addEventListener' | 'setTimeout' | 'clearTimeout' | 'requestAnimationFrame'>;
  signal?: AbortSignal;
}

/**
 * Calls `fn` once, in a task of its own after the page's next frame, when the document has loaded
 * (above). Returns `now`, which calls it at once instead, if it has not run: the reader asked for
 * something only the content script can answer (the popup opened on a page still loading).
 */
export function afterLoad(fn: () => void, o: AfterLoadOptions = {}): () => void {
  const doc = o.doc ?? document;
  const win = o.win ?? window;
  const listening = new AbortController();
  let timer: number | undefined;
  let started = false;
  let ran = false;
  const call = () => {
    if (ran || o.signal?.aborted) return;
    ran = true;
    listening.abort();
    if (timer !== undefined) win.clearTimeout(timer);
    fn();
  };
  const start = () => {
    if (started || ran || o.signal?.aborted) return;
    started = true;
    if (timer !== undefined) win.clearTimeout(timer);
    // Not inside the load event's task (the page's own load handlers run in it), and after the frame.
    let framed = false;
    const run = () => {
      if (framed) return;
      framed = true;
      win.setTimeout(call, 0);
    };
    if (doc.visibilityState === 'hidden') {
      run();
      return;
    }
    win.requestAnimationFrame(run);
    // A tab sent to the background before that frame draws none until it is shown again.
    doc.addEventListener('visibilitychange', (e) => e.isTrusted && doc.visibilityState === 'hidden' && run(), {
      signal: listening.signal,
    });
  };
  if (doc.readyState === 'complete') {
    start();
    return call;
  }
  const opts = { signal: listening.signal };
  win.addEventListener('load', (e) => e.isTrusted && start(), opts);
  const waitForLoad = () => {
    if (timer === undefined && !started) timer = win.setTimeout(start, LOAD_WAIT_MS);
  };
  if (doc.readyState === 'interactive') waitForLoad();
  else doc.addEventListener('DOMContentLoaded', (e) => e.isTrusted && waitForLoad(), opts);
  return call;
}
