import type { ClipFacetsResponse, ClipFilters } from '../../lib/messages';

export interface FilterChipsProps {
  /** Counts by entity, tag and site; null while loading. */
  facets: ClipFacetsResponse | null;
  /** The filters in force. */
  filters: ClipFilters;
  /** Turns a filter on, or off when it is already on. */
  onToggle: (key: keyof ClipFilters, value: string) => void;
  /** Chips shown per group (the popup shows few, the library many). */
  max: number;
}

const GROUPS: { key: keyof ClipFilters; facet: 'entities' | 'tags' | 'sites'; label: string }[] = [
  { key: 'entity', facet: 'entities', label: 'Entities' },
  { key: 'tag', facet: 'tags', label: 'Tags' },
  { key: 'site', facet: 'sites', label: 'Sites' },
];

/** Filter chips by entity, tag and site, most frequent first; active filters are always shown. */
export default function FilterChips({ facets, filters, onToggle, max }: FilterChipsProps) {
  if (!facets) return null;
  const groups = GROUPS.map((g) => {
    const all = facets.facets[g.facet];
    const active = filters[g.key];
    const shown = all.slice(0, max);
    if (active && !shown.some((f) => f.value === active))
      shown.unshift(all.find((f) => f.value === active) ?? { value: active, count: 0 });
    return { ...g, shown };
  }).filter((g) => g.shown.length > 0);
  if (groups.length === 0) return null;
  return (
    <div class="filters">
      {groups.map((g) => (
        <div class="filter-group" role="group" aria-label={`Filter by ${g.label.toLowerCase()}`} key={g.key}>
          <span class="filter-label">{g.label}</span>
          {g.shown.map((f) => {
            const on = filters[g.key] === f.value;
            const label =
              g.key === 'entity' ? (facets.names[f.value]?.name ?? f.value) : g.key === 'tag' ? `#${f.value}` : f.value;
            return (
              <button
                type="button"
                key={f.value}
                class={`chip${on ? ' on' : ''}`}
                title={label}
                aria-pressed={on}
                data-filter={g.key}
                data-value={f.value}
                onClick={() => onToggle(g.key, f.value)}
              >
                {label} {g.key === 'entity' && facets.names[f.value]?.own && <span class="badge">Yours</span>}{' '}
                <span class="count">{f.count}</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
