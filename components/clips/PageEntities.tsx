import { useState } from 'preact/hooks';
import type { EntityNames, PageEntity } from '../../lib/messages';

export interface PageEntitiesProps {
  /** Entities marked on the page, with their mention counts. */
  entities: PageEntity[];
  /** Display names by entity id (the page reports ids). */
  names: EntityNames;
  /** Scrolls the page to the entity's first mention and flashes it. */
  onReveal: (id: string) => void;
  /** Entities shown before "Show all". */
  max?: number;
}

/** The entities marked on the current page, most mentioned first; each reveals its first mention. */
export default function PageEntities({ entities, names, onReveal, max = 8 }: PageEntitiesProps) {
  const [all, setAll] = useState(false);
  const sorted = [...entities].sort(
    (a, b) => b.count - a.count || (names[a.id]?.name ?? a.name).localeCompare(names[b.id]?.name ?? b.name),
  );
  return (
    <ul class="page-entities">
      {(all ? sorted : sorted.slice(0, max)).map((e) => (
        <li key={e.id}>
          <button
            type="button"
            class={`entity-button t-${e.type}`}
            data-entity={e.id}
            onClick={() => onReveal(e.id)}
            title="Show the first mention on the page"
          >
            <span class="dot" aria-hidden="true" />
            <span class="name">{names[e.id]?.name ?? e.name}</span>
            <span class="count" aria-label={`${e.count} mentions`}>
              {e.count}
            </span>
          </button>
        </li>
      ))}
      {!all && sorted.length > max && (
        <li>
          <button type="button" class="link more-entities" onClick={() => setAll(true)}>
            +{sorted.length - max} more
          </button>
        </li>
      )}
    </ul>
  );
}
