/**
 * Every message between the extension's contexts, in one place. Requests are plain JSON; the `type`
 * says which handler answers. Pages never see these: they travel over runtime messaging only.
 */
import type { CardData } from './kb/knowledge';
import type { EntityType } from './kb/schema';
import type { Clip, ClipInput, QuoteSelector } from './clips/schema';
import type { Facets } from './clips/store';

export interface ClipRef {
  id: string;
  title: string;
  url: string;
  savedAt: number;
  kind: 'page' | 'selection';
  excerpt?: string;
}

/** Content script → background. */
export type BackgroundRequest =
  | { type: 'kb:card'; entity: string }
  | { type: 'kb:open-reader'; doc: string; start: number; end: number; entity?: string }
  | { type: 'clips:for-page'; url: string; canonical?: string }
  | ClipRequest;

/** A clip as lists show it: no text, HTML or Markdown, so a page of results stays small in a message. */
export interface ClipSummary {
  id: string;
  kind: 'page' | 'selection';
  title: string;
  url: string;
  site: string;
  /** The selected text, or the page's excerpt, cut to a few lines. */
  snippet: string;
  note: string;
  tags: string[];
  entities: string[];
  savedAt: number;
  updatedAt: number;
}

export interface ClipFilters {
  entity?: string;
  tag?: string;
  site?: string;
}

/** Extension pages (popup, library) → background: the clip collection. Writes are refused from content scripts. */
export type ClipRequest =
  | { type: 'clips:save'; tabId: number; kind: 'page' | 'selection'; frameId?: number }
  | { type: 'clips:status'; url: string; canonical?: string }
  | { type: 'clips:list'; query: string; filters: ClipFilters; offset: number; limit: number }
  | { type: 'clips:facets' }
  | { type: 'clips:get'; id: string }
  | { type: 'clips:update'; id: string; note?: string; tags?: string[] }
  | { type: 'clips:delete'; id: string }
  | { type: 'clips:restore'; clip: Clip }
  /** The library page wrote the collection itself (an import): drop what the background caches. */
  | { type: 'clips:refresh' }
  | { type: 'clips:open'; id: string }
  | { type: 'clips:names'; ids: string[] };

export type EntityNames = Record<string, { name: string; type: EntityType }>;
export interface ClipNamesResponse {
  names: EntityNames;
}

/** Every clip reply: the error keeps the collection's error name (StorageFullError, ImportError…) and its message. */
export type ClipReply<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { name: string; message: string } };

export interface ClipSaveResponse {
  status: 'created' | 'updated';
  clip: ClipSummary;
}
export interface ClipStatusResponse {
  /** The page clip of this URL, when the page is in the collection. */
  saved: ClipSummary | null;
  selections: number;
}
export interface ClipListResponse {
  clips: ClipSummary[];
}
export interface ClipFacetsResponse {
  facets: Facets;
  total: number;
  /** Names of the entities in facets.entities. */
  names: EntityNames;
}
export interface ClipGetResponse {
  clip: Clip | null;
}
export interface ClipUpdateResponse {
  clip: ClipSummary | null;
}
export interface ClipDeleteResponse {
  clip: Clip | null;
}
export interface ClipPassagesResponse {
  passages: { id: string; selection: QuoteSelector }[];
}

export interface CardResponse {
  card: CardData | null;
  clips: ClipRef[];
}

/** Popup or background → content script of a tab. */
export type TabRequest =
  | { type: 'page:entities' }
  | { type: 'page:reveal'; entity: string }
  | { type: 'page:card-at-selection' }
  | { type: 'page:clip-state' }
  | { type: 'clips:changed' };

/** What the injected extraction script returns: what to store, or null (nothing selected). */
export type PageExtractResponse = ClipInput | null;

export interface PageClipStateResponse {
  url: string;
  canonical?: string;
  hasSelection: boolean;
}

export interface PageEntity {
  id: string;
  name: string;
  type: EntityType;
  count: number;
}

export interface PageEntitiesResponse {
  url: string;
  marking: boolean;
  entities: PageEntity[];
}

export function readerUrl(base: string, doc: string, start?: number, end?: number, entity?: string): string {
  const p = new URLSearchParams({ doc });
  if (start !== undefined && end !== undefined) {
    p.set('start', String(start));
    p.set('end', String(end));
  }
  if (entity) p.set('entity', entity);
  return `${base}#${p.toString()}`;
}
