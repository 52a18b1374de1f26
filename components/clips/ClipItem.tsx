import { useState } from 'preact/hooks';
import type { ClipFilters, ClipSummary, EntityNames } from '../../lib/messages';

export interface ClipItemProps {
  /** The clip to show (summary: no body). */
  clip: ClipSummary;
  /** Entity names by id, for the entity chips. */
  names: EntityNames;
  /** Highlighted as the clip open in the reading view. */
  selected?: boolean;
  /** Shows the clip in a reading view (library); absent in the popup. */
  onSelect?: (clip: ClipSummary) => void;
  /** Opens the original page (only http(s) addresses are opened). */
  onOpen: (clip: ClipSummary) => void;
  /** Saves the edited note and tags; rejects with a message to show. */
  onSave: (clip: ClipSummary, patch: { note: string; tags: string[] }) => Promise<void>;
  /** Deletes the clip (the caller offers Undo). */
  onDelete: (clip: ClipSummary) => void;
  /** Applies a filter from one of the clip's chips. */
  onFilter: (key: keyof ClipFilters, value: string) => void;
  /** Entity chips shown on the item (the rest are counted). */
  maxEntities?: number;
}

// One formatter each for every row: toLocaleTimeString with options builds a new one per call.
let formats: { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | undefined;

function formatSaved(ms: number): string {
  formats ??= {
    date: new Intl.DateTimeFormat(undefined),
    time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
  };
  return `${formats.date.format(ms)} ${formats.time.format(ms)}`;
}

function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** One clip in a list: title, site and time, snippet, note, tags and entities, and its actions. */
export default function ClipItem({
  clip,
  names,
  selected,
  onSelect,
  onOpen,
  onSave,
  onDelete,
  onFilter,
  maxEntities = 6,
}: ClipItemProps) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(clip.note);
  const [tags, setTags] = useState(clip.tags.join(', '));
  const [problem, setProblem] = useState<string | null>(null);
  const title = clip.title.trim() || clip.url;

  const startEdit = () => {
    setNote(clip.note);
    setTags(clip.tags.join(', '));
    setProblem(null);
    setEditing(true);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await onSave(clip, { note, tags: parseTags(tags) });
      setEditing(false);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <li class={`clip${selected ? ' selected' : ''}`} data-clip-id={clip.id} data-kind={clip.kind}>
      <div class="clip-head">
        <span
          class={`kind ${clip.kind}`}
          title={clip.kind === 'page' ? 'Saved page' : 'Saved passage'}
          aria-hidden="true"
        >
          {clip.kind === 'page' ? '▤' : '❝'}
        </span>
        {onSelect ? (
          <button type="button" class="clip-title link" onClick={() => onSelect(clip)}>
            {title}
          </button>
        ) : (
          <span class="clip-title">{title}</span>
        )}
      </div>
      <div class="clip-meta">
        <span class="site">{clip.site}</span> ·{' '}
        <time dateTime={new Date(clip.savedAt).toISOString()}>{formatSaved(clip.savedAt)}</time>
        {clip.kind === 'selection' && <span class="badge">passage</span>}
      </div>
      {clip.snippet && <p class={`snippet${clip.kind === 'selection' ? ' quote' : ''}`}>{clip.snippet}</p>}
      {!editing && clip.note && <p class="note">{clip.note}</p>}
      {!editing && (clip.tags.length > 0 || clip.entities.length > 0) && (
        <div class="chips">
          {clip.tags.map((t) => (
            <button type="button" class="chip tag" key={`t:${t}`} onClick={() => onFilter('tag', t)}>
              #{t}
            </button>
          ))}
          {clip.entities.slice(0, maxEntities).map((id) => (
            <button type="button" class="chip entity" key={`e:${id}`} onClick={() => onFilter('entity', id)}>
              {names[id]?.name ?? id}
            </button>
          ))}
          {clip.entities.length > maxEntities && <span class="more">+{clip.entities.length - maxEntities}</span>}
        </div>
      )}
      {editing ? (
        <form class="edit" onSubmit={(e) => void save(e)}>
          <label>
            Note
            <textarea value={note} rows={3} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <label>
            Tags <span class="hint">(comma-separated)</span>
            <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          </label>
          {problem && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary small">
              Save
            </button>
            <button type="button" class="small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" class="small" onClick={() => onOpen(clip)}>
            Open original
          </button>
          <button type="button" class="small" onClick={startEdit}>
            Edit note & tags
          </button>
          <button type="button" class="small danger" onClick={() => onDelete(clip)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
