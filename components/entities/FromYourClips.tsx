import { useEffect, useRef } from 'preact/hooks';
import { PASSAGE_PAGE, type OwnPassage } from '../../lib/entities/card';
import type { FromClips } from '../../lib/messages';
import { formatCount } from '../../lib/format-count';

export interface FromYourClipsProps {
  /** Passages of the reader's clips that mention the entity, newest first. */
  from: FromClips;
  /** Opens the passage's clip in the library's reading view, scrolled to the passage. */
  onOpenPassage: (passage: OwnPassage) => void;
  /** Asks for the next page of passages; absent when nothing can load them. */
  onMore?: () => void;
  /** A page of passages is on its way. */
  loadingMore?: boolean;
  /** Switches the card to an entity mentioned with this one. */
  onEntity: (id: string) => void;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The card's "From your clips": each sentence verbatim with its clip's title, site and date. */
export default function FromYourClips({ from, onOpenPassage, onMore, loadingMore, onEntity }: FromYourClipsProps) {
  const list = useRef<HTMLUListElement>(null);
  // After "Show more" the keyboard user lands on the first passage that arrived, not back at the top.
  const focusFrom = useRef<number | null>(null);
  const shown = from.offset + from.passages.length;
  useEffect(() => {
    const at = focusFrom.current;
    if (at === null || from.passages.length <= at) return;
    focusFrom.current = null;
    list.current?.querySelectorAll<HTMLElement>('a.cite')[at]?.focus();
  }, [from.passages.length]);
  if (from.total === 0 && from.related.length === 0) return null;
  const rest = from.total - shown;
  // Exact when every clip was read or the search index counted them; else all that is known is "more than".
  const counted = from.complete || from.clipsExact;
  const inClips = `${counted ? formatCount(from.clips) : `more than ${formatCount(from.clips - 1)}`} clip${from.clips === 1 ? '' : 's'}`;
  return (
    <>
      <h3>From your clips</h3>
      {from.firstSaved !== null && from.lastSaved !== null && (
        <p class="saved-span">
          In {inClips}, first saved {day(from.firstSaved)}, last saved {day(from.lastSaved)}
        </p>
      )}
      <ul class="passages own-passages" ref={list}>
        {from.passages.map((p) => (
          <li key={`${p.clipId}:${p.start}`}>
            <p>{p.sentence}</p>
            <a
              href="#"
              class="cite"
              title="Open the clip at this passage"
              onClick={(e) => {
                e.preventDefault();
                if (e.isTrusted) onOpenPassage(p);
              }}
            >
              {p.title} · {p.site} · {day(p.savedAt)}
            </a>
          </li>
        ))}
      </ul>
      {from.total > 0 && (
        <p class="saved-span passage-count" id="cr-own-count">
          {from.complete
            ? `${shown} of ${from.total} passage${from.total === 1 ? '' : 's'}`
            : `${shown} passages shown, from your newest clips`}
        </p>
      )}
      {(rest > 0 || !from.complete) && onMore && (
        <button
          type="button"
          class="more own-more"
          aria-describedby="cr-own-count"
          // Not `disabled`: that would drop keyboard focus to the page while the next page loads.
          aria-disabled={loadingMore}
          onClick={(e) => {
            if (!e.isTrusted || loadingMore) return;
            focusFrom.current = from.passages.length;
            onMore();
          }}
        >
          {loadingMore ? 'Loading…' : `Show ${from.complete ? Math.min(PASSAGE_PAGE, rest) : PASSAGE_PAGE} more`}
        </button>
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
