/**
 * The handlers that are not the clip collection's: cards, the reader, settings. Each takes its
 * dependencies as parameters so that tests run them with a fake store and a fake tab opener.
 */
import type { Knowledge } from '../../lib/kb/knowledge';
import { readerUrl, type EntityNames, type Protocol } from '../../lib/messages';
import type { EntityService } from './entities';
import { openableUrl } from '../../lib/open-url';
import type { RequestOf } from '../../lib/protocol/requests';
import type { CallerContext } from '../../lib/protocol/router';
import { pageKey, siteKey, withSuppression } from '../../lib/settings/settings';
import type { SettingsStore } from '../../lib/settings/store';
import { failure, type ClipService } from './clips';

type H<K extends keyof Protocol> = (req: RequestOf<K>, ctx: CallerContext) => Promise<Protocol[K]['res']>;

export interface CoreDeps {
  knowledge: Knowledge;
  clips: Pick<ClipService, 'refsFor'> & Partial<Pick<ClipService, 'warm'>>;
  /** The reader's own entities and passages (entrypoints/background/entities.ts). */
  own?: Pick<EntityService, 'card'>;
  /** Names of catalogue entities, for the entities mentioned with one. */
  names?: (ids: string[]) => EntityNames;
  settings: Pick<SettingsStore, 'load' | 'update'>;
  /** Opens a tab; only ever called with a URL that openableUrl accepted. */
  openTab: (url: string) => Promise<unknown>;
  /** browser.runtime.getURL('/') */
  extensionBase: string;
}

/** The page a request is about: the sending frame for a content script, the hosting tab for an extension frame. */
function pageOf(ctx: CallerContext): string | undefined {
  return ctx.caller === 'content' ? ctx.url : ctx.tab?.url;
}

/** The handlers that are not the clip collection's: cards, the reader, settings. */
export function coreHandlers(d: CoreDeps): {
  'kb:card': H<'kb:card'>;
  'kb:open-reader': H<'kb:open-reader'>;
  'settings:get': H<'settings:get'>;
  'settings:put': H<'settings:put'>;
  'settings:suppress': H<'settings:suppress'>;
} {
  return {
    'kb:card': async (msg, ctx) => {
      const full = ctx.caller === 'extension';
      const catalogue = !!d.knowledge.entity(msg.entity);
      const own = await d.own?.card(msg.entity, msg.offset ?? 0, full, d.names ?? (() => ({}))).catch(() => null);
      if (own?.yours || (own && !catalogue)) return own;
      const card = d.knowledge.card(msg.entity) ?? null;
      // The reader's clips only reach extension pages (the card frame); a content script lives next to page script.
      // The passages' read brings the newest clips with them (none when no clip names it); asked again,
      // their query took 1.4 s (bench). Asked only where nothing read them (no entity service, or it failed).
      const clips = !full ? [] : own ? own.clips : await d.clips.refsFor(msg.entity);
      // The next card of a name in many clips reads them from the search index's list: built now, after
      // this answer, since reading every clip alongside it held this card for seconds (1.7-1.9 s, bench).
      if (full && catalogue && own?.fromClips && !own.fromClips.clipsExact) d.clips.warm?.();
      return { card, clips, ...(own?.fromClips ? { fromClips: own.fromClips } : {}) };
    },
    'kb:open-reader': async (msg) => {
      // A validated in-product target: a bundled document, at offsets inside it.
      const doc = d.knowledge.document(msg.doc);
      if (!doc || msg.end < msg.start) return failure(new Error('No such passage.'));
      const entity = msg.entity && d.knowledge.entity(msg.entity) ? msg.entity : undefined;
      const url = openableUrl(
        readerUrl(`${d.extensionBase}reader.html`, doc.id, msg.start, msg.end, entity),
        d.extensionBase,
      );
      if (!url) return failure(new Error('That address cannot be opened.'));
      await d.openTab(url);
      return { ok: true };
    },
    'settings:get': async () => ({ ok: true, settings: await d.settings.load() }),
    'settings:put': async (msg) => ({ ok: true, settings: await d.settings.update(() => msg.settings) }),
    'settings:suppress': async (msg, ctx) => {
      const url = pageOf(ctx);
      if (msg.scope !== 'everywhere' && (!url || !siteKey(url))) return failure(new Error('No page to unmark it on.'));
      const page = url ?? '';
      if (msg.scope === 'page' && !pageKey(page)) return failure(new Error('No page to unmark it on.'));
      await d.settings.update((s) => withSuppression(s, msg.entity, msg.scope, page));
      return { ok: true };
    },
  };
}
