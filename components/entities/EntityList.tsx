import type { ReaderEntity } from '../../lib/entities/schema';

export interface EntityListProps {
  /** The reader's entities, in display order. */
  entities: readonly ReaderEntity[];
  onEdit: (e: ReaderEntity) => void;
  onDelete: (e: ReaderEntity) => void;
  /** Merges `other` into `keep`: aliases and notes joined, `other` removed. */
  onMerge: (keep: ReaderEntity, other: ReaderEntity) => void;
}

/** The reader's entities, each marked "Yours", with edit, delete and merge. */
export default function EntityList({ entities, onEdit, onDelete, onMerge }: EntityListProps) {
  if (!entities.length) return <p class="empty">You track no names yet. Type one above and press Track.</p>;
  return (
    <ul class="entity-list" aria-label="Your entities">
      {entities.map((e) => (
        <li class="entity-row" data-type={e.type}>
          <div class="entity-head">
            <strong class="entity-name">{e.name}</strong> <span class="badge">Yours</span>{' '}
            <span class="muted">{e.type}</span>
          </div>
          <div class="muted entity-aliases">{e.aliases.map((a) => a.text).join(' · ')}</div>
          {e.note && <p class="entity-note">{e.note}</p>}
          <div class="entity-actions">
            <button type="button" class="link" onClick={() => onEdit(e)} aria-label={`Edit ${e.name}`}>
              Edit
            </button>
            <button type="button" class="link" onClick={() => onDelete(e)} aria-label={`Delete ${e.name}`}>
              Delete
            </button>
            {entities.length > 1 && (
              <select
                aria-label={`Merge another entity into ${e.name}`}
                value=""
                onChange={(ev) => {
                  const other = entities.find((x) => x.id === ev.currentTarget.value);
                  if (other) onMerge(e, other);
                }}
              >
                <option value="">Merge into this…</option>
                {entities
                  .filter((x) => x.id !== e.id)
                  .map((x) => (
                    <option value={x.id}>{x.name}</option>
                  ))}
              </select>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
