/**
 * Bibliographic metadata of a page, read the way Zotero's Embedded Metadata translator reads it:
 * Highwire/Google Scholar `citation_*` first (set deliberately for citation), then Dublin Core,
 * OpenGraph, plain `meta[name=author]`; JSON-LD (schema.org Article types) fills what the meta tags
 * miss; `document.title` comes last. Everything here is page-controlled text: it is only read as
 * strings, trimmed and bounded, never evaluated or inserted as HTML.
 */
import { LIMITS } from './limits.ts';

export interface PageMetadata {
  title?: string;
  byline?: string;
  siteName?: string;
  publishedTime?: string;
  lang?: string;
  excerpt?: string;
  /** link[rel=canonical], resolved to an absolute URL. */
  canonicalUrl?: string;
}

/** Every meta tag's content, by lowercased name / property / itemprop, in document order. */
function metaMap(doc: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const content = meta.getAttribute('content')?.replace(/\s+/g, ' ').trim();
    if (!content) continue;
    for (const attr of ['name', 'property', 'itemprop', 'http-equiv']) {
      const key = meta.getAttribute(attr)?.trim().toLowerCase();
      if (!key) continue;
      for (const k of key.split(/\s+/)) {
        const list = map.get(k) ?? [];
        list.push(content);
        map.set(k, list);
      }
    }
  }
  return map;
}

const clamp = (s: string | undefined, max: number): string | undefined => {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, max) : undefined;
};

const isUrl = (s: string): boolean => /^(?:https?:)?\/\//i.test(s);

/** Schema.org types that describe an article (NewsArticle, ReportageNewsArticle, BlogPosting, ...). */
const isArticleType = (type: string): boolean => /(?:Article|BlogPosting|Report)$/.test(type.replace(/^.*[/#:]/, ''));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses JSON-LD leniently: CDATA and HTML comment wrappers are common; broken blocks are skipped. */
function parseJsonLd(source: string): Json | undefined {
  const cleaned = source
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>$/g, '')
    .replace(/^<!--|-->$/g, '')
    .trim();
  try {
    return JSON.parse(cleaned) as Json;
  } catch {
    return undefined;
  }
}

/** All JSON-LD nodes of the page, flattening arrays and @graph, bounded against hostile nesting. */
function jsonLdNodes(doc: Document): JsonObject[] {
  const nodes: JsonObject[] = [];
  const visit = (value: Json | undefined, depth: number): void => {
    if (depth > 4 || nodes.length > 500) return;
    if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (isObject(value)) {
      nodes.push(value);
      visit(value['@graph'], depth + 1);
    }
  };
  for (const script of doc.querySelectorAll('script[type]')) {
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    visit(parseJsonLd(script.textContent ?? ''), 0);
  }
  return nodes;
}

const typesOf = (node: JsonObject): string[] => {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
};

/** A name from a string, an object with `name`, a reference (@id) into the page's nodes, or a list of those. */
function namesOf(value: Json | undefined, byId: Map<string, JsonObject>): string[] {
  if (typeof value === 'string') return isUrl(value) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => namesOf(v, byId));
  if (!isObject(value)) return [];
  const name = value['name'];
  if (typeof name === 'string') return [name];
  const ref = value['@id'];
  const target = typeof ref === 'string' ? byId.get(ref) : undefined;
  return target && target !== value && typeof target['name'] === 'string' ? [target['name']] : [];
}

interface JsonLdArticle {
  headline?: string;
  author?: string;
  datePublished?: string;
  publisher?: string;
  inLanguage?: string;
  description?: string;
}

function jsonLdArticle(doc: Document): JsonLdArticle {
  const nodes = jsonLdNodes(doc);
  const byId = new Map<string, JsonObject>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const article = nodes.find((n) => typesOf(n).some(isArticleType));
  if (!article) return {};
  const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const authors = namesOf(article['author'], byId);
  return {
    headline: str(article['headline']) ?? str(article['name']),
    author: authors.length ? [...new Set(authors.map((a) => a.trim()))].join(', ') : undefined,
    datePublished: str(article['datePublished']) ?? str(article['dateCreated']),
    publisher: namesOf(article['publisher'], byId)[0],
    inLanguage: str(article['inLanguage']),
    description: str(article['description']),
  };
}

/** The page's metadata; fields the page does not give are absent. */
export function readMetadata(doc: Document = document): PageMetadata {
  const meta = metaMap(doc);
  const first = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = meta.get(key)?.[0];
      if (value) return value;
    }
    return undefined;
  };
  const all = (key: string): string[] => meta.get(key) ?? [];
  const ld = jsonLdArticle(doc);

  // citation_author and DC.creator repeat, one tag per author; article:author is often a profile URL.
  const authorList = [all('citation_author'), all('dc.creator'), all('dcterms.creator')].find((l) => l.length > 0);
  const byline =
    (authorList && [...new Set(authorList)].join(', ')) ||
    [first('author'), first('article:author')].find((a) => a !== undefined && !isUrl(a)) ||
    ld.author;

  const canonicalHref = [...doc.querySelectorAll('link[rel][href]')]
    .find((link) => /(?:^|\s)canonical(?:\s|$)/i.test(link.getAttribute('rel') ?? ''))
    ?.getAttribute('href');
  let canonicalUrl: string | undefined;
  if (canonicalHref) {
    try {
      canonicalUrl = new URL(canonicalHref, doc.baseURI).href;
    } catch {
      canonicalUrl = undefined;
    }
  }

  const ogLocale = first('og:locale')?.replace('_', '-');
  const result: PageMetadata = {
    title: clamp(
      first('citation_title', 'dc.title', 'dcterms.title', 'og:title', 'twitter:title') ?? ld.headline ?? doc.title,
      LIMITS.title,
    ),
    byline: clamp(byline, LIMITS.meta),
    siteName: clamp(
      first('og:site_name', 'citation_journal_title', 'dc.publisher', 'application-name') ?? ld.publisher,
      LIMITS.meta,
    ),
    publishedTime: clamp(
      first(
        'citation_publication_date',
        'citation_date',
        'citation_online_date',
        'dc.date',
        'dcterms.issued',
        'dcterms.created',
        'dc.date.issued',
        'article:published_time',
        'datepublished',
        'date',
      ) ?? ld.datePublished,
      LIMITS.meta,
    ),
    lang: clamp(
      doc.documentElement.getAttribute('lang') ??
        first('dc.language', 'citation_language', 'content-language') ??
        ld.inLanguage ??
        ogLocale,
      64,
    ),
    excerpt: clamp(
      first('citation_abstract', 'dc.description', 'og:description', 'description') ?? ld.description,
      LIMITS.excerpt,
    ),
    canonicalUrl,
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}
