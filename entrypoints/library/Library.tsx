import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import ClipList from '../../components/clips/ClipList';
import ClipReader from '../../components/clips/ClipReader';
import FilterChips from '../../components/clips/FilterChips';
import Notice from '../../components/clips/Notice';
import { deleteWithUndo, errorMessage, exportCollection, type NoticeState } from './collection-actions';
import type { Clip } from '../../lib/clips/schema';
import type { ClipGetResponse, ClipImportResponse, ClipSummary } from '../../lib/messages';
import { ClipsClient, isOpenable, requestPersistence } from './client';
import { useCollection } from './use-collection';

export interface LibraryProps {
  /** The extension API. */
  browser: WxtBrowser;
}


const hashClip = (): string | null => new URLSearchParams(location.hash.replace(/^#/, '')).get('clip');

export default function Library({ browser }: LibraryProps) {
  const client = useMemo(() => new ClipsClient(browser), [browser]);
  const col = useCollection(client, 50);
  const [selected, setSelected] = useState<Clip | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const select = async (id: string | null) => {
    if (!id) return setSelected(null);
    try {
      const res = await client.call<ClipGetResponse>({ type: 'clips:get', id });
      setSelected(res.clip);
      if (hashClip() !== id) history.replaceState(null, '', `#clip=${encodeURIComponent(id)}`);
    } catch (err) {
      setNotice({ tone: 'error', message: errorMessage(err) });
    }
  };

  useEffect(() => {
    void requestPersistence().then(setPersisted);
    void select(hashClip());
    const onHash = () => void select(hashClip());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const open = (url: string) => {
    if (isOpenable(url)) void browser.tabs.create({ url });
  };

  async function remove(clip: ClipSummary) {
    const deleted = await deleteWithUndo(col, clip, setNotice);
    if (deleted && selected?.id === clip.id) setSelected(null);
  }

  async function importFile(file: File) {
    try {
      const res = await client.call<ClipImportResponse>({ type: 'clips:import', text: await file.text() });
      setNotice({
        tone: 'success',
        message: `Imported ${file.name}: ${res.added} new clip${res.added === 1 ? '' : 's'}, ${res.merged} merged with clips you had.`,
      });
      col.reload();
    } catch (err) {
      setNotice({ tone: 'error', message: `Import refused: ${errorMessage(err)} Nothing in your collection was changed.` });
    }
  }

  const exportAs = (kind: 'json' | 'md') => exportCollection(kind, setNotice);

  const names = col.facets?.names ?? {};
  const filtered = col.query.trim() !== '' || Object.values(col.filters).some(Boolean);
  const storageProblem = col.error && col.error.kind.startsWith('Storage') ? col.error : null;

  return (
    <div class="library">
      <header class="top">
        <h1>
          <span class="logo" aria-hidden="true">◆</span> Your clips
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
        <div class="tools">
          <button type="button" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          <button type="button" onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
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
              if (file) void importFile(file);
            }}
          />
        </div>
      </header>
      {(notice || storageProblem || persisted === false) && (
        <div class="notices">
          {notice && <Notice {...notice} onDismiss={() => setNotice(null)} />}
          {storageProblem && <Notice tone="error" message={storageProblem.message} />}
          {persisted === false && !storageProblem && (
            <Notice tone="info" message="Your browser may clear this collection when disk space runs low: export it now and then to keep a backup." onDismiss={() => setPersisted(null)} />
          )}
        </div>
      )}
      <div class="panes">
        <aside class="sidebar" aria-label="Filters">
          <h2>Filter</h2>
          {filtered && (
            <button type="button" class="link clear" onClick={() => { col.clearFilters(); col.setQuery(''); }}>
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
                if (selected?.id === c.id) void select(c.id);
              }}
              onDelete={(c) => void remove(c)}
              onFilter={col.toggleFilter}
              empty={filtered ? 'No clips match.' : 'Nothing saved yet. Use the toolbar button on any page to save it, or select a passage and press Alt+Shift+S.'}
            />
          )}
        </section>
        <section class="reading" aria-label="Reading view">
          {selected ? (
            <ClipReader clip={selected} names={names} onOpen={open} onFilter={col.toggleFilter} />
          ) : (
            <p class="empty">Choose a clip to read it here.</p>
          )}
        </section>
      </div>
    </div>
  );
}
