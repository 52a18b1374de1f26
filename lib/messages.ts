/**
 * Every message between the extension's contexts, in one place, each request paired with its response
 * (the shape of hypothesis/client's PortRPC call maps). Requests are plain JSON; the `type` says which
 * handler answers. The background parses each request with its zod schema and checks who sent it
 * (lib/protocol/requests.ts, lib/protocol/router.ts); `send` and `sendToTab` type both ends, so no
 * caller casts. Pages never see these: they travel over runtime messaging only.
 */
import type { CardData } from './kb/knowledge';
import type { EntityType } from './kb/schema';
import type { Clip, ClipInput, QuoteSelector } from './clips/schema';
import type { Facets } from './clips/store';
import type { RequestInput, RequestType } from './protocol/requests';
import type { Settings } from './settings/settings';
import type { ReaderEntity } from './entities/schema';
import type { Clash } from './entities/validate';
import type { OwnPassage } from './entities/card';
import type { ScanState } from './page/scan-signal';

/** Content scripts and extension pages → background. */
export interface Protocol {
  'kb:card': { req: RequestInput<'kb:card'>; res: CardResponse };
  'kb:open-reader': { req: RequestInput<'kb:open-reader'>; res: ClipReply };
  'clips:save': { req: RequestInput<'clips:save'>; res: ClipReply<ClipSaveResponse> };
  'clips:status': { req: RequestInput<'clips:status'>; res: ClipReply<ClipStatusResponse> };
  'clips:list': { req: RequestInput<'clips:list'>; res: ClipReply<ClipListResponse> };
  'clips:facets': { req: RequestInput<'clips:facets'>; res: ClipReply<ClipFacetsResponse> };
  'clips:get': { req: RequestInput<'clips:get'>; res: ClipReply<ClipGetResponse> };
  'clips:update': { req: RequestInput<'clips:update'>; res: ClipReply<ClipUpdateResponse> };
  'clips:delete': { req: RequestInput<'clips:delete'>; res: ClipReply<ClipDeleteResponse> };
  'clips:restore': { req: RequestInput<'clips:restore'>; res: ClipReply };
  /** The library page wrote the collection itself (an import): drop what the background caches. */
  'clips:refresh': { req: RequestInput<'clips:refresh'>; res: ClipReply };
  'clips:open': { req: RequestInput<'clips:open'>; res: ClipReply };
  'clips:names': { req: RequestInput<'clips:names'>; res: ClipReply<ClipNamesResponse> };
  'passages:count': { req: RequestInput<'passages:count'>; res: ClipReply<PassageCountResponse> };
  'passages:show': { req: RequestInput<'passages:show'>; res: ClipReply<PassageShowResponse> };
  'settings:get': { req: RequestInput<'settings:get'>; res: ClipReply<SettingsResponse> };
  'settings:put': { req: RequestInput<'settings:put'>; res: ClipReply<SettingsResponse> };
  'settings:suppress': { req: RequestInput<'settings:suppress'>; res: ClipReply };
  'entities:list': { req: RequestInput<'entities:list'>; res: ClipReply<EntityListResponse> };
  'entities:save': { req: RequestInput<'entities:save'>; res: ClipReply<EntitySaveResponse> };
  'entities:delete': { req: RequestInput<'entities:delete'>; res: ClipReply<{ entity: ReaderEntity | null }> };
  'entities:restore': { req: RequestInput<'entities:restore'>; res: ClipReply };
  'entities:merge': { req: RequestInput<'entities:merge'>; res: ClipReply<{ entity: ReaderEntity | null }> };
  'entities:refresh': { req: RequestInput<'entities:refresh'>; res: ClipReply };
  'entities:pack': { req: RequestInput<'entities:pack'>; res: ClipReply };
}

export interface EntityListResponse {
  entities: ReaderEntity[];
}
/** Saved, or refused with the reasons and the catalogue names it clashes with (the reader may then choose theirs). */
export type EntitySaveResponse = { saved: ReaderEntity } | { saved: null; problems: string[]; clashes: Clash[] };

/** A request as it travels: its type and its fields. */
export type Message<K extends RequestType = RequestType> = { [T in K]: { type: T } & Protocol[T]['req'] }[K];
export type BackgroundRequest = Message;

type ClipRequestType = Extract<RequestType, `clips:${string}`>;
/** The clip collection's requests (extension pages only, but for clips:open). */
export type ClipRequest = Message<ClipRequestType>;

/** The runtime API's sending half, narrowed to what `send` needs (so tests can pass a fake). */
export interface MessageSender {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Sends a request to the background; the reply's type follows from the request's. */
export function send<K extends RequestType>(
  runtime: MessageSender,
  type: K,
  req: Protocol[K]['req'],
): Promise<Protocol[K]['res']> {
  return runtime.sendMessage({ ...req, type }) as Promise<Protocol[K]['res']>;
}

export interface PassageCountResponse {
  count: number;
}
export interface PassageShowResponse {
  /** Passages sent to the page. */
  sent: number;
  /** Passages the page found and marked (null when the page did not answer). */
  marked: number | null;
}
export interface SettingsResponse {
  settings: Settings;
}

/** A saved passage as the page gets it when the reader asks: its id and where it sits, nothing else. */
export interface Passage {
  id: string;
  selection: QuoteSelector;
}

/** Popup or background → the content script of a tab. */
export interface TabProtocol {
  'page:entities': { req: object; res: PageEntitiesResponse };
  'page:reveal': { req: { entity: string }; res: boolean };
  'page:card-at-selection': { req: object; res: boolean };
  /** With nothing selected, the next (1) or previous (-1) mention in reading order, from the viewport. */
  'page:card-step': { req: { direction: 1 | -1 }; res: boolean };
  'page:clip-state': { req: object; res: PageClipStateResponse };
  /**
   * How far marking got (lib/page/scan-signal.ts), answered only by the frame whose `window.name` is
   * `name`: the end-to-end tests name the page or frame they wait on, then ask every tab.
   */
  'page:scan-state': { req: { name: string }; res: ScanState };
  /** The reader asked to see their saved passages on this page. */
  'page:show-passages': { req: { passages: Passage[] }; res: { marked: number } };
  /** The collection changed: forget cached cards; drop marks of deleted passages. */
  'clips:changed': { req: { removed?: string[] }; res: undefined };
}
export type TabRequestType = keyof TabProtocol;
export type TabRequest<K extends TabRequestType = TabRequestType> = {
  [T in K]: { type: T } & TabProtocol[T]['req'];
}[K];

/** The tabs API's sending half, narrowed to what `sendToTab` needs. */
export interface TabMessenger {
  sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
}

/** Sends a request to a tab's content script (its top frame unless `frameId` says otherwise). */
export function sendToTab<K extends TabRequestType>(
  tabs: TabMessenger,
  tabId: number,
  type: K,
  req: TabProtocol[K]['req'],
  frameId = 0,
): Promise<TabProtocol[K]['res']> {
  return tabs.sendMessage(tabId, { ...req, type }, { frameId }) as Promise<TabProtocol[K]['res']>;
}

export interface ClipRef {
  id: string;
  title: string;
  url: string;
  savedAt: number;
  kind: 'page' | 'selection';
  excerpt?: string;
}

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

/** `own`: one of the reader's entities ("Yours"). */
export type EntityNames = Record<string, { name: string; type: EntityType; own?: boolean }>;
export interface ClipNamesResponse {
  names: EntityNames;
}

/** Every clip reply: the error keeps the collection's error name (StorageFullError, ImportError…) and its message. */
export type ClipReply<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { name: string; message: string } };

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

export interface CardResponse {
  card: CardData | null;
  clips: ClipRef[];
  /** The card is one of the reader's own entities ("Yours"). */
  yours?: boolean;
  /** "From your clips" (extension callers only): passages of the reader's clips that mention it. */
  fromClips?: FromClips;
}

export interface FromClips {
  passages: OwnPassage[];
  /** Exact when `complete`; otherwise the passages found so far, and more exist. */
  total: number;
  complete: boolean;
  offset: number;
  /** Clips that mention it: exact when `complete` or `clipsExact`, else a lower bound. */
  clips: number;
  /** The clip count is exact though not every clip was read (it came from the search index). */
  clipsExact?: boolean;
  firstSaved: number | null;
  lastSaved: number | null;
  related: { id: string; name: string; type: EntityType; clips: number; own?: boolean }[];
}

/**
 * A controller (the content script, or the reader page) → its card frame, over the port between the two
 * (lib/page/card-channel.ts), never through the background. `to` is the nonce in the frame's URL, so that
 * of several frames in one tab only the controller's own acts; the frame parses each one with
 * lib/protocol/card-frame.ts. `seq` ties a size report to the request it answers.
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
  /** The selected text when it is short enough to be a name (the popup's "Track “…”"). */
  selection?: string;
}

export interface PageEntity {
  id: string;
  name: string;
  type: EntityType;
  count: number;
  /** One of the reader's own entities ("Yours"). */
  own?: boolean;
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
