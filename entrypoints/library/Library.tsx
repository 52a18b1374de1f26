import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import ClipList from '../../components/clips/ClipList';
import ClipReader from '../../components/clips/ClipReader';
import FilterChips from '../../components/clips/FilterChips';
import ImportProgress from '../../components/clips/ImportProgress';
import Notice from '../../components/clips/Notice';
import NoticeRegion from '../../components/clips/NoticeRegion';
import {
  deleteWithUndo,
  errorMessage,
  exportCollection,
  type NoticeState,
} from '../../components/hooks/collection-actions';
import type { Clip } from '../../lib/clips/schema';
import { libraryClipUrl, parseClipSpan, type ClipSpan } from '../../lib/clips/routes';
import { bannerDismissed, dismissBanner, showStorageBanner } from '../../lib/clips/storage-banner';
import { send, type ClipGetResponse, type ClipSummary } from '../../lib/messages';
import { ClipsClient, isOpenable, requestPersistence } from '../../lib/clips/client';
import { importFromFile, type ImportRun } from './import-file';
import { useCollection } from '../../components/hooks/use-collection';

export interface LibraryProps {
  /** The extension API. */
  browser: WxtBrowser;
}

const hashParam = (name: string): string | null => new URLSearchParams(location.hash.replace(/^#/, '')).get(name);

export default function Library({ browser }: LibraryProps) {
  const client = useMemo(() => new ClipsClient(browser), [browser]);
  const col = useCollection(client, 50);
  const [selected, setSelected] = useState<Clip | null>(null);
  // The passage a card asked to read (`#clip=ID&at=START-END`), marked and scrolled to in the reading view.
  const [passage, setPassage] = useState<ClipSpan | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [dismissed, setDismissed] = useState(true);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [importing, setImporting] = useState<ImportRun | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const readingPane = useRef<HTMLElement>(null);
  const returnTo = useRef<string | null>(null);

  // For the benchmark (scripts/bench/collection.ts): the first list in the DOM, then a frame painted with it.
  const listShown = useRef(false);
  useLayoutEffect(() => {
    if (!col.loaded || listShown.current) return;
    listShown.current = true;
    performance.mark('library:list-committed');
    requestAnimationFrame(() => setTimeout(() => performance.mark('library:list-rendered')));
  }, [col.loaded]);

  const select = async (id: string | null, at: ClipSpan | null = null) => {
    if (!id) {
      setSelected(null);
      return;
    }
    try {
      const res = await client.call<ClipGetResponse>({ type: 'clips:get', id });
      setPassage(at);
      setSelected(res.clip);
      returnTo.current = id;
      const hash = libraryClipUrl('', id, at ?? undefined);
      if (location.hash !== hash) history.replaceState(null, '', hash);
      // In the narrow layout the reading view replaces the list: move focus with it.
      readingPane.current?.focus({ preventScroll: true });
    } catch (err) {
      setNotice({ tone: 'error', message: errorMessage(err) });
    }
  };

  const back = () => {
    setSelected(null);
    history.replaceState(null, '', location.pathname + location.search);
    const id = returnTo.current;
    // The list is shown again on the next frame; put focus back on the clip the reader came from.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`li.clip[data-clip-id="${CSS.escape(id ?? '')}"] .clip-title`)?.focus(),
    );
  };

  const route = () => {
    const entity = hashParam('entity');
    if (entity) col.setFilter('entity', entity);
    void select(hashParam('clip'), parseClipSpan(hashParam('at')));
  };

  useEffect(() => {
    void requestPersistence().then(setPersisted);
    void bannerDismissed(browser.storage.local).then(setDismissed);
    route();
    addEventListener('hashchange', route);
    return () => removeEventListener('hashchange', route);
  }, []);

  const open = (url: string) => {
    if (isOpenable(url)) void browser.tabs.create({ url });
  };

  async function remove(clip: ClipSummary) {
    const deleted = await deleteWithUndo(col, clip, setNotice);
    if (deleted && selected?.id === clip.id) setSelected(null);
  }

  function importFile(file: File) {
    setNotice(null);
    const run = importFromFile(file, {
      onProgress: () => setImporting({ ...run }),
      onChanged: () => {
        void client.call({ type: 'clips:refresh' }).catch(() => undefined);
        // Imported entities reach open tabs once the background compiles them again.
        void send(browser.runtime, 'entities:refresh', {}).catch(() => undefined);
        col.reload();
      },
    });
    setImporting({ ...run });
    void run.done
      .then(
        (res) => {
          setNotice({
            tone: 'success',
            message: `Imported ${file.name}: ${res.added} new clip${res.added === 1 ? '' : 's'}, ${res.merged} merged with clips you had.`,
          });
        },
        (err: unknown) => {
          const e = err as { message?: string; details?: string; name?: string };
          if (e.name === 'AbortError')
            setNotice({ tone: 'info', message: 'Import cancelled: your collection is as it was before.' });
          else
            setNotice({
              tone: 'error',
              message: e.message ?? String(err),
              ...(e.details ? { details: e.details } : {}),
            });
        },
      )
      .finally(() => setImporting(null));
  }

  const exportAs = (kind: 'json' | 'md') => exportCollection(kind, setNotice);

  const names = col.facets?.names ?? {};
  const activeFilters = Object.values(col.filters).filter(Boolean).length;
  const filtered = col.query.trim() !== '' || activeFilters > 0;
  const storageProblem = col.error && col.error.kind.startsWith('Storage') ? col.error : null;
  const banner = !storageProblem && showStorageBanner({ total: col.facets?.total ?? null, persisted, dismissed });

  return (
    <div class={`library${selected ? ' is-reading' : ''}${filtersOpen ? ' filters-open' : ''}`}>
      <header class="top">
        <h1>
          <span class="logo" aria-hidden="true">
            ◆
          </span>{' '}
          Your clips
          {col.facets && <span class="total muted">{col.facets.total}</span>}
        </h1>
        <input
          type="search"
          class="search"
          placeholder="Search titles, text, notes and tags"
          aria-label="Search your clips"
          value={col.query}
          onInput={(e) => col.setQuery(e.currentTarget.value)}
        />
        <button
          type="button"
          class="filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls="library-filters"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          Filters{activeFilters > 0 ? ` (${activeFilters})` : ''}
        </button>
        <div class="tools">
          <a href="#entities">Your entities</a>
          <button type="button" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          <button type="button" onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button type="button" disabled={importing !== null} onClick={() => fileInput.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            class="visually-hidden"
            aria-label="Import a JSON export"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) importFile(file);
            }}
          />
        </div>
      </header>
      {banner && (
        <div class="banner">
          <Notice
            tone="info"
            message="Your browser may clear this collection when disk space runs low: export it now and then to keep a backup."
            onDismiss={() => {
              setDismissed(true);
              void dismissBanner(browser.storage.local);
            }}
          />
        </div>
      )}
      <div class="panes">
        <aside class="sidebar" id="library-filters" aria-label="Filters">
          <h2>Filter</h2>
          {filtered && (
            <button
              type="button"
              class="link clear"
              onClick={() => {
                col.clearFilters();
                col.setQuery('');
              }}
            >
              Clear search and filters
            </button>
          )}
          <FilterChips facets={col.facets} filters={col.filters} onToggle={col.toggleFilter} max={25} />
        </aside>
        <section class="timeline" aria-label="Timeline of saved clips">
          {col.loaded && (
            <ClipList
              clips={col.clips}
              byDay
              names={names}
              selectedId={selected?.id}
              hasMore={col.hasMore}
              onMore={col.loadMore}
              onSelect={(c) => void select(c.id)}
              onOpen={(c) => open(c.url)}
              onSave={async (c, patch) => {
                await col.update(c.id, patch);
                if (selected?.id === c.id) void select(c.id, passage);
              }}
              onDelete={(c) => void remove(c)}
              onFilter={col.toggleFilter}
              empty={
                filtered
                  ? 'No clips match.'
                  : 'Nothing saved yet. Use the toolbar button on any page to save it, or select a passage and press Alt+Shift+S.'
              }
            />
          )}
        </section>
        <section class="reading" aria-label="Reading view" ref={readingPane} tabIndex={-1}>
          {selected ? (
            <>
              <button type="button" class="back" onClick={back}>
                <span aria-hidden="true">←</span> Back to the list
              </button>
              <ClipReader clip={selected} names={names} onOpen={open} onFilter={col.toggleFilter} passage={passage} />
            </>
          ) : (
            <p class="empty">Choose a clip to read it here.</p>
          )}
        </section>
      </div>
      <NoticeRegion>
        {importing && <ImportProgress run={importing} onCancel={() => importing.cancel()} />}
        {notice && <Notice {...notice} onDismiss={() => setNotice(null)} />}
        {storageProblem && <Notice tone="error" message={storageProblem.message} />}
      </NoticeRegion>
    </div>
  );
}
