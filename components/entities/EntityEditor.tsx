import { useState } from 'preact/hooks';
import type { EntityDraftInput, ReaderEntity, ReaderEntityType } from '../../lib/entities/schema';
import type { Clash } from '../../lib/entities/validate';

export interface EntityEditorProps {
  /** The entity being edited, or a draft (a new one, possibly prefilled with a name). */
  initial: Partial<ReaderEntity>;
  /** Saves; resolves with the reasons it was refused, or null when saved. */
  onSave: (draft: EntityDraftInput) => Promise<{ problems: string[]; clashes: Clash[] } | null>;
  /** Leaves the editor without saving (only offered while editing). */
  onCancel?: () => void;
}

type Case = 'sensitive' | 'exact' | 'insensitive';
const TYPES: ReaderEntityType[] = ['person', 'organisation', 'operation', 'place', 'other'];
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const words = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** The form for one of the reader's entities: name, type, aliases one per line with their rules, note. */
export default function EntityEditor({ initial, onSave, onCancel }: EntityEditorProps) {
  const [name, setName] = useState(initial.name ?? '');
  const [type, setType] = useState<ReaderEntityType>(initial.type ?? 'person');
  const [aliases, setAliases] = useState((initial.aliases ?? []).map((a) => a.text).join('\n'));
  const [rules, setRules] = useState<Record<string, { case: Case; inflect: string }>>(
    Object.fromEntries((initial.aliases ?? []).map((a) => [a.text, { case: a.case, inflect: a.inflect }])),
  );
  const [near, setNear] = useState((initial.near ?? []).join(', '));
  const [vetoBefore, setVetoBefore] = useState((initial.vetoBefore ?? []).join(', '));
  const [vetoAfter, setVetoAfter] = useState((initial.vetoAfter ?? []).join(', '));
  const [note, setNote] = useState(initial.note ?? '');
  const [problems, setProblems] = useState<string[]>([]);
  const [clashes, setClashes] = useState<Clash[]>([]);
  const [busy, setBusy] = useState(false);

  // The name is an alias too unless the reader lists others: "Track" with just a name marks that name.
  const aliasList = () => {
    const l = lines(aliases);
    return l.length ? l : name.trim() ? [name.trim()] : [];
  };

  async function submit(overrides: string[] = initial.overrides ?? []) {
    setBusy(true);
    const draft: EntityDraftInput = {
      ...(initial.id ? { id: initial.id } : {}),
      name,
      type,
      aliases: aliasList().map((text) => ({
        text,
        case: rules[text]?.case ?? 'sensitive',
        inflect: rules[text]?.inflect ?? 'auto',
      })),
      near: words(near),
      vetoBefore: words(vetoBefore),
      vetoAfter: words(vetoAfter),
      note,
      overrides,
    };
    try {
      const refused = await onSave(draft);
      setProblems(refused?.problems ?? []);
      setClashes(refused?.clashes ?? []);
      if (!refused && !initial.id) {
        setName('');
        setAliases('');
        setNear('');
        setVetoBefore('');
        setVetoAfter('');
        setNote('');
      }
    } finally {
      setBusy(false);
    }
  }

  const rule = (text: string) => rules[text] ?? { case: 'sensitive' as Case, inflect: 'auto' };
  const setRule = (text: string, patch: Partial<{ case: Case; inflect: string }>) =>
    setRules((r) => ({ ...r, [text]: { ...rule(text), ...patch } }));

  return (
    <form
      class="entity-editor"
      aria-label={initial.id ? `Edit ${initial.name ?? ''}` : 'Track a new name'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Name
        <input value={name} required maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.currentTarget.value as ReaderEntityType)}>
          {TYPES.map((t) => (
            <option value={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Aliases
        <textarea
          rows={4}
          value={aliases}
          placeholder="One per line; the name is used when empty"
          onInput={(e) => setAliases(e.currentTarget.value)}
        />
      </label>
      {aliasList().length > 0 && (
        <fieldset class="alias-rules">
          <legend>Each alias</legend>
          {aliasList().map((text) => (
            <div class="alias-rule">
              <span class="alias-text">{text}</span>
              <select
                aria-label={`Case for ${text}`}
                value={rule(text).case}
                onChange={(e) => setRule(text, { case: e.currentTarget.value as Case })}
              >
                <option value="sensitive">as written or ALL CAPS</option>
                <option value="exact">exactly as written</option>
                <option value="insensitive">any case</option>
              </select>
              <select
                aria-label={`Inflection for ${text}`}
                value={rule(text).inflect === 'none' ? 'none' : 'auto'}
                onChange={(e) => setRule(text, { inflect: e.currentTarget.value })}
              >
                <option value="auto">Russian case forms too</option>
                <option value="none">only as written</option>
              </select>
            </div>
          ))}
        </fieldset>
      )}
      <details>
        <summary>Context and exceptions</summary>
        <label>
          Only when one of these words is nearby (comma-separated)
          <input value={near} onInput={(e) => setNear(e.currentTarget.value)} />
        </label>
        <label>
          Not when right after (comma-separated)
          <input value={vetoBefore} onInput={(e) => setVetoBefore(e.currentTarget.value)} />
        </label>
        <label>
          Not when right before (comma-separated)
          <input value={vetoAfter} onInput={(e) => setVetoAfter(e.currentTarget.value)} />
        </label>
      </details>
      <label>
        Note
        <textarea rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {problems.length > 0 && (
        <ul class="problems" role="alert">
          {problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      )}
      {clashes.length > 0 && (
        <div class="clashes" role="alert">
          {clashes.map((c) => (
            <p>
              “{c.alias}” already names “{c.name}” in the bundled catalogue.
            </p>
          ))}
          <button
            type="button"
            disabled={busy}
            onClick={() => void submit([...new Set([...(initial.overrides ?? []), ...clashes.map((c) => c.entity)])])}
          >
            Use mine on my pages
          </button>
          <button type="button" class="link" onClick={() => setClashes([])}>
            Cancel
          </button>
        </div>
      )}
      <div class="editor-actions">
        <button type="submit" class="primary" disabled={busy}>
          {initial.id ? 'Save' : 'Track'}
        </button>
        {onCancel && (
          <button type="button" class="link" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
