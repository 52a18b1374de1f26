import type { EntityNames } from '../../lib/messages';
import type { Suppression } from '../../lib/settings/settings';

export interface MarkingControlsProps {
  /** Marking on everywhere (the global switch). */
  enabled: boolean;
  /** The current page's host, or '' when the page has none (then no per-site switch). */
  host: string;
  /** Marking on for this host. */
  siteEnabled: boolean;
  /** Turns marking on or off everywhere. */
  onEnabled: (on: boolean) => void;
  /** Turns marking on or off on this host. */
  onSiteEnabled: (on: boolean) => void;
  /** Entities the user unmarked. */
  suppressed: Suppression[];
  /** Display names by entity id. */
  names: EntityNames;
  /** Marks an unmarked entity again. */
  onUndo: (s: Suppression) => void;
}

const SCOPE: Record<Suppression['scope'], string> = { everywhere: 'everywhere', site: 'on', page: 'on page' };

/** The marking switches (everywhere, this site) and the entities the user chose not to mark. */
export default function MarkingControls(p: MarkingControlsProps) {
  return (
    <div class="marking">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={p.enabled}
          onChange={(e) => p.onEnabled(e.currentTarget.checked)}
        />
        <span>Mark names on pages</span>
      </label>
      {p.host && (
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            name="site"
            checked={p.siteEnabled}
            disabled={!p.enabled}
            onChange={(e) => p.onSiteEnabled(e.currentTarget.checked)}
          />
          <span>
            Mark on <strong>{p.host}</strong>
          </span>
        </label>
      )}
      {p.suppressed.length > 0 && (
        <details class="suppressed">
          <summary>Unmarked by you ({p.suppressed.length})</summary>
          <ul>
            {p.suppressed.map((s) => (
              <li key={`${s.entity}|${s.scope}|${s.key}`}>
                <span>
                  {p.names[s.entity]?.name ?? s.entity}{' '}
                  <span class="muted">
                    · {SCOPE[s.scope]}
                    {s.key ? ` ${s.key}` : ''}
                  </span>
                </span>
                <button type="button" class="small" onClick={() => p.onUndo(s)}>
                  Undo
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
