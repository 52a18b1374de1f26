/**
 * The state of a clip list shared by the popup and the library page: query, filters, the pages
 * loaded so far, facets, and the edits. Every keystroke sends one query at once (no debounce: the
 * background answers from its in-memory index in a few milliseconds); answers that arrive after a
 * newer query was sent are dropped, so a slow early answer never replaces a later one, and each
 * request carries this page's channel and sequence number so that the background skips a request
 * a newer one superseded while it waited (lib/clips/live-index.ts).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Clip } from '../../lib/clips/schema';
import type { ListTicket } from '../../lib/clips/search-index';
import type {
  ClipDeleteResponse,
  ClipFacetsResponse,
  ClipFilters,
  ClipListResponse,
  ClipRequest,
  ClipSummary,
  ClipUpdateResponse,
} from '../../lib/messages';
import { ClipError, type ClipsClient } from '../../lib/clips/client';
import { benchMark } from '../../lib/page/bench-marks';

export interface Collection {
  query: string;
  setQuery: (q: string) => void;
  filters: ClipFilters;
  toggleFilter: (key: keyof ClipFilters, value: string) => void;
  /** Sets one filter (a route such as library.html#entity=ID). */
  setFilter: (key: keyof ClipFilters, value: string | undefined) => void;
  clearFilters: () => void;
  clips: ClipSummary[];
  /** The query whose results `clips` are (lags `query` while an answer is on its way). */
  shownQuery: string;
  /** False until the first page arrived. */
  loaded: boolean;
  hasMore: boolean;
  loadMore: () => void;
  facets: ClipFacetsResponse | null;
  /** The last storage error (full, unavailable), shown until the next successful read. */
  error: ClipError | null;
  reload: () => void;
  remove: (id: string) => Promise<Clip | null>;
  restore: (clip: Clip) => Promise<void>;
  update: (id: string, patch: { note?: string; tags?: string[] }) => Promise<void>;
}

/** A list request with its ticket, so that the background can drop it once a newer one arrived. */
function listRequest(
  query: string,
  filters: ClipFilters,
  offset: number,
  limit: number,
  ticket: ListTicket,
): ClipRequest {
  return { type: 'clips:list', query, filters, offset, limit, ...ticket };
}

const asClipError = (err: unknown): ClipError => (err instanceof ClipError ? err : new ClipError('Error', String(err)));

/** What a row shows of a summary: two lists equal in these draw the same rows. */
const shownFields = (c: ClipSummary) => [
  c.id,
  c.kind,
  c.title,
  c.url,
  c.site,
  c.snippet,
  c.note,
  c.tags,
  c.entities,
  c.savedAt,
  c.updatedAt,
];

/**
 * Whether an answer would change what is shown: one equal to the stored first page keeps the shown
 * array, so nothing is drawn again. Field by field, since the stored copy may order its keys otherwise.
 */
function sameList(a: readonly ClipSummary[], b: readonly ClipSummary[]): boolean {
  return a.length === b.length && JSON.stringify(a.map(shownFields)) === JSON.stringify(b.map(shownFields));
}

/**
 * Runs `request` after the first paint at mount (a plain effect), then in the commit of every later
 * change of `deps` (a layout effect). A keystroke's request thus goes out in the commit that shows the
 * keystroke: Preact runs plain effects after the next frame and a task, which held every keystroke's
 * list request 33 ms (median of 28 in the bench, input → request sent, on a loaded machine). The
 * mount's request stays after the first paint (the popup holds its first effects until then,
 * components/hooks/effects-after-paint.ts): it may start the worker, which would slow that render.
 */
function useRequestOnChange(request: () => void, deps: readonly unknown[]): void {
  const mounted = useRef(false);
  const latest = useRef(request);
  latest.current = request;
  useLayoutEffect(() => {
    if (mounted.current) latest.current();
  }, deps);
  useEffect(() => {
    // Preact also runs this before the component renders again, so a key typed before the first frame
    // finds `mounted` set by the time its layout effect runs.
    mounted.current = true;
    latest.current();
  }, []);
}

/**
 * `firstPage`: the first page (no query, no filter) as the background last stored it
 * (lib/clips/first-page.ts), shown from the first render; the background's answer replaces it only
 * where it differs. A popup whose worker was stopped thus does not wait for the worker to start.
 */
export function useCollection(client: ClipsClient, pageSize = 30, firstPage?: ClipSummary[] | null): Collection {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<ClipFilters>({});
  const [clips, setClips] = useState<ClipSummary[]>(firstPage ?? []);
  const [shownQuery, setShownQuery] = useState('');
  const [loaded, setLoaded] = useState(!!firstPage);
  const [hasMore, setHasMore] = useState(firstPage?.length === pageSize);
  const [facets, setFacets] = useState<ClipFacetsResponse | null>(null);
  const [error, setError] = useState<ClipError | null>(null);
  const [version, setVersion] = useState(0);
  const seq = useRef(0);
  const channel = useRef(`${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
  const paging = useRef(false);
  const current = useRef(clips);
  current.current = clips;

  // The list for the current query and filters: at once for a keystroke, after the first paint at mount.
  useRequestOnChange(() => {
    const mine = ++seq.current;
    benchMark('collection:list-sent');
    client
      .call<ClipListResponse>(listRequest(query, filters, 0, pageSize, { channel: channel.current, seq: mine }))
      .then(
        (res) => {
          benchMark('collection:list-answer');
          if (mine !== seq.current) return;
          setClips((shown) => (sameList(shown, res.clips) ? shown : res.clips));
          setShownQuery(query);
          setHasMore(res.clips.length === pageSize);
          setLoaded(true);
          setError(null);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setLoaded(true);
          setError(asClipError(err));
        },
      );
  }, [query, filters, version]);

  useEffect(() => {
    // Facets need the whole collection: asked once the first page is shown, so they never delay it.
    if (!loaded) return;
    client.call<ClipFacetsResponse>({ type: 'clips:facets' }).then(setFacets, () => undefined);
  }, [version, loaded]);

  const loadMore = useCallback(() => {
    if (paging.current || !hasMore) return;
    const mine = seq.current;
    paging.current = true;
    client
      .call<ClipListResponse>(
        listRequest(query, filters, current.current.length, pageSize, { channel: channel.current, seq: mine }),
      )
      .then(
        (res) => {
          if (mine !== seq.current) return;
          const seen = new Set(current.current.map((c) => c.id));
          setClips([...current.current, ...res.clips.filter((c) => !seen.has(c.id))]);
          setHasMore(res.clips.length === pageSize);
        },
        (err: unknown) => setError(asClipError(err)),
      )
      .finally(() => (paging.current = false));
  }, [query, filters, hasMore]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return {
    query,
    setQuery,
    filters,
    ...filterSetters(setFilters),
    clips,
    shownQuery,
    loaded,
    hasMore,
    loadMore,
    facets,
    error,
    reload,
    ...edits(client, current, setClips, setFacets, reload),
  };
}

function filterSetters(
  setFilters: (update: (f: ClipFilters) => ClipFilters) => void,
): Pick<Collection, 'toggleFilter' | 'setFilter' | 'clearFilters'> {
  return {
    toggleFilter: (key, value) => setFilters((f) => ({ ...f, [key]: f[key] === value ? undefined : value })),
    setFilter: (key, value) => setFilters((f) => (f[key] === value ? f : { ...f, [key]: value })),
    clearFilters: () => setFilters(() => ({})),
  };
}

/** Deletes, restores and edits: each updates the list in place (or reloads it) and refreshes the facets. */
function edits(
  client: ClipsClient,
  current: { current: ClipSummary[] },
  setClips: (clips: ClipSummary[]) => void,
  setFacets: (facets: ClipFacetsResponse) => void,
  reload: () => void,
): Pick<Collection, 'remove' | 'restore' | 'update'> {
  const refreshFacets = () =>
    client.call<ClipFacetsResponse>({ type: 'clips:facets' }).then(setFacets, () => undefined);
  return {
    async remove(id) {
      const res = await client.call<ClipDeleteResponse>({ type: 'clips:delete', id });
      setClips(current.current.filter((c) => c.id !== id));
      void refreshFacets();
      return res.clip;
    },
    async restore(clip) {
      await client.call({ type: 'clips:restore', clip });
      reload();
    },
    async update(id, patch) {
      const res = await client.call<ClipUpdateResponse>({ type: 'clips:update', id, ...patch });
      const updated = res.clip;
      if (updated) setClips(current.current.map((c) => (c.id === id ? updated : c)));
      void refreshFacets();
    },
  };
}
