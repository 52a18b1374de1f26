/**
 * Extraction of a clip from the page the user is on. Runs in the content script; takes the
 * document as a parameter, uses no extension APIs and returns plain data (a ClipInput) to be sent
 * to the extension, which stores it: IndexedDB opened here would belong to the page's origin.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import TurndownService from 'turndown';
import { compact } from './merge.ts';
import { readMetadata, type PageMetadata } from './page-metadata.ts';
import { LIMITS } from './limits.ts';
import type { ClipInput } from './schema.ts';
import { describeRange } from './text-anchor.ts';
import { visibleText } from './visible-text.ts';

export { anchorQuote, describeRange } from './text-anchor.ts';

/** Readability's output shorter than this is treated as a failed extraction. */
const MIN_ARTICLE_CHARS = 200;

/**
 * What a clip's HTML may contain: DOMPurify's defaults (no scripts, event handlers, javascript:
 * URLs) without forms, styles and embedded frames, which a reader view has no use for and which
 * could dress a clip up as part of the extension's UI.
 */
const SANITIZE: Config = {
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'frame',
    'object',
    'embed',
    'link',
    'meta',
    'base',
  ],
  FORBID_ATTR: ['style', 'srcset', 'ping', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

/** One DOMPurify per window: it parses with its window's DOMParser, and a page and a test's jsdom differ. */
const purifiers = new WeakMap<object, DOMPurify>();
function purifierFor(doc: Document): DOMPurify {
  // A DOMParser-made document has no window: sanitise with the current one.
  const win = doc.defaultView ?? globalThis.window;
  if (!win) throw new Error('extraction needs a window (run it in a page or a jsdom environment)');
  let purify = purifiers.get(win);
  if (!purify) {
    purify = createDOMPurify(win);
    purifiers.set(win, purify);
  }
  return purify;
}

let turndown: TurndownService | undefined;
function toMarkdown(root: Node): string {
  turndown ??= new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
  });
  // Turndown accepts a node and clones it, so the sanitised tree is converted without a second parse.
  return turndown.turndown(root as HTMLElement);
}

/** Sanitised copy of `html` as a detached <body> of the purifier's own document. */
function sanitize(doc: Document, html: string | Node): HTMLElement {
  // With RETURN_DOM, DOMPurify returns the <body> of its inert document (typed as a plain Node).
  return purifierFor(doc).sanitize(html, { ...SANITIZE, RETURN_DOM: true }) as HTMLElement;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** HTML and Markdown of plain text, one paragraph per blank-line-separated block. */
function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** What Readability (or the visible-text fallback) found: the metadata fields plus the body. */
interface Body extends Omit<PageMetadata, 'canonicalUrl'> {
  text: string;
  html: string;
  markdown: string;
}

/** Text, HTML and Markdown of sanitised content, dropped to text only when the HTML is past its limit. */
function bodyFrom(doc: Document, content: string | Node): Pick<Body, 'text' | 'html' | 'markdown'> {
  const clean = sanitize(doc, content);
  const text = visibleText(clean).slice(0, LIMITS.text);
  const html = clean.innerHTML;
  if (html.length > LIMITS.html) return { text, html: '', markdown: text.slice(0, LIMITS.markdown) };
  return { text, html, markdown: toMarkdown(clean).slice(0, LIMITS.markdown) };
}

/** Readability's article, or null when it finds none worth keeping. */
function readArticle(doc: Document): Body | null {
  if (!isProbablyReaderable(doc)) return null;
  let article: ReturnType<Readability['parse']>;
  try {
    // parse() rewrites the document it is given: never give it the page itself.
    article = new Readability(doc.cloneNode(true) as Document).parse();
  } catch {
    return null;
  }
  if (!article?.content || (article.textContent ?? '').trim().length < MIN_ARTICLE_CHARS) return null;
  const opt = (s: string | null | undefined): string | undefined => s?.trim() || undefined;
  return {
    ...bodyFrom(doc, article.content),
    title: opt(article.title),
    byline: opt(article.byline),
    siteName: opt(article.siteName),
    publishedTime: opt(article.publishedTime),
    lang: opt(article.lang),
    excerpt: opt(article.excerpt),
  };
}

/** Everything a reader can see on the page, for pages without an article. */
function readVisibleText(doc: Document): Body {
  const text = visibleText(doc.body ?? doc.documentElement).slice(0, LIMITS.text);
  return { ...bodyFrom(doc, paragraphsHtml(text)), text };
}

const limit = (s: string | undefined, max: number): string | undefined => (s ? s.slice(0, max) : undefined);

type Described = Pick<
  ClipInput,
  'url' | 'canonicalUrl' | 'title' | 'byline' | 'siteName' | 'publishedTime' | 'lang' | 'excerpt'
>;

/** The ClipInput fields from metadata (which wins) and from what Readability found. */
function describe(doc: Document, meta: PageMetadata, found: Partial<Body>): Described {
  return compact<Described>({
    url: doc.URL,
    canonicalUrl: meta.canonicalUrl,
    title: (meta.title ?? found.title ?? doc.URL).slice(0, LIMITS.title),
    byline: limit(meta.byline ?? found.byline, LIMITS.meta),
    siteName: limit(meta.siteName ?? found.siteName, LIMITS.meta),
    publishedTime: limit(meta.publishedTime ?? found.publishedTime, LIMITS.meta),
    lang: limit(meta.lang ?? found.lang, 64),
    excerpt: limit(meta.excerpt ?? found.excerpt, LIMITS.excerpt),
  });
}

/**
 * The page as a clip: Readability's article when there is one, else the page's visible text, so
 * that saving never silently drops what the user sees.
 */
export function extractPage(doc: Document = document): ClipInput {
  const meta = readMetadata(doc);
  const body = readArticle(doc) ?? readVisibleText(doc);
  return { kind: 'page', ...describe(doc, meta, body), text: body.text, html: body.html, markdown: body.markdown };
}

/**
 * The current selection as a clip, with the selector that re-finds it on a later visit. Returns
 * null when nothing (or only whitespace) is selected, or the selection is outside the body.
 */
export function extractSelection(
  selection: Selection | null = document.getSelection(),
  doc: Document = document,
): ClipInput | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const root = doc.body;
  if (!root) return null;
  const selector = describeRange(range, root);
  if (!selector || !selector.exact.trim() || selector.exact.length > LIMITS.quote) return null;
  const body = bodyFrom(doc, range.cloneContents());
  return {
    kind: 'selection',
    ...describe(doc, readMetadata(doc), {}),
    text: body.text || selector.exact.trim(),
    html: body.html,
    markdown: body.markdown,
    selection: {
      ...selector,
      prefix: selector.prefix.slice(-LIMITS.quoteContext),
      suffix: selector.suffix.slice(0, LIMITS.quoteContext),
    },
  };
}
