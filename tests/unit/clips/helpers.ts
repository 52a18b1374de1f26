/** Shared test setup: a fresh fake IndexedDB per test, a fixed clock and predictable ids. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import { ClipsDB } from '../../../lib/clips/db.ts';
import type { Clip, ClipInput } from '../../../lib/clips/schema.ts';
import { ClipStore } from '../../../lib/clips/store.ts';
import { LiveIndex } from '../../../lib/clips/live-index.ts';
import type { IndexQueryOptions } from '../../../lib/clips/search-index.ts';

export function freshFactory(): { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

/** A uuid (v4 layout) that sorts by n. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export interface TestStore {
  db: ClipsDB;
  store: ClipStore;
  clock: { now: number };
}

export function makeStore(name = 'test'): TestStore {
  const db = new ClipsDB(name, freshFactory());
  const clock = { now: Date.UTC(2024, 4, 1) };
  let next = 1;
  const store = new ClipStore(db, {
    now: () => (clock.now += 1000),
    newId: () => uuid(next++),
  });
  return { db, store, clock };
}

export function pageInput(overrides: Partial<ClipInput> = {}): ClipInput {
  return {
    kind: 'page',
    url: 'https://news.example.com/world/csto-summit',
    title: 'CSTO leaders meet in Moscow',
    text: 'Leaders of the Collective Security Treaty Organization met on Friday.',
    html: '<p>Leaders of the Collective Security Treaty Organization met on Friday.</p>',
    markdown: 'Leaders of the Collective Security Treaty Organization met on Friday.',
    ...overrides,
  };
}

/** A complete clip, every optional field set, for round trips and upgrades. */
export function fullClip(n: number, overrides: Partial<Clip> = {}): Clip {
  return {
    id: uuid(n),
    kind: n % 5 === 0 ? 'selection' : 'page',
    url: `https://site${n % 7}.example.com/articles/${n}?utm_source=x`,
    urlKey: `https://site${n % 7}.example.com/articles/${n}`,
    title: `Article ${n}: Patrushev and the CSTO — «ОДКБ» №${n}`,
    byline: `Author ${n % 3}`,
    siteName: `Site ${n % 7}`,
    publishedTime: new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString(),
    lang: n % 2 ? 'en' : 'ru',
    excerpt: `Excerpt ${n} "quoted" \\ back\nslash`,
    text: `Body ${n}. Nikolai Patrushev met CSTO officials. Ёжик в тумане ${n}.\n\nSecond paragraph with café.`,
    html: `<p>Body ${n}. Nikolai <b>Patrushev</b> met CSTO officials.</p>`,
    markdown: `Body ${n}. Nikolai **Patrushev** met CSTO officials.`,
    ...(n % 5 === 0 && {
      selection: {
        exact: 'Patrushev',
        prefix: `Body ${n}. Nikolai `,
        suffix: ' met CSTO officials.',
        start: 20,
        end: 29,
      },
    }),
    entities: n % 2 ? ['csto', 'patrushev'] : ['csto'],
    note: n % 4 ? `note ${n}` : '',
    tags: n % 3 ? ['security', `t${n % 4}`] : [],
    savedAt: Date.UTC(2024, 0, 1) + n * 60_000,
    updatedAt: Date.UTC(2024, 0, 1) + n * 60_000 + 5,
    ...overrides,
  };
}

/** Search as the background answers it: the in-memory index (lib/clips/live-index.ts) built from `db`. */
export async function searchClips(db: ClipsDB, query: string, options: IndexQueryOptions = {}): Promise<Clip[]> {
  return (await new LiveIndex(db, (c) => c, { snapshotDelayMs: -1 }).search(query, options)) ?? [];
}

/** A store maker whose databases are all closed after each test of the file that calls it. */
export function storesClosedAfterEach(defaultName: string): (name?: string) => TestStore {
  const open: ClipsDB[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });
  return (name = defaultName) => {
    const t = makeStore(name);
    open.push(t.db);
    return t;
  };
}

/** Everything in the database, index fields included, in a stable order: what "unchanged" means. */
export async function dump(db: ClipsDB): Promise<string> {
  return JSON.stringify(await db.clips.orderBy('id').toArray());
}
