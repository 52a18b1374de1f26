/**
 * The reader's entities against a large collection (issue 14), in real Chromium with the built extension:
 * 1. 10,000 generated clips (scripts/bench/popup.ts) seeded into the extension's IndexedDB, 200 of them
 *    given one sentence that names "Imangali Tasmagambetov" (so his card has 200 passages).
 * 2. The library's entities view tracks him from its form ("Track"), which starts the re-scan of every
 *    clip in the background. Re-scan time: the pass's own start (its generation, Date.now() when it was
 *    recorded) → the worker's storage.onChanged removing the record at its end, on the wall clock.
 *    During it, a PerformanceObserver ('longtask') in the library page records every task over 50 ms
 *    there, the page that shows the progress: the reader's window must stay responsive.
 * 3. Hover cards on a page that names him and the CSTO (tests/pages/new-name.html): hover delay elapsed →
 *    card painted (scripts/bench/cards.ts); his card reads 200 passages from the collection, the CSTO's
 *    the clips' corpus sentences.
 */
import type { CardHover } from './cards';
import { measureCards } from './cards';
import { generateClips, seed } from './popup';
import { toRecord } from '../../lib/clips/db';
import type { Clip } from '../../lib/clips/schema';
import type { ExtensionBrowser } from '../../tests/support/browser';
import { median } from './stats';

export interface EntityCollectionResult {
  clips: number;
  /** Clips given a sentence naming the tracked entity (one passage each). */
  passages: number;
  /** The re-scan of every clip, start → end. */
  rescanMs: number;
  /** Clips per second through the re-scan. */
  rescanRate: number;
  /** Durations of the library page's long tasks (> 50 ms) that overlap the re-scan. */
  libraryLongTasks: number[];
  /** All of the page's long tasks from the click on "Track" on (start on the wall clock, duration). */
  libraryTasksFromClick: { start: number; duration: number }[];
  /** How many times the library showed progress during the re-scan (it follows storage.onChanged). */
  progressUpdates: number;
  /** Passages the background counts for his card ("20 of N"): N must be `passages`. */
  ownTotal: number;
  /** The tracked entity's card (200 passages), hover delay → painted. */
  ownCards: CardHover[];
  ownCardMs: number;
  /** The catalogue's cards on the same page, with passages from the same collection. */
  corpusCards: CardHover[];
}

const NAME = 'Imangali Tasmagambetov';
const OWN = /Tasmagambetov|Тасмагамбетов/;

/** Gives every `every`th clip one paragraph naming the entity, `count` clips in all. */
function withPassages(clips: Clip[], count: number): Clip[] {
  const every = Math.floor(clips.length / count);
  return clips.map((c, i) => {
    if (i % every !== 0 || i / every >= count) return c;
    const sentence = `Imangali Tasmagambetov met officials in Astana on visit ${i / every + 1} of his tour.`;
    return {
      ...c,
      text: `${c.text}\n\n${sentence}`,
      html: `${c.html}<p>${sentence}</p>`,
      markdown: `${c.markdown}\n\n${sentence}`,
    };
  });
}

/** Resolves with Date.now() in the worker when the re-scan record is removed (its pass finished). */
function rescanEnd(ext: ExtensionBrowser): Promise<{ generation: number; end: number }> {
  return ext.worker.evaluate(
    () =>
      new Promise<{ generation: number; end: number }>((resolve) => {
        const chrome = (
          globalThis as unknown as {
            chrome: {
              storage: {
                onChanged: {
                  addListener(
                    f: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void,
                  ): void;
                };
              };
            };
          }
        ).chrome;
        let generation = 0;
        chrome.storage.onChanged.addListener((changes, area) => {
          const c = changes['entities:rescan'];
          if (area !== 'local' || !c) return;
          const next = c.newValue as { generation?: number } | undefined;
          if (next?.generation) generation = next.generation;
          else if (generation) resolve({ generation, end: Date.now() });
        });
      }),
  );
}

export async function measureEntityCollection(
  ext: ExtensionBrowser,
  pageUrl: string,
  log: (s: string) => void,
  n = 10_000,
  passages = 200,
): Promise<EntityCollectionResult> {
  const clips = withPassages(generateClips(n, ['csto', 'sco', 'patrushev', 'kanal'], 14), passages);
  await seed(ext, clips.map(toRecord), log);
  log(`entities: seeded ${n} clips, ${passages} naming ${NAME}`);

  const library = await ext.context.newPage();
  await library.setViewportSize({ width: 1280, height: 800 });
  await library.goto(`chrome-extension://${ext.extensionId}/library.html#entities`);
  const form = library.getByRole('form', { name: 'Track a new name' });
  await form.getByLabel('Name').fill(NAME);
  await form.getByLabel('Aliases').fill('Tasmagambetov\nТасмагамбетов');
  await library.evaluate(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[]; __progress: number };
    w.__longtasks = [];
    w.__progress = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (document.querySelector('.rescan progress')) w.__progress++;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const ended = rescanEnd(ext);
  await form.getByRole('button', { name: 'Track' }).click();
  const { generation, end } = await ended;
  const rescanMs = end - generation;
  // The last progress update reaches the page after the record is gone: wait for the line to go.
  await library.locator('.rescan').waitFor({ state: 'detached', timeout: 60_000 });
  const { libraryTasksFromClick, progressUpdates } = await library.evaluate(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[]; __progress: number };
    return { libraryTasksFromClick: w.__longtasks, progressUpdates: w.__progress };
  });
  // The click itself (saving, the new row) is the editor's; the re-scan is what runs after it.
  const libraryLongTasks = libraryTasksFromClick
    .filter((t) => t.start + t.duration > generation && t.start < end)
    .map((t) => t.duration);
  const ownTotal = await library.evaluate(async () => {
    const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome
      .runtime;
    const list = (await rt.sendMessage({ type: 'entities:list' })) as { entities: { id: string }[] };
    const card = (await rt.sendMessage({ type: 'kb:card', entity: list.entities[0]!.id })) as {
      fromClips?: { total: number };
    };
    return card.fromClips?.total ?? 0;
  });
  await library.close();
  if (ownTotal !== passages) log(`entities: warning: his card counts ${ownTotal} passages, not ${passages}`);
  log(
    `entities: re-scan of ${n} clips ${(rescanMs / 1000).toFixed(1)} s; library long tasks: ${libraryLongTasks.map((t) => t.toFixed(0)).join('/') || 'none'} (from the click: ${libraryTasksFromClick.map((t) => `${t.duration.toFixed(0)} ms at ${((t.start - generation) / 1000).toFixed(1)} s`).join(', ') || 'none'})`,
  );

  const hovers = await measureCards(ext.context, pageUrl, 6, ['Tasmagambetov', 'Тасмагамбетову']);
  const ownCards = hovers.filter((h) => OWN.test(h.text));
  const corpusCards = hovers.filter((h) => !OWN.test(h.text));
  log(`entities: cards ${hovers.map((h) => `${h.text} ${h.ms.toFixed(1)}`).join(', ')}`);
  return {
    clips: n,
    passages,
    rescanMs,
    rescanRate: n / (rescanMs / 1000),
    libraryLongTasks,
    libraryTasksFromClick,
    progressUpdates,
    ownTotal,
    ownCards,
    ownCardMs: median(ownCards.map((h) => h.ms)),
    corpusCards,
  };
}
