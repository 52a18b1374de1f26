/**
 * Reads the newest clips in this page and asks compromise for recurring names (lib/entities/suggest.ts).
 * compromise is loaded only when the reader asks, so the library's first paint does not carry it.
 */
import spec from 'virtual:kb-spec';
import type { WxtBrowser } from 'wxt/browser';
import { ENTITIES_KEY, foldForm, mergeSpec, parseCompiled } from '../../../lib/entities/compile';
import { DISMISSED_KEY, suggest, type Suggestion } from '../../../lib/entities/suggest';
import { Matcher } from '../../../lib/match/matcher';
import { withStore } from '../../../lib/clips/export-files';

/** Clips read per search: the newest ones, where a new name shows first. */
const CLIPS = 300;

export async function dismissedNames(browser: WxtBrowser): Promise<Set<string>> {
  const raw = (await browser.storage.local.get(DISMISSED_KEY))[DISMISSED_KEY];
  return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
}

export async function dismiss(browser: WxtBrowser, name: string): Promise<void> {
  const set = await dismissedNames(browser);
  set.add(foldForm(name));
  await browser.storage.local.set({ [DISMISSED_KEY]: [...set].slice(-5_000) });
}

export async function findSuggestions(browser: WxtBrowser): Promise<Suggestion[]> {
  const [{ default: nlp }, stored, dismissed] = await Promise.all([
    import('compromise'),
    browser.storage.local.get(ENTITIES_KEY),
    dismissedNames(browser),
  ]);
  const matcher = new Matcher(mergeSpec(spec, parseCompiled(stored[ENTITIES_KEY])));
  const clips = await withStore((store) => store.db.clips.orderBy('savedAt').reverse().limit(CLIPS).toArray());
  // One clip per task: the page stays responsive while compromise reads.
  const yieldEvery = () => new Promise<void>((r) => setTimeout(r, 0));
  return suggest(
    nlp,
    clips.map((c) => ({ id: c.id, title: c.title, text: c.text })),
    matcher,
    dismissed,
    { yieldEvery },
  );
}
