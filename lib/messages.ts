/**
 * Every message between the extension's contexts, in one place. Requests are plain JSON; the `type`
 * says which handler answers. Pages never see these: they travel over runtime messaging only.
 */
import type { CardData } from './kb/knowledge';
import type { EntityType } from './kb/schema';
import type { Clip, ClipInput, QuoteSelector } from './clips/schema';
import type { Facets, ImportResult } from './clips/store';

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
  | { type: 'clips:import'; text: string }
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
export type ClipImportResponse = ImportResult;
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
  /** With nothing selected, the next (1) or previous (-1) mention in reading order, from the viewport. */
  | { type: 'page:card-step'; direction: 1 | -1 }
  | { type: 'page:clip-state' }
  | { type: 'clips:changed' };

/**
 * A controller (the content script, or the reader page) → its card frame, over runtime messaging. `to` is
 * the nonce in the frame's URL, so that of several frames in one tab only the controller's own acts; the
 * frame also checks the sender's extension id and tab. `seq` ties a size report to the request it answers.
 */
export type CardFrameRequest =
  | { type: 'card:prepare'; to: string; seq: number; entity: string; viewportHeight: number }
  | { type: 'card:show'; to: string; seq: number; entity: string; focus: boolean; viewportHeight: number }
  | { type: 'card:place'; to: string; maxHeight: number | null }
  | { type: 'card:hide'; to: string };

/**
 * Card frame → its controller: geometry and open/pin state only. Card text and the reader's clips stay in
 * the frame; a content script never holds them. `card:cite` goes only to the reader page (an extension page).
 */
export type CardFrameEvent =
  | { type: 'card:size'; to: string; seq: number; width: number; height: number; loaded: boolean }
  | { type: 'card:pinned'; to: string; pinned: boolean }
  | { type: 'card:close'; to: string }
  | { type: 'card:cite'; to: string; doc: string; start: number; end: number };

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
