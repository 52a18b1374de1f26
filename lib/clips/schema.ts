/**
 * The shape of a clip, of what a content script may send, and of an export file.
 * Types come from these schemas. Everything that enters from outside the extension's own pages (a
 * content script's message, an imported file) is parsed with them, so the limits below are the
 * limits of the collection: extraction clamps to them (lib/clips/extract.ts) rather than failing.
 */
import { z } from 'zod';

/** Bounds, in UTF-16 code units. Shared with the extractor so that it never produces a clip the store refuses. */
export { LIMITS } from './limits.ts';
import { LIMITS } from './limits.ts';

/** Schemes a clip may point at. javascript:, data:, blob: and the like are refused: a UI renders these as links. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'file:']);

export function isSafeUrl(value: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const SafeUrl = z
  .string()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine(isSafeUrl, 'must be an http(s) URL');

/** A tag as the user typed it, trimmed; case is kept for display, duplicates are removed by the store. */
export const Tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.tag, `must be at most ${LIMITS.tag} characters`);

const Tags = z.array(Tag).max(LIMITS.tags, `at most ${LIMITS.tags} tags`);
const Entities = z.array(z.string().min(1).max(LIMITS.entityId)).max(LIMITS.entities);
const Meta = z.string().max(LIMITS.meta);
// A Date holds at most 8.64e15 ms; larger numbers would import and then break every date display.
const Millis = z.number().int().nonnegative().max(8.64e15);

/**
 * Where a selection sits in the page: W3C TextQuoteSelector (exact, prefix, suffix) plus
 * TextPositionSelector (start, end), both over the body's textContent. The quote re-finds the
 * passage after the page changed; the position is the fast path when it did not.
 */
export const QuoteSelector = z
  .object({
    exact: z.string().min(1).max(LIMITS.quote),
    prefix: z.string().max(LIMITS.quoteContext),
    suffix: z.string().max(LIMITS.quoteContext),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((s) => s.end >= s.start, { error: 'end must not be before start', path: ['end'] });
export type QuoteSelector = z.infer<typeof QuoteSelector>;

export const ClipKind = z.enum(['page', 'selection']);
export type ClipKind = z.infer<typeof ClipKind>;

/** The fields extraction produces; shared by Clip and ClipInput. */
const content = {
  kind: ClipKind,
  /** The address the user was on. */
  url: SafeUrl,
  title: z.string().max(LIMITS.title),
  byline: Meta.optional(),
  siteName: Meta.optional(),
  /** As the page gives it (ISO 8601 usually, but not always): shown, never computed with. */
  publishedTime: Meta.optional(),
  lang: z.string().max(64).optional(),
  excerpt: z.string().max(LIMITS.excerpt).optional(),
  /** Clean text, paragraphs separated by blank lines. */
  text: z.string().max(LIMITS.text),
  /** Sanitised (DOMPurify) at extraction; a UI must still treat it as untrusted. */
  html: z.string().max(LIMITS.html),
  markdown: z.string().max(LIMITS.markdown),
  selection: QuoteSelector.optional(),
};

export const Clip = z.object({
  id: z.uuid(),
  ...content,
  /** Identity of the page for "already saved?" (lib/clips/url-key.ts). */
  urlKey: SafeUrl,
  /** Entity ids from the catalogue mentioned in the clip. */
  entities: Entities,
  note: z.string().max(LIMITS.note),
  tags: Tags,
  savedAt: Millis,
  updatedAt: Millis,
});
export type Clip = z.infer<typeof Clip>;

/**
 * What a content script sends. The store assigns id, urlKey and times; note, tags, entities, html
 * and markdown may be left out. `canonicalUrl` (the page's link[rel=canonical]) only feeds urlKey.
 */
export const ClipInput = z.object({
  ...content,
  html: content.html.default(''),
  markdown: content.markdown.default(''),
  canonicalUrl: z.string().max(LIMITS.url).optional(),
  entities: Entities.default([]),
  note: z.string().max(LIMITS.note).default(''),
  tags: Tags.default([]),
});
/** What callers pass (defaults may be omitted). */
export type ClipInput = z.input<typeof ClipInput>;
/** After parsing: defaults filled in. */
export type ParsedClipInput = z.output<typeof ClipInput>;

export const EXPORT_FORMAT = 'context-reader-clips';
export const EXPORT_VERSION = 1;

export const ExportFile = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `not a Context Reader clips export (expected "${EXPORT_FORMAT}")` }),
  version: z.literal(EXPORT_VERSION, { error: `unsupported version (this version reads version ${EXPORT_VERSION})` }),
  exportedAt: z.iso.datetime({ offset: true }),
  clips: z.array(Clip),
});
export type ExportFile = z.infer<typeof ExportFile>;

/** "clips[3].url: must be an http(s) URL; …" — the first `max` problems, with their paths. */
export function describeIssues(error: z.ZodError, max = 3, prefix: readonly PropertyKey[] = []): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = [...prefix, ...issue.path]
      .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - parts.length;
  return parts.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
