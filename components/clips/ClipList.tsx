import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { ClipSummary } from '../../lib/messages';
import ClipItem, { type ClipItemProps } from './ClipItem';

export interface ClipListProps extends Omit<ClipItemProps, 'clip' | 'selected'> {
  /** The clips loaded so far, newest first. */
  clips: ClipSummary[];
  /** Group under day headings (the library's timeline). */
  byDay?: boolean;
  /** The clip open in the reading view. */
  selectedId?: string;
  /** More clips can be loaded. */
  hasMore: boolean;
  /** Loads the next page; called when the end of the list scrolls into view. */
  onMore: () => void;
  /** Shown when there are no clips. */
  empty: ComponentChildren;
  /**
   * Rows in the first render; the rest follow in the task after the first frame. The popup passes
   * what fits its window, so its first frame has every row a reader can see, for a third of the work.
   */
  firstRows?: number;
}

function dayLabel(ms: number, now = new Date()): string {
  const d = new Date(ms);
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/** A list of clips, optionally as a timeline by day, loading more as its end comes into view. */
export default function ClipList({
  clips: all,
  byDay,
  selectedId,
  hasMore: canLoadMore,
  onMore,
  empty,
  firstRows,
  ...item
}: ClipListProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const more = useRef(onMore);
  more.current = onMore;
  // Preact runs effects after the frame that painted the first render: the rest of the rows come then.
  const [whole, setWhole] = useState(firstRows === undefined);
  useEffect(() => setWhole(true), []);
  const clips = whole ? all : all.slice(0, firstRows);
  // No "Show more" (nor its observer, which would load the next page at once) before every row is in.
  const hasMore = canLoadMore && whole;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && more.current(), {
      rootMargin: '200px',
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, clips.length]);

  if (clips.length === 0) return <p class="empty">{empty}</p>;

  const render = (list: ClipSummary[]) => (
    <ul class="clip-list">
      {list.map((c) => (
        <ClipItem key={c.id} clip={c} selected={c.id === selectedId} {...item} />
      ))}
    </ul>
  );

  let body;
  if (byDay) {
    const groups: { label: string; clips: ClipSummary[] }[] = [];
    for (const c of clips) {
      const label = dayLabel(c.savedAt);
      const last = groups.at(-1);
      if (last?.label === label) last.clips.push(c);
      else groups.push({ label, clips: [c] });
    }
    body = groups.map((g) => (
      <section class="day" key={g.label} aria-label={g.label}>
        <h3 class="day-label">{g.label}</h3>
        {render(g.clips)}
      </section>
    ));
  } else body = render(clips);

  return (
    <>
      {body}
      {hasMore && (
        <div ref={sentinel} class="more-sentinel">
          <button type="button" class="small" onClick={onMore}>
            Show more
          </button>
        </div>
      )}
    </>
  );
}
