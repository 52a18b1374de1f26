/**
 * What each request to the background may contain, and who may send it. The background parses every
 * message with these schemas before a handler sees it (unknown keys are dropped, so a `url` or `tabId`
 * a content script adds to its message never reaches a handler); lib/messages.ts derives the request
 * types from them. Only the background imports this module at run time: the content script gets the
 * types, not full zod and the clip schema.
 */
import '../zod-config';
import { z } from 'zod';
import { Clip, ClipKind, Tag } from '../clips/schema';
import { LIMITS } from '../clips/limits';
import { EntityDraft, ReaderEntity } from '../entities/schema';
import { Settings, SuppressionScope } from '../settings/settings';

/**
 * `content`: a content script in a web page; its page, tab and frame come from `sender`.
 * `extension`: a page of this extension's own origin (popup, library, reader, the card frame).
 */
export type Caller = 'content' | 'extension';

const Id = z.string().min(1).max(LIMITS.entityId);
const TabId = z.number().int().nonnegative();
const Url = z.string().max(LIMITS.url);

function request<S extends z.ZodType>(from: readonly Caller[], schema: S) {
  return { from, schema };
}
const both = ['content', 'extension'] as const;
const extension = ['extension'] as const;

export const requests = {
  /** Card data for an entity; the reader's clips only for extension pages (content callers get none). */
  'kb:card': request(both, z.object({ entity: Id, offset: z.number().int().nonnegative().max(1_000_000).optional() })),
  /** Opens the bundled document at a passage; the background builds the reader URL itself. */
  'kb:open-reader': request(
    both,
    z.object({
      doc: Id,
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      entity: Id.optional(),
    }),
  ),
  'clips:save': request(
    extension,
    z.object({ tabId: TabId, kind: ClipKind, frameId: z.number().int().nonnegative().optional() }),
  ),
  'clips:status': request(extension, z.object({ url: Url, canonical: Url.optional() })),
  'clips:list': request(
    extension,
    z.object({
      query: z.string().max(1_000),
      filters: z.object({
        entity: Id.optional(),
        tag: z.string().max(LIMITS.tag).optional(),
        site: z.string().max(253).optional(),
      }),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive(),
      // The list ticket (lib/clips/search-index.ts ListTicket): lets the background skip superseded requests.
      channel: z.string().max(100).optional(),
      seq: z.number().int().optional(),
    }),
  ),
  'clips:facets': request(extension, z.object({})),
  'clips:get': request(extension, z.object({ id: Id })),
  'clips:update': request(
    extension,
    z.object({ id: Id, note: z.string().max(LIMITS.note).optional(), tags: z.array(Tag).max(LIMITS.tags).optional() }),
  ),
  'clips:delete': request(extension, z.object({ id: Id })),
  'clips:restore': request(extension, z.object({ clip: Clip })),
  'clips:refresh': request(extension, z.object({})),
  /** Opens a clip in the library page: an in-product target, so the card in a page may ask for it. */
  'clips:open': request(
    both,
    z.object({
      id: Id,
      // A passage of the clip's text to scroll to (the card's "From your clips"): offsets only, no text.
      start: z.number().int().nonnegative().max(100_000_000).optional(),
      end: z.number().int().nonnegative().max(100_000_000).optional(),
    }),
  ),
  'clips:names': request(extension, z.object({ ids: z.array(Id).max(LIMITS.entities) })),
  /** How many passages the reader saved from the page open in a tab (its top frame). */
  'passages:count': request(extension, z.object({ tabId: TabId })),
  /** The reader asked to see them: the background sends their selectors to that tab's top frame. */
  'passages:show': request(extension, z.object({ tabId: TabId })),
  'settings:get': request(extension, z.object({})),
  'settings:put': request(extension, z.object({ settings: Settings })),
  /** "Not this …": unmark an entity on the sender's page, its site, or everywhere. */
  'settings:suppress': request(both, z.object({ entity: Id, scope: SuppressionScope })),
  /** The reader's own entities (lib/entities): the library's entities view. */
  'entities:list': request(extension, z.object({})),
  'entities:save': request(extension, z.object({ entity: EntityDraft })),
  'entities:delete': request(extension, z.object({ id: Id })),
  'entities:restore': request(extension, z.object({ entity: ReaderEntity })),
  'entities:merge': request(extension, z.object({ keep: Id, other: Id })),
  /** An import wrote entities straight to the database: compile and publish them again. */
  'entities:refresh': request(extension, z.object({})),
  /** A page found no matcher pack it can use (a fresh profile, an update): makes sure one is written. */
  'entities:pack': request(both, z.object({})),
} as const;

export type RequestType = keyof typeof requests;
/** zod types `z.object({})` as Record<string, never>, which no `{ type }` message could satisfy. */
type Fields<T> = string extends keyof T ? object : T;
/** The fields of a request as handlers receive them (after parsing). */
export type RequestOf<K extends RequestType> = Fields<z.output<(typeof requests)[K]['schema']>>;
/** The fields of a request as callers write them. */
export type RequestInput<K extends RequestType> = Fields<z.input<(typeof requests)[K]['schema']>>;

export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(requests, type);
}
