/** Addresses of the library page's views, for links from cards and the popup. */

/** The library filtered to clips mentioning `entity` (`base` is runtime.getURL('/library.html')). */
export function libraryEntityUrl(base: string, entity: string): string {
  return `${base}#${new URLSearchParams({ entity }).toString()}`;
}

/** Characters [start, end) of a clip's text. */
export interface ClipSpan {
  start: number;
  end: number;
}

/** The library with clip `id` open in the reading view, scrolled to `at` when given. */
export function libraryClipUrl(base: string, id: string, at?: ClipSpan): string {
  const params = new URLSearchParams({ clip: id });
  if (at && at.end > at.start) params.set('at', `${at.start}-${at.end}`);
  return `${base}#${params.toString()}`;
}

/** The `at` of a library address (`#clip=ID&at=10-42`), or null when absent or not two ordered offsets. */
export function parseClipSpan(value: string | null): ClipSpan | null {
  const m = /^(\d{1,9})-(\d{1,9})$/.exec(value ?? '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end > start ? { start, end } : null;
}
