/**
 * A window with the CSS Custom Highlight API as plain sets (jsdom has none): `registry` is what a page's
 * script would list through `CSS.highlights`.
 */
export function fakeHighlightWindow(): {
  win: Window & typeof globalThis;
  registry: Map<string, Set<AbstractRange>>;
} {
  const registry = new Map<string, Set<AbstractRange>>();
  const win = {
    Highlight: class extends Set<AbstractRange> {
      priority = 0;
    },
    CSS: { highlights: registry },
  } as unknown as Window & typeof globalThis;
  return { win, registry };
}
