/**
 * The popup with many stored clips (issue 5): first render with the list, search keystrokes, and
 * saving a 1 MB article, in real Chromium with the built extension.
 *
 * 1. Seeds `n` clips straight into the extension's IndexedDB from one of its pages (reader.html), with
 *    raw IndexedDB and the record layout of lib/clips/db.ts: records are computed here in Node with the
 *    store's own toRecord (so `words` and `site` are what the store would index) and sent in batches.
 *    Clips are varied English prose from a seeded PRNG (a Zipf-like vocabulary of ~40,000 words) mixed
 *    with sentences of the bundled corpus (CSTO, Patrushev, Kanal…), 300–1,500 words each, with tags,
 *    sites, entities, and savedAt spread over two years.
 * 2. Opens popup.html?tab=ID (a real article tab) at 380×600 and reads the popup's performance marks:
 *    navigation start → 'popup:list-rendered' (the first list on screen: the later of the end of the
 *    frame after its commit and that frame's presentation, lib/timing/painted-mark.ts), waited for
 *    without Playwright's injected script in the popup (scripts/bench/wait-mark.ts). The first open
 *    after seeding finds the background's search index cold; the later opens are the usual case and
 *    give the median.
 * 3. Types queries character by character into the search box; per keystroke, the input event's
 *    timeStamp ('popup:input' mark, detail = the query) → the 'popup:results' mark whose detail is
 *    that same query (its results committed to the DOM). Each key waits for its own results.
 * 4. Saves three different generated 1 MB articles with "Save page": click → the popup shows "saved".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { toRecord, type ClipRecord } from '../../lib/clips/db';
import type { Clip } from '../../lib/clips/schema';
import type { PaintedDetail } from '../../lib/timing/painted-mark';
import { tabIdOf } from '../../tests/e2e/clips-helpers';
import { stopServiceWorker, type ExtensionBrowser } from '../../tests/support/browser';
import { CORPUS_DIR, generateArticlePage } from '../../tests/support/generate-pages';
import { prng } from '../../tests/support/prng';
import { startServer } from '../../tests/support/server';
import { median } from './stats';
import { markWatcher, waitForMark } from './wait-mark';

export interface KeystrokeTiming {
  query: string;
  ms: number;
  /** Where it went: input → the list request sent, sent → its answer, answer → results committed. */
  parts?: { sent: number; answer: number; committed: number };
}

export interface PopupResult {
  clips: number;
  seedMs: number;
  /** Median over warm opens (the background's search index built). */
  firstRenderMs: number;
  /** The first open after seeding: the background has not read the collection yet. */
  firstRenderColdMs: number;
  firstRenders: number[];
  /** Median over every keystroke of every typed query (warm index). */
  keystrokeMs: number;
  keystrokeMaxMs: number;
  keystrokes: KeystrokeTiming[];
  /** Keystrokes typed right after the first (cold) open, while the index may still be building. */
  coldKeystrokes: KeystrokeTiming[];
  /**
   * After the service worker was stopped (CDP ServiceWorker.stopAllWorkers) once the index was
   * persisted: the popup's first open, then queries with fewer matches than a page typed at once.
   */
  restart: {
    /** Median over RESTARTS restarts, each a stopped worker and a popup opened. */
    firstRenderMs: number;
    firstRenders: number[];
    keystrokes: KeystrokeTiming[];
    index: unknown;
    /** Navigation → the worker's answer to the first list (the stored first page is shown until then). */
    answerMs: number | null;
    /** Whether that answer differed from the stored page shown before it (it replaced the rows). */
    replaced: boolean;
  } | null;
  /** Click on "Save page" → the popup shows the page as saved, 1 MB articles. */
  saveMs: number;
  saves: number[];
  /** What the background reports about its search index, when it does. */
  index: unknown;
}

// ---- Clip generation ------------------------------------------------------------------------------
const COMMON = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were ' +
  'her all she there would their we him been has when who will more no if out so said what up its about into than them can ' +
  'only other new some could time these two may then do first any my now such like our over man me even most made after ' +
  'also did many before must through back years where much your way well down should because each just those people how ' +
  'too little state good very make world still own see men work long get here between both life being under never day same ' +
  'another know while last might us great old year off come since against go came right used take three states himself ' +
  'few house use during without again place around however home small found thought went say part once general high upon ' +
  'school every does got united left number course war until always away something fact though water less public put think ' +
  'almost hand enough far took head yet government system better set told nothing night end why called eyes find going ' +
  'look asked later knew point next program city business give group toward young days let room president side social ' +
  'given present several order national possible rather second face per among form important often things looked early ' +
  'white case become large big need four within felt along children saw best ever least power development light thing ' +
  'seemed family interest want members mind country area others done turned although open problem certain kind began ' +
  'security treaty organization summit minister ministers council defence border drug trafficking agreement meeting talks ' +
  'military exercise troops officials moscow beijing astana bishkek dushanbe tashkent minsk yerevan kabul region regional'
).split(' ');
const SYLLABLES = 'ka ri to ma ne lo su pa te vi do ra mi ko se ta lu ni po be ga fe zo chi ar en ol us im'.split(' ');

function pseudoWord(i: number): string {
  let w = '';
  let x = i + 7;
  const parts = 2 + (i % 3);
  for (let k = 0; k < parts; k++) {
    w += SYLLABLES[x % SYLLABLES.length]!;
    x = Math.floor(x / SYLLABLES.length) + k * 13;
  }
  return w;
}

function makeVocabulary(size: number): string[] {
  const seen = new Set(COMMON);
  const out = [...COMMON];
  for (let i = 0; out.length < size && i < size * 4; i++) {
    const w = pseudoWord(i * 7919);
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

function corpusSentences(): string[] {
  const text = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8'))
    .join('\n');
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 30 && s.length <= 300);
}

const TAGS = [
  'security',
  'csto',
  'sco',
  'drugs',
  'kanal',
  'read later',
  'central asia',
  'russia',
  'china',
  'terrorism',
  'border',
  'analysis',
  'interview',
  'archive',
  'todo',
  'quotes',
  'economy',
  'energy',
  'afghanistan',
  'kazakhstan',
];
const SITES = Array.from({ length: 40 }, (_, i) => ({
  name: i % 4 === 0 ? '' : `News Site ${i}`,
  host: `www.news${i}.example.com`,
}));

function uuidFrom(rnd: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}

/** An article of 300–1,500 words: paragraphs of 2–6 sentences, about one in eight from the corpus. */
function articleParagraphs(rnd: () => number, sentences: readonly string[], proseSentence: () => string): string[] {
  const target = 300 + Math.floor(rnd() * 1_200);
  const paragraphs: string[] = [];
  let words = 0;
  while (words < target) {
    const parts: string[] = [];
    const k = 2 + Math.floor(rnd() * 5);
    for (let j = 0; j < k; j++)
      parts.push(rnd() < 0.12 ? sentences[Math.floor(rnd() * sentences.length)]! : proseSentence());
    const p = parts.join(' ');
    words += p.split(' ').length;
    paragraphs.push(p);
  }
  return paragraphs;
}

export function generateClips(n: number, entityIds: readonly string[], seed = 42): Clip[] {
  const rnd = prng(seed);
  const vocab = makeVocabulary(40_000);
  const sentences = corpusSentences();
  const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(rnd() * Math.log(vocab.length + 1))) - 1)]!;
  const proseSentence = () => {
    const len = 6 + Math.floor(rnd() * 16);
    const ws = Array.from({ length: len }, word);
    ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1);
    return `${ws.join(' ')}.`;
  };
  const now = Date.UTC(2025, 5, 1);
  const span = 2 * 365 * 86_400_000;
  const times = Array.from({ length: n }, () => now - Math.floor(rnd() * span)).sort((a, b) => a - b);
  const clips: Clip[] = [];
  for (let i = 0; i < n; i++) {
    const paragraphs = articleParagraphs(rnd, sentences, proseSentence);
    const text = paragraphs.join('\n\n');
    const site = SITES[Math.floor(rnd() * SITES.length)]!;
    const title = proseSentence().replace(/\.$/, '');
    const slug = `${i}-${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 40)}`;
    const url = `https://${site.host}/articles/${slug}`;
    const kind = rnd() < 0.15 ? 'selection' : 'page';
    const tags = [
      ...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => TAGS[Math.floor(rnd() * TAGS.length)]!)),
    ];
    const entities = [
      ...new Set(
        Array.from(
          { length: Math.floor(rnd() * 5) },
          () => entityIds[Math.floor(Math.pow(rnd(), 2) * entityIds.length)]!,
        ),
      ),
    ];
    const body = kind === 'selection' ? paragraphs[0]! : text;
    clips.push({
      id: uuidFrom(rnd),
      kind,
      url,
      urlKey: url.replace('://www.', '://'),
      title,
      ...(site.name ? { siteName: site.name } : {}),
      ...(rnd() < 0.6 ? { byline: `Reporter ${Math.floor(rnd() * 200)}` } : {}),
      excerpt: paragraphs[0]!.slice(0, 200),
      lang: 'en',
      text: body,
      html: body
        .split('\n\n')
        .map((p) => `<p>${p}</p>`)
        .join(''),
      markdown: body,
      ...(kind === 'selection'
        ? {
            selection: {
              exact: body.slice(0, 1000),
              prefix: '',
              suffix: '',
              start: 0,
              end: Math.min(1000, body.length),
            },
          }
        : {}),
      entities,
      note: rnd() < 0.1 ? `note ${proseSentence()}` : '',
      tags,
      savedAt: times[i]!,
      updatedAt: times[i]!,
    });
  }
  return clips;
}

// ---- Seeding --------------------------------------------------------------------------------------
export async function seed(ext: ExtensionBrowser, records: ClipRecord[], log: (s: string) => void): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/reader.html`);
  // Let the background's Dexie create the database (any message that opens it and does not list).
  await page.evaluate(() =>
    (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }
    ).chrome.runtime.sendMessage({
      type: 'clips:status',
      url: 'https://example.com/',
    }),
  );
  await page.evaluate(async () => {
    const w = window as unknown as { __seedDb: IDBDatabase };
    w.__seedDb = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('context-reader');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
    });
    // A persisted search index would describe other clips: dropped with them.
    const stores = ['clips', 'snapshots'].filter((name) => w.__seedDb.objectStoreNames.contains(name));
    const tx = w.__seedDb.transaction(stores, 'readwrite');
    for (const name of stores) tx.objectStore(name).clear();
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
    });
  });
  const started = performance.now();
  for (let i = 0; i < records.length; i += 500) {
    // One JSON string per batch: much cheaper to pass than the objects themselves.
    await page.evaluate(
      async (json) => {
        const db = (window as unknown as { __seedDb: IDBDatabase }).__seedDb;
        const tx = db.transaction('clips', 'readwrite');
        const store = tx.objectStore('clips');
        for (const r of JSON.parse(json) as object[]) store.put(r);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
        });
      },
      JSON.stringify(records.slice(i, i + 500)),
    );
    if ((i / 500) % 4 === 3)
      log(`popup: seeded ${i + 500} clips (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const count = await page.evaluate(async () => {
    const db = (window as unknown as { __seedDb: IDBDatabase }).__seedDb;
    const n = await new Promise<number>((resolve) => {
      const r = db.transaction('clips').objectStore('clips').count();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return n;
  });
  if (count !== records.length) throw new Error(`seeded ${count} clips, expected ${records.length}`);
  await page.close();
}

// ---- Measuring ------------------------------------------------------------------------------------
/**
 * Opens the popup and reads its first list's mark: the later of the frame's end and the list's
 * presentation (lib/timing/painted-mark.ts; `detail` has both).
 */
async function openPopup(
  ext: ExtensionBrowser,
  tabId: number,
): Promise<{ page: Page; firstRenderMs: number; detail: PaintedDetail | null }> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  const marks = await markWatcher(page);
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await waitForMark(marks, 'popup:list-rendered');
  await marks.detach();
  const { firstRenderMs, detail } = await page.evaluate(() => {
    if (!document.querySelector('.collection li.clip')) throw new Error('the first list rendered without clips');
    const mark = performance.getEntriesByName('popup:list-rendered')[0] as PerformanceMark;
    return { firstRenderMs: mark.startTime, detail: mark.detail as PaintedDetail | null };
  });
  return { page, firstRenderMs, detail };
}

/** Types `text` one key at a time, each key waiting for its own results; returns input → results per key. */
async function typeQuery(page: Page, text: string): Promise<KeystrokeTiming[]> {
  const box = page.getByRole('searchbox', { name: 'Search your clips' });
  await box.fill('');
  await page.waitForFunction(
    () => {
      const marks = performance.getEntriesByName('popup:results') as PerformanceMark[];
      return marks.length === 0 || marks.at(-1)!.detail === '';
    },
    null,
    { timeout: 60_000 },
  );
  await box.focus();
  const out: KeystrokeTiming[] = [];
  let typed = '';
  for (const ch of text) {
    typed += ch;
    await page.evaluate(() => performance.clearMarks());
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    await page.waitForFunction(
      (q) => (performance.getEntriesByName('popup:results') as PerformanceMark[]).some((m) => m.detail === q),
      typed,
      {
        timeout: 120_000,
        polling: 'raf',
      },
    );
    const timing = await page.evaluate((q) => {
      const input = (performance.getEntriesByName('popup:input') as PerformanceMark[]).find((m) => m.detail === q);
      const done = (performance.getEntriesByName('popup:results') as PerformanceMark[]).find((m) => m.detail === q);
      if (!input || !done) return { ms: NaN };
      // The last request sent before the results, and its answer (bench builds mark both).
      const at = (name: string) =>
        performance
          .getEntriesByName(name)
          .map((e) => e.startTime)
          .filter((t) => t >= input.startTime && t <= done.startTime)
          .at(-1);
      const sent = at('collection:list-sent');
      const answer = at('collection:list-answer');
      const parts =
        sent !== undefined && answer !== undefined && answer >= sent
          ? { sent: sent - input.startTime, answer: answer - sent, committed: done.startTime - answer }
          : undefined;
      return { ms: done.startTime - input.startTime, ...(parts ? { parts } : {}) };
    }, typed);
    out.push({ query: typed, ...timing });
    await page.waitForTimeout(60); // a fast typist's pace: the next key after the answer
  }
  return out;
}

const QUERIES = ['patru', 'csto', 'kanal', 'qzxvjw', 'the se', 'ma'];

export async function measurePopup(
  ext: ExtensionBrowser,
  n: number,
  log: (s: string) => void = () => undefined,
): Promise<PopupResult | null> {
  const server = await startServer();
  try {
    const { loadData } = await import('../../lib/kb/load');
    const { defaultDataDir } = await import('../../lib/kb/vite-plugin');
    const entityIds = loadData(defaultDataDir()).catalogue.entities.map((e: { id: string }) => e.id);
    let t0 = performance.now();
    const records = generateClips(n, entityIds).map(toRecord);
    const mb = records.reduce((s, r) => s + r.text.length + r.html.length + r.markdown.length, 0) / 1e6;
    log(
      `popup: ${n} clips generated (${mb.toFixed(0)} M chars of text/html/markdown) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    t0 = performance.now();
    await seed(ext, records, log);
    const seedMs = performance.now() - t0;
    log(`popup: seeded in ${(seedMs / 1000).toFixed(1)} s`);

    const article = await ext.context.newPage();
    const articleUrl = server.url('/news-article.html');
    await article.goto(articleUrl);
    const tabId = await retry(() => tabIdOf(ext, articleUrl));

    // First open after seeding: the background has not read the collection yet.
    const cold = await openPopup(ext, tabId);
    log(`popup: first open (cold) ${cold.firstRenderMs.toFixed(1)} ms`);
    const coldKeystrokes = await typeQuery(cold.page, 'patru');
    log(`popup: cold keystrokes ${coldKeystrokes.map((k) => `${k.query} ${k.ms.toFixed(1)}`).join(', ')}`);
    await cold.page.close();
    // The warm opens and keystrokes measure the usual case: the background's index built and persisted.
    // It was a fixed 3 s wait, and on this machine the build from 10,000 records takes 15 s: every warm
    // open and the first queries ran beside it (first lists 228–276 ms, the first keys 66–394 ms).
    t0 = performance.now();
    const settled = await waitFor(async () => {
      const stats = await indexStats(ext.worker).catch(() => null);
      return stats === null ? null : stats.state === 'ready' && (stats.snapshotsWritten ?? 0) > 0;
    });
    log(
      `popup: index ${settled ? 'built and persisted' : 'not persisted within 60 s'} ${((performance.now() - t0) / 1000).toFixed(1)} s after the cold popup closed`,
    );

    const { firstRenders, keystrokes } = await measureWarm(ext, tabId, log);

    const index = await ext.worker
      .evaluate(() => (globalThis as unknown as { __clipIndexStats?: unknown }).__clipIndexStats ?? null)
      .catch(() => null);
    if (index) log(`popup: search index ${JSON.stringify(index)}`);

    const restart = await measureRestart(ext, tabId, log);

    const saves = await measureSaves(ext, server);
    log(`popup: save 1 MB article ${saves.map((x) => x.toFixed(0)).join(', ')} ms`);
    await article.close();

    const all = keystrokes.map((k) => k.ms);
    return {
      clips: n,
      seedMs,
      firstRenderMs: median(firstRenders),
      firstRenderColdMs: cold.firstRenderMs,
      firstRenders,
      keystrokeMs: median(all),
      keystrokeMaxMs: Math.max(...all.filter(Number.isFinite)),
      keystrokes,
      coldKeystrokes,
      restart,
      saveMs: median(saves),
      saves,
      index,
    };
  } finally {
    await server.close();
  }
}

/** Seven popup opens with the index built, then the queries typed in an eighth. */
async function measureWarm(
  ext: ExtensionBrowser,
  tabId: number,
  log: (s: string) => void,
): Promise<{ firstRenders: number[]; keystrokes: KeystrokeTiming[] }> {
  const firstRenders: number[] = [];
  for (let i = 0; i < 7; i++) {
    const { page, firstRenderMs } = await openPopup(ext, tabId);
    firstRenders.push(firstRenderMs);
    await page.close();
  }
  log(`popup: first render ${firstRenders.map((x) => x.toFixed(1)).join(', ')} ms`);

  const { page } = await openPopup(ext, tabId);
  const keystrokes: KeystrokeTiming[] = [];
  for (const q of QUERIES) {
    const ks = await typeQuery(page, q);
    keystrokes.push(...ks);
    log(`popup: "${q}": ${ks.map((k) => `${k.query} ${k.ms.toFixed(1)}`).join(', ')}`);
  }
  await page.close();
  const part = (k: 'sent' | 'answer' | 'committed') =>
    median(keystrokes.flatMap((x) => (x.parts ? [x.parts[k]] : []))).toFixed(1);
  log(
    `popup: keystrokes, medians: input → request sent ${part('sent')} ms, → answer ${part('answer')}, → committed ${part('committed')}`,
  );

  return { firstRenders, keystrokes };
}

const indexStats = (worker: Worker) =>
  worker.evaluate<{ state?: string; snapshotsWritten?: number } | null>(
    () =>
      (globalThis as unknown as { __clipIndexStats?: { state?: string; snapshotsWritten?: number } })
        .__clipIndexStats ?? null,
  );

/** Worker restarts, each followed by a popup's first list. */
const RESTARTS = 3;

/** Queries with fewer matches than a page: before the index was persisted, these waited for the whole rebuild. */
const RARE_QUERIES = ['qzxvjw', 'patrushev kanal'];

/**
 * Stops the service worker once it has persisted the search index, then opens the popup (which starts
 * a new worker) and types queries at once: the first keystrokes after a restart.
 */
async function measureRestart(
  ext: ExtensionBrowser,
  tabId: number,
  log: (s: string) => void,
): Promise<PopupResult['restart']> {
  const worker = ext.context.serviceWorkers().find((w) => w.url().includes(ext.extensionId));
  if (!worker) return null;
  const persisted = await waitFor(async () => {
    const stats = await indexStats(worker).catch(() => null);
    return stats === null ? null : (stats.snapshotsWritten ?? 0) > 0;
  });
  if (!persisted) {
    log('popup: the search index was never persisted (no snapshot written); restart not measured');
    return null;
  }
  // The first list after a restart, RESTARTS times (one sample was too noisy to judge a 150 ms budget
  // by); the last popup also types.
  const firstRenders: number[] = [];
  let opened: Awaited<ReturnType<typeof openPopup>> | undefined;
  for (let i = 0; i < RESTARTS; i++) {
    if (opened) await opened.page.close();
    try {
      await stopServiceWorker(ext);
    } catch (err) {
      log(`popup: ${String(err)}; restart not measured`);
      return null;
    }
    // Playwright does not report the worker Chromium starts again, so its stats are not read here.
    opened = await openPopup(ext, tabId);
    firstRenders.push(opened.firstRenderMs);
    log(
      `popup: after a worker restart: first list ${opened.firstRenderMs.toFixed(1)} ms (frame done ${opened.detail?.frameDone.toFixed(1) ?? '?'}, presented ${opened.detail?.presented?.toFixed(1) ?? '?'})`,
    );
  }
  const popup = opened!.page;
  const firstRenderMs = median(firstRenders);
  // Kept by an observer, since typeQuery clears the marks: when the worker answered the first list, and
  // whether anything was drawn again before the first key (the answer replacing the stored page).
  await popup.evaluate(() => {
    const w = window as unknown as { __firstAnswer: { answer: number | null; results: number[]; input: number[] } };
    w.__firstAnswer = { answer: null, results: [], input: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === 'collection:list-answer') w.__firstAnswer.answer ??= e.startTime;
        if (e.name === 'popup:results') w.__firstAnswer.results.push(e.startTime);
        if (e.name === 'popup:input') w.__firstAnswer.input.push(e.startTime);
      }
    }).observe({ type: 'mark', buffered: true });
  });
  const keystrokes: KeystrokeTiming[] = [];
  for (const q of RARE_QUERIES) keystrokes.push(...(await typeQuery(popup, q)));
  const first = await popup.evaluate(
    () =>
      (window as unknown as { __firstAnswer: { answer: number | null; results: number[]; input: number[] } })
        .__firstAnswer,
  );
  await popup.close();
  const firstKey = Math.min(...first.input);
  const replaced = first.results.some((t) => t < firstKey);
  log(
    `popup: after a worker restart: first list median ${firstRenderMs.toFixed(1)} ms of ${RESTARTS}; the worker's answer ${first.answer?.toFixed(1) ?? '(none before the first key)'} ms${replaced ? ', rows drawn again' : ', same rows'}; keystrokes ${keystrokes.map((k) => `${k.query} ${k.ms.toFixed(1)}`).join(', ')}`,
  );
  return { firstRenderMs, firstRenders, keystrokes, index: null, answerMs: first.answer, replaced };
}

/** Polls `check` (4 times a second, up to 60 s) until it answers true; false if it never does. */
async function waitFor(check: () => Promise<boolean | null>): Promise<boolean> {
  for (let i = 0; i < 240; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Three saves of a 1 MB article from the popup, click to "saved", in ms. */
async function measureSaves(ext: ExtensionBrowser, server: Awaited<ReturnType<typeof startServer>>): Promise<number[]> {
  const saves: number[] = [];
  for (let i = 0; i < 3; i++) {
    const path = `/bench/save-${i}.html`;
    server.route(path, { body: generateArticlePage({ textChars: 1_000_000, seed: 100 + i }) });
    const tab = await ext.context.newPage();
    await tab.goto(server.url(path));
    const id = await retry(() => tabIdOf(ext, server.url(path)));
    const { page: popup } = await openPopup(ext, id);
    await popup.waitForSelector('[data-status="unsaved"]', { timeout: 60_000 });
    const start = performance.now();
    await popup.getByRole('button', { name: 'Save page' }).click();
    await popup.waitForSelector('[data-status="saved"]', { timeout: 60_000 });
    saves.push(performance.now() - start);
    await popup.close();
    await tab.close();
  }
  return saves;
}

async function retry<T>(f: () => Promise<T>, tries = 40): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
