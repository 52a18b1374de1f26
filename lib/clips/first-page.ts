/**
 * The popup's first page of clips (newest first, no query, no filter), kept by the background in
 * `storage.session` so that a popup opened after the service worker stopped paints it without waiting
 * for the worker to start and open IndexedDB (issue 10: measured with scripts/bench/restart-profile.ts,
 * the worker is started only by the popup's first message, ~100 ms into the popup's load, and then
 * needs ~140 ms: its modules, its services, the database). The popup still asks the worker and shows
 * its answer when it differs, so this is a head start, never the only source.
 *
 * Why storage.session may hold titles and notes: it is only readable by the extension's own pages and
 * workers. Chrome's default access level is TRUSTED_CONTEXTS (this extension never calls
 * setAccessLevel); Firefox keeps the area in the parent process and does not expose it to content
 * scripts at all (its storage.json schema lists `session` for privileged contexts only, and
 * setAccessLevel is not implemented: bug 1724754). It lives in memory and is gone when the browser
 * closes.
 *
 * Staleness: every write the background makes (ClipStore.onWrite) and every write it is told of
 * (clips:refresh) drops the stored page at once, and a fresh one is read from IndexedDB after a quiet
 * spell; a page read before a write is never stored after it (a generation counter).
 */
import type { ClipSummary } from '../messages';

/** The `storage.session` key of the popup's first page. */
export const FIRST_PAGE_KEY = 'clips-first-page';
/** The popup's page size; only a list request of exactly this shape is the first page. */
export const POPUP_PAGE_SIZE = 30;
/** Bumped when the stored shape changes; another shape is ignored. */
const FORMAT = 1;

/** The part of a storage area this needs (storage.session; tests pass a plain object). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

interface Stored {
  format: number;
  clips: ClipSummary[];
}

/** The stored first page, or null when there is none (never written, dropped by a write, another format). */
export async function readFirstPage(area: SessionArea | undefined): Promise<ClipSummary[] | null> {
  if (!area) return null;
  try {
    const value = (await area.get(FIRST_PAGE_KEY))[FIRST_PAGE_KEY] as Partial<Stored> | undefined;
    return value?.format === FORMAT && Array.isArray(value.clips) ? value.clips : null;
  } catch {
    return null;
  }
}

/**
 * Where popup.html's early classic script (entrypoints/popup-early.ts) leaves its read of the first
 * page for the popup's module: a property of the popup's own window, which only the extension's pages
 * can reach.
 */
const EARLY_READ = '__contextReaderFirstPage';

type EarlyWindow = { [EARLY_READ]?: Promise<ClipSummary[] | null> };

/** Starts reading the first page now, for `takeFirstPage` to pick up. */
export function startEarlyRead(area: SessionArea | undefined, win: object): void {
  (win as EarlyWindow)[EARLY_READ] = readFirstPage(area);
}

/** The early read if it was started (it is picked up once), else a read started now. */
export function takeFirstPage(area: SessionArea | undefined, win: object): Promise<ClipSummary[] | null> {
  const w = win as EarlyWindow;
  const early = w[EARLY_READ];
  w[EARLY_READ] = undefined;
  return early ?? readFirstPage(area);
}

/** Whether a list request asks for the popup's first page. */
export function isFirstPage(
  query: string,
  options: { offset?: number; limit?: number; tag?: string; entity?: string; site?: string },
): boolean {
  const filtered = options.tag !== undefined || options.entity !== undefined || options.site !== undefined;
  return !query.trim() && !filtered && (options.offset ?? 0) === 0 && options.limit === POPUP_PAGE_SIZE;
}

export interface FirstPageOptions {
  /** Quiet time after the last write before the page is read again, ms. */
  refreshDelayMs?: number;
  timers?: { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

/** The background's side: keeps the stored page equal to the collection's newest clips, or absent. */
export class FirstPageCache {
  private generation = 0;
  /** Storage calls in the order they were made, so a drop is never overtaken by an older store. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private readonly delay: number;
  private readonly timers: NonNullable<FirstPageOptions['timers']>;

  constructor(
    private readonly area: SessionArea | undefined,
    /** Reads the first page from the database. */
    private readonly read: () => Promise<ClipSummary[]>,
    options: FirstPageOptions = {},
  ) {
    this.delay = options.refreshDelayMs ?? 1_000;
    this.timers = options.timers ?? {
      set: (run, ms) => setTimeout(run, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
  }

  /** A token to pass to offer(): pages read after it are current until the next write. */
  mark(): number {
    return this.generation;
  }

  /** The collection changed: the stored page is dropped now and read again after a quiet spell. */
  invalidate(): Promise<void> {
    this.generation++;
    this.timers.clear(this.timer);
    this.timer = this.timers.set(() => void this.refresh(), this.delay);
    return this.enqueue(() => this.area!.remove(FIRST_PAGE_KEY));
  }

  /** A first page read since mark() returned `generation`: stored unless a write came in between. */
  offer(clips: ClipSummary[], generation: number): Promise<void> {
    return this.enqueue(() =>
      generation === this.generation
        ? this.area!.set({ [FIRST_PAGE_KEY]: { format: FORMAT, clips } satisfies Stored })
        : Promise.resolve(),
    );
  }

  /** Resolves when every storage call made so far has finished. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async refresh(): Promise<void> {
    const generation = this.generation;
    const clips = await this.read().catch(() => null);
    if (clips) await this.offer(clips, generation);
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    if (!this.area) return Promise.resolve();
    const next = this.queue.then(op).catch(() => undefined);
    this.queue = next;
    return next;
  }
}
