import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import ClipList from '../../components/clips/ClipList';
import FilterChips from '../../components/clips/FilterChips';
import MarkingControls from '../../components/clips/MarkingControls';
import Notice from '../../components/clips/Notice';
import NoticeRegion from '../../components/clips/NoticeRegion';
import PageEntities from '../../components/clips/PageEntities';
import PassagesOffer from '../../components/clips/PassagesOffer';
import type {
  ClipNamesResponse,
  ClipSaveResponse,
  ClipStatusResponse,
  ClipSummary,
  EntityNames,
  PageClipStateResponse,
  PageEntitiesResponse,
  TabRequest,
} from '../../lib/messages';
import { send as request } from '../../lib/messages';
import {
  markingEnabled,
  siteKey,
  withSite,
  withoutSuppression,
  type Settings,
  type Suppression,
} from '../../lib/settings/settings';
import { loadSettings, updateSettings, watchSettings } from '../../lib/settings/client';
import { ClipError, ClipsClient, isOpenable, requestPersistence } from '../../lib/clips/client';
import {
  deleteWithUndo,
  errorMessage,
  exportCollection,
  type NoticeState,
} from '../../components/hooks/collection-actions';
import { useCollection } from '../../components/hooks/use-collection';
import { POPUP_PAGE_SIZE } from '../../lib/clips/first-page';
import { markWhenPainted } from '../../lib/timing/painted-mark';

export interface PopupProps {
  /** The extension API. */
  browser: WxtBrowser;
  /** The first page of clips as the background stored it, shown until it answers (lib/clips/first-page.ts). */
  firstPage?: ClipSummary[] | null;
}

/** The tab the popup acts on: `?tab=ID` (tests, the library page), else the active tab. */
async function targetTab(browser: WxtBrowser): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * A lower bound of a clip row's height in the popup, CSS px: title, site and date, and the actions,
 * with no snippet, note or chip (measured at 380 px: 87 px; taller at larger zoom, which also makes
 * the window shorter in CSS px).
 */
const MIN_ROW_PX = 80;

function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(ms).toLocaleDateString();
}

export default function Popup({ browser, firstPage }: PopupProps) {
  const client = useMemo(() => new ClipsClient(browser), [browser]);
  const col = useCollection(client, POPUP_PAGE_SIZE, firstPage);
  const [tabId, setTabId] = useState<number>();
  const [page, setPage] = useState<PageEntitiesResponse | null>(null);
  const [pageChecked, setPageChecked] = useState(false);
  const [clipState, setClipState] = useState<PageClipStateResponse | null>(null);
  const [status, setStatus] = useState<ClipStatusResponse | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [names, setNames] = useState<EntityNames>({});
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [busy, setBusy] = useState<'page' | 'selection' | null>(null);
  const [passages, setPassages] = useState<number | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>();
  const listShown = useRef(false);
  // Enough rows to fill the window however tall a row turns out (none is shorter than MIN_ROW_PX).
  const [firstRows] = useState(() => Math.ceil(window.innerHeight / MIN_ROW_PX));
  const collectionRef = useRef<HTMLElement>(null);

  // Performance marks for the benchmark (scripts/bench/popup.ts): the first list in the DOM and its
  // pixels on screen (lib/timing/painted-mark.ts); then, per answer, the query whose results were just
  // committed.
  useLayoutEffect(() => {
    if (!col.loaded) return;
    if (!listShown.current) {
      listShown.current = true;
      performance.mark('popup:list-committed');
      const first = collectionRef.current?.querySelector('.clip-title, .empty');
      if (first) markWhenPainted('popup:list-rendered', first);
      return;
    }
    performance.mark('popup:results', { detail: col.shownQuery });
  }, [col.loaded, col.clips, col.shownQuery]);

  const show = (n: NoticeState | null, sticky = false) => {
    clearTimeout(noticeTimer.current);
    setNotice(n);
    if (n && !sticky && n.tone !== 'error') noticeTimer.current = setTimeout(() => setNotice(null), 10_000);
  };

  const ask = <T,>(msg: TabRequest): Promise<T | null> =>
    tabId === undefined
      ? Promise.resolve(null)
      : (browser.tabs.sendMessage(tabId, msg, { frameId: 0 }).catch(() => null) as Promise<T | null>);

  async function refreshPage(id = tabId): Promise<void> {
    if (id === undefined) return;
    const send = <T,>(msg: TabRequest) =>
      browser.tabs.sendMessage(id, msg, { frameId: 0 }).catch(() => null) as Promise<T | null>;
    const [entities, state] = await Promise.all([
      send<PageEntitiesResponse>({ type: 'page:entities' }),
      send<PageClipStateResponse>({ type: 'page:clip-state' }),
    ]);
    setPage(entities);
    setClipState(state);
    setPageChecked(true);
    void request(browser.runtime, 'passages:count', { tabId: id }).then(
      (r) => setPassages(r?.ok ? r.count : null),
      () => setPassages(null),
    );
    if (state) {
      client
        .call<ClipStatusResponse>({
          type: 'clips:status',
          url: state.url,
          ...(state.canonical ? { canonical: state.canonical } : {}),
        })
        .then(setStatus, () => setStatus(null));
    }
  }

  useEffect(() => {
    void requestPersistence();
    void targetTab(browser).then((id) => {
      setTabId(id);
      void refreshPage(id);
    });
    const reload = () => void loadSettings(browser.runtime).then(setSettings, () => undefined);
    reload();
    return watchSettings(browser.storage.onChanged, reload);
  }, []);

  // Names for the page's entities and the unmarked ones (the page and the settings know only ids).
  const wanted = [
    ...(page?.entities.map((e) => e.id) ?? []),
    ...(settings?.suppressed.map((s) => s.entity) ?? []),
  ].filter((id) => !names[id]);
  useEffect(() => {
    if (wanted.length === 0) return;
    client.call<ClipNamesResponse>({ type: 'clips:names', ids: wanted }).then(
      (r) => setNames((n) => ({ ...n, ...r.names })),
      () => undefined,
    );
  }, [wanted.join('|')]);

  const url = clipState?.url ?? page?.url ?? '';
  // Not for '' (before the page answered): a URL that throws costs the first render ~4 ms in a new process.
  const host = url ? siteKey(url) : '';
  const allNames = { ...(col.facets?.names ?? {}), ...names };

  async function save(kind: 'page' | 'selection') {
    if (tabId === undefined) return;
    setBusy(kind);
    try {
      const res = await client.call<ClipSaveResponse>({ type: 'clips:save', tabId, kind });
      if (kind === 'page') {
        show({
          tone: 'success',
          message:
            res.status === 'updated'
              ? 'Updated: this page was already in your collection.'
              : 'Page saved to your collection.',
        });
      } else show({ tone: 'success', message: 'Passage saved. It stays marked on the page.' });
      col.reload();
      void refreshPage();
    } catch (err) {
      show({ tone: 'error', message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  async function changeSettings(change: (s: Settings) => Settings) {
    setSettings(await updateSettings(browser.runtime, change));
    // The content script restarts marking on the change; read its new counts once it has scanned.
    setTimeout(() => void refreshPage(), 400);
  }

  async function remove(clip: ClipSummary) {
    await deleteWithUndo(
      col,
      clip,
      (n) => show(n, false),
      () => void refreshPage(),
    );
  }

  const open = (href: string) => {
    if (isOpenable(href)) void browser.tabs.create({ url: href });
  };

  const exportAs = (kind: 'json' | 'md') => exportCollection(kind, show);

  const saved = status?.saved ?? null;
  const canRead = clipState !== null;
  const marking = settings ? markingEnabled(settings, url || 'about:blank') : true;
  const storageProblem =
    col.error && (col.error.kind === 'StorageFullError' || col.error.kind === 'StorageUnavailableError')
      ? col.error
      : null;

  return (
    <main class="popup">
      <header class="page-status">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            ◆
          </span>{' '}
          Context Reader
        </div>
        {!pageChecked ? (
          <p class="status muted">Reading this page…</p>
        ) : !canRead ? (
          <p class="status muted">Context Reader cannot read this page (browser pages are off limits).</p>
        ) : saved ? (
          <p class="status saved" data-status="saved">
            <span aria-hidden="true">✓</span> Saved in your collection · updated {ago(saved.updatedAt)}
            {status && status.selections > 0
              ? ` · ${status.selections} passage${status.selections === 1 ? '' : 's'}`
              : ''}
          </p>
        ) : (
          <p class="status" data-status="unsaved">
            Not in your collection
            {status && status.selections > 0
              ? ` · ${status.selections} passage${status.selections === 1 ? '' : 's'} saved`
              : ''}
          </p>
        )}
        <div class="save-buttons">
          <button type="button" class="primary" disabled={!canRead || busy !== null} onClick={() => void save('page')}>
            {busy === 'page' ? 'Saving…' : saved ? 'Update saved page' : 'Save page'}
          </button>
          <button
            type="button"
            disabled={!canRead || !clipState?.hasSelection || busy !== null}
            title={clipState?.hasSelection ? 'Save the selected passage' : 'Select a passage on the page first'}
            onClick={() => void save('selection')}
          >
            {busy === 'selection' ? 'Saving…' : 'Save selection'}
          </button>
          {clipState?.selection && (
            <button
              type="button"
              onClick={() =>
                void browser.tabs.create({
                  url: browser.runtime.getURL(
                    `/library.html#entities&track=${encodeURIComponent(clipState.selection ?? '')}`,
                  ),
                })
              }
            >
              Track “{clipState.selection}”
            </button>
          )}
        </div>
        {tabId !== undefined && (
          <PassagesOffer
            key={String(passages)}
            count={passages}
            onShow={async () => {
              const r = await request(browser.runtime, 'passages:show', { tabId });
              if (!r?.ok) throw new Error(r?.error.message);
              return r;
            }}
          />
        )}
      </header>

      <NoticeRegion>
        {notice && <Notice {...notice} onDismiss={() => show(null)} />}
        {storageProblem && <Notice tone="error" message={storageProblem.message} />}
      </NoticeRegion>

      {canRead && (
        <section class="on-page" aria-labelledby="on-page-h">
          <h2 id="on-page-h">On this page</h2>
          {/* The switches first: the page's list comes when the page answers, and must not move them
              from under a pointer already on its way (a click meant for one switch landed on the other). */}
          {settings && (
            <MarkingControls
              enabled={settings.enabled}
              host={host}
              siteEnabled={!settings.disabledSites.includes(host)}
              onEnabled={(on) => void changeSettings((s) => ({ ...s, enabled: on }))}
              onSiteEnabled={(on) => void changeSettings((s) => withSite(s, host, on))}
              suppressed={settings.suppressed}
              names={allNames}
              onUndo={(x: Suppression) => void changeSettings((s) => withoutSuppression(s, x))}
            />
          )}
          {marking && page && page.entities.length > 0 && (
            <PageEntities
              entities={page.entities}
              names={allNames}
              onReveal={(id) => void ask({ type: 'page:reveal', entity: id })}
            />
          )}
          {marking && page && page.entities.length === 0 && <p class="muted">No names from the corpus on this page.</p>}
          {!marking && <p class="muted">Marking is off {settings?.enabled ? 'on this site' : 'everywhere'}.</p>}
        </section>
      )}

      <section class="collection" aria-labelledby="clips-h" ref={collectionRef}>
        <div class="section-head">
          <h2 id="clips-h">Your clips</h2>
          {col.facets && <span class="muted">{col.facets.total}</span>}
        </div>
        <input
          type="search"
          class="search"
          placeholder="Search your clips"
          aria-label="Search your clips"
          value={col.query}
          onInput={(e) => {
            const q = e.currentTarget.value;
            performance.mark('popup:input', { startTime: e.timeStamp, detail: q });
            col.setQuery(q);
          }}
        />
        <FilterChips facets={col.facets} filters={col.filters} onToggle={col.toggleFilter} max={6} />
        {col.loaded && (
          <ClipList
            clips={col.clips}
            names={allNames}
            hasMore={col.hasMore}
            onMore={col.loadMore}
            onOpen={(c) => open(c.url)}
            onSave={async (c, patch) => {
              try {
                await col.update(c.id, patch);
              } catch (err) {
                throw new ClipError('Error', errorMessage(err));
              }
            }}
            onDelete={(c) => void remove(c)}
            onFilter={col.toggleFilter}
            maxEntities={3}
            firstRows={firstRows}
            empty={
              col.query || Object.values(col.filters).some(Boolean)
                ? 'No clips match.'
                : 'Nothing saved yet. Save this page or a passage of it.'
            }
          />
        )}
      </section>

      <footer class="popup-footer">
        <button
          type="button"
          class="link"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/library.html') })}
        >
          Open library
        </button>
        <span class="sep" aria-hidden="true">
          ·
        </span>
        <button
          type="button"
          class="link"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/reader.html') })}
        >
          Documents
        </button>
        <span class="sep" aria-hidden="true">
          ·
        </span>
        <button type="button" class="link" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <span class="sep" aria-hidden="true">
          ·
        </span>
        <button type="button" class="link" onClick={() => void exportAs('md')}>
          Export Markdown
        </button>
      </footer>
    </main>
  );
}
