/** Addresses of the library page's views, for links from cards and the popup. */

/** The library filtered to clips mentioning `entity` (`base` is runtime.getURL('/library.html')). */
export function libraryEntityUrl(base: string, entity: string): string {
  return `${base}#${new URLSearchParams({ entity }).toString()}`;
}

/** The library with clip `id` open in the reading view. */
export function libraryClipUrl(base: string, id: string): string {
  return `${base}#${new URLSearchParams({ clip: id }).toString()}`;
}
