import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import EntityEditor from '../../../components/entities/EntityEditor';
import EntityList from '../../../components/entities/EntityList';
import Notice from '../../../components/clips/Notice';
import NoticeRegion from '../../../components/clips/NoticeRegion';
import type { EntityDraftInput, ReaderEntity, ReaderEntityType } from '../../../lib/entities/schema';
import type { Suggestion } from '../../../lib/entities/suggest';
import Suggestions from '../../../components/entities/Suggestions';
import { dismiss, findSuggestions } from './find-suggestions';
import { send, type ClipReply } from '../../../lib/messages';
import type { NoticeState } from '../../../components/hooks/collection-actions';
import { parseRescan, RESCAN_KEY, type RescanState } from '../../../lib/entities/rescan';
import { formatCount } from '../../../lib/format-count';

export interface EntitiesPageProps {
  /** The extension API. */
  browser: WxtBrowser;
  /** A name to start tracking (the context menu's or the popup's "Track “…”"). */
  prefill?: string;
}

function unwrap<R extends ClipReply>(reply: R | undefined): Extract<R, { ok: true }> {
  if (!reply) throw new Error('The extension did not answer.');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply as Extract<R, { ok: true }>;
}

/** The library's entities view (library.html#entities): track, edit, delete with undo, merge. */
export default function EntitiesPage({ browser, prefill }: EntitiesPageProps) {
  const rt = browser.runtime;
  const [entities, setEntities] = useState<ReaderEntity[] | null>(null);
  const [editing, setEditing] = useState<ReaderEntity | null>(null);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const fail = (err: unknown) =>
    setNotice({ tone: 'error', message: err instanceof Error ? err.message : String(err) });
  const reload = () =>
    send(rt, 'entities:list', {})
      .then((r) => setEntities(unwrap(r).entities))
      .catch(fail);
  const [rescan, setRescan] = useState<RescanState | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [finding, setFinding] = useState(false);
  const [draft, setDraft] = useState<{ name: string; type: ReaderEntityType } | null>(
    prefill ? { name: prefill, type: 'person' } : null,
  );
  const find = () => {
    setFinding(true);
    void findSuggestions(browser)
      .then(setSuggestions, fail)
      .finally(() => setFinding(false));
  };
  useEffect(() => {
    void reload();
    // The background's re-scan of stored clips reports its position in storage.local.
    void browser.storage.local.get(RESCAN_KEY).then((s) => setRescan(parseRescan(s[RESCAN_KEY])));
    const on = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && RESCAN_KEY in changes) setRescan(parseRescan(changes[RESCAN_KEY].newValue));
    };
    browser.storage.onChanged.addListener(on);
    return () => browser.storage.onChanged.removeListener(on);
  }, []);

  async function save(draft: EntityDraftInput) {
    const res = unwrap(await send(rt, 'entities:save', { entity: draft }));
    if (!res.saved) return { problems: res.problems, clashes: res.clashes };
    setEditing(null);
    setDraft(null);
    setNotice({ tone: 'success', message: `Tracking “${res.saved.name}”: marked on your open pages now.` });
    await reload();
    return null;
  }

  async function remove(e: ReaderEntity) {
    try {
      const { entity } = unwrap(await send(rt, 'entities:delete', { id: e.id }));
      await reload();
      if (!entity) return;
      setNotice({
        tone: 'info',
        message: `Stopped tracking “${entity.name}”.`,
        action: {
          label: 'Undo',
          onClick: () => {
            setNotice(null);
            void send(rt, 'entities:restore', { entity })
              .then((r) => unwrap(r))
              .then(reload)
              .catch(fail);
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  }

  async function merge(keep: ReaderEntity, other: ReaderEntity) {
    try {
      unwrap(await send(rt, 'entities:merge', { keep: keep.id, other: other.id }));
      setNotice({ tone: 'success', message: `Merged “${other.name}” into “${keep.name}”.` });
      await reload();
    } catch (err) {
      fail(err);
    }
  }

  return (
    <div class="library entities-page">
      <header class="top">
        <h1>
          <span class="logo" aria-hidden="true">
            ◆
          </span>{' '}
          Your entities
          {entities && <span class="total muted">{entities.length}</span>}
        </h1>
        {rescan && rescan.total > 0 && (
          <p class="rescan muted" role="status">
            Finding your names in your saved clips: {formatCount(rescan.done)} of {formatCount(rescan.total)}
            <progress max={rescan.total} value={rescan.done} />
          </p>
        )}
        <div class="tools">
          <a href="#">Your clips</a>
        </div>
      </header>
      <div class="entities-panes">
        <section aria-label={editing ? `Edit ${editing.name}` : 'Track a name'}>
          <h2>{editing ? `Edit “${editing.name}”` : 'Track a name'}</h2>
          <EntityEditor
            key={editing?.id ?? `new:${draft?.name ?? ''}`}
            initial={editing ?? (draft ? { name: draft.name, type: draft.type } : {})}
            onSave={save}
            {...(editing ? { onCancel: () => setEditing(null) } : {})}
          />
        </section>
        <section aria-label="Names you track">
          <h2>Names you track</h2>
          {entities && (
            <EntityList
              entities={entities}
              onEdit={setEditing}
              onDelete={(e) => void remove(e)}
              onMerge={(k, o) => void merge(k, o)}
            />
          )}
          <Suggestions
            items={suggestions}
            busy={finding}
            onFind={find}
            onTrack={(s) => {
              setEditing(null);
              setDraft({ name: s.name, type: s.type });
            }}
            onDismiss={(s) => {
              setSuggestions((list) => list?.filter((x) => x !== s) ?? null);
              void dismiss(browser, s.name).catch(fail);
            }}
          />
        </section>
      </div>
      <NoticeRegion>{notice && <Notice {...notice} onDismiss={() => setNotice(null)} />}</NoticeRegion>
    </div>
  );
}
