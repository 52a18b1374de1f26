/**
 * Every message between the extension's contexts, in one place. Requests are plain JSON; the `type`
 * says which handler answers. Pages never see these: they travel over runtime messaging only.
 */
import type { CardData } from './kb/knowledge';
import type { EntityType } from './kb/schema';

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
  | { type: 'clips:for-page'; url: string };

export interface CardResponse {
  card: CardData | null;
  clips: ClipRef[];
}

/** Popup or background → content script of a tab. */
export type TabRequest =
  | { type: 'page:entities' }
  | { type: 'page:reveal'; entity: string }
  | { type: 'page:card-at-selection' };

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
