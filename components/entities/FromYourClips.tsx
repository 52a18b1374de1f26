import type { ClipRef, FromClips } from '../../lib/messages';

export interface FromYourClipsProps {
  /** Passages of the reader's clips that mention the entity, newest first. */
  from: FromClips;
  /** Opens a clip in the library's reading view. */
  onOpenClip: (clip: ClipRef) => void;
  /** Switches the card to an entity mentioned with this one. */
  onEntity: (id: string) => void;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The card's "From your clips": each sentence verbatim with its clip's title, site and date. */
export default function FromYourClips({ from, onOpenClip, onEntity }: FromYourClipsProps) {
  if (from.total === 0 && from.related.length === 0) return null;
  return (
    <>
      <h3>From your clips</h3>
      {from.firstSaved !== null && from.lastSaved !== null && (
        <p class="saved-span">
          In {from.clips} clip{from.clips === 1 ? '' : 's'}, first saved {day(from.firstSaved)}, last saved{' '}
          {day(from.lastSaved)}
        </p>
      )}
      <ul class="passages own-passages">
        {from.passages.map((p) => (
          <li key={`${p.clipId}:${p.start}`}>
            <p>{p.sentence}</p>
            <a
              href="#"
              class="cite"
              onClick={(e) => {
                e.preventDefault();
                if (e.isTrusted)
                  onOpenClip({ id: p.clipId, title: p.title, url: '', savedAt: p.savedAt, kind: 'page' });
              }}
            >
              {p.title} · {p.site} · {day(p.savedAt)}
            </a>
          </li>
        ))}
      </ul>
      {from.total > from.offset + from.passages.length && (
        <p class="saved-span">
          {from.offset + from.passages.length} of {from.total} passages shown; the rest are in your library.
        </p>
      )}
      {from.related.length > 0 && (
        <>
          <h3>Mentioned with it in your clips</h3>
          <ul class="related">
            {from.related.map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => onEntity(r.id)} title={`together in ${r.clips} clip(s)`}>
                  {r.name} {r.own ? '(yours) ' : ''}
                  <span class="count">{r.clips}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
