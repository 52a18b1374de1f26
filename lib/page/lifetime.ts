/**
 * The content script's lifetime: an AbortSignal that ends when a newer copy of the script starts in the
 * same document and isolated world (what WXT's context was for: a copy injected again), and only then.
 *
 * Not WXT's ContentScriptContext, which the script ran under before: to stop older copies it posted a
 * message to the page's window and dispatched an event on its document, both typed with the extension's
 * id, and ended the running copy on any such event naming another copy. Page script receives both, and
 * can dispatch one: a page learnt the extension's id from the message and stopped the extension on
 * itself with one `CustomEvent` (tests/e2e/flows/attacker.ts). Here copies meet in a slot on the isolated
 * world's global object (the world marks-style.ts shares the sheet through), which page script cannot
 * reach: nothing goes through the page.
 */
const SLOT = Symbol.for('context-reader:content-lifetime');

type Scope = Record<symbol, unknown>;

/** Ends the copy that claimed `scope` before (if any) and returns this copy's signal. */
export function claimLifetime(scope: Scope = globalThis): AbortSignal {
  const before = scope[SLOT];
  if (before instanceof AbortController) before.abort();
  const own = new AbortController();
  scope[SLOT] = own;
  return own.signal;
}
