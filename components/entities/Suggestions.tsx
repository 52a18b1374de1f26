import type { Suggestion } from '../../lib/entities/suggest';

export interface SuggestionsProps {
  /** Found suggestions, or null before the reader asked. */
  items: Suggestion[] | null;
  /** Whether the clips are being read. */
  busy: boolean;
  onFind: () => void;
  /** Opens the editor prefilled with the suggestion. */
  onTrack: (s: Suggestion) => void;
  onDismiss: (s: Suggestion) => void;
}

/** Names that recur in the reader's clips but that nothing tracks yet. */
export default function Suggestions({ items, busy, onFind, onTrack, onDismiss }: SuggestionsProps) {
  return (
    <section class="suggestions" aria-label="Suggested names">
      <h2>Suggested from your clips</h2>
      <button type="button" disabled={busy} onClick={onFind}>
        {busy ? 'Reading your clips…' : items ? 'Look again' : 'Find recurring names in my clips'}
      </button>
      {items && items.length === 0 && <p class="muted">No recurring names that you do not track yet.</p>}
      {items && items.length > 0 && (
        <ul class="suggestion-list">
          {items.map((s) => (
            <li key={s.name} class="suggestion">
              <div>
                <strong>{s.name}</strong> <span class="muted">{s.type}</span>{' '}
                <span class="muted">
                  {s.count} mention{s.count === 1 ? '' : 's'} in {s.clips} clips
                </span>
              </div>
              {s.samples.map((p) => (
                <blockquote key={p.clipId}>
                  {p.sentence} <cite class="muted">{p.title}</cite>
                </blockquote>
              ))}
              <div class="entity-actions">
                <button type="button" class="link" onClick={() => onTrack(s)} aria-label={`Track ${s.name}`}>
                  Track…
                </button>
                <button type="button" class="link" onClick={() => onDismiss(s)} aria-label={`Dismiss ${s.name}`}>
                  Dismiss
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
