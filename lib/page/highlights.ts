/**
 * Draws mentions with the CSS Custom Highlight API: the page's DOM is never touched. One Highlight per
 * entity type (so the stylesheet can tell people from organisations), plus layers for the mention under
 * the pointer, a flash when the popup reveals a mention, quoted passages and saved clips.
 */
import type { EntityType } from '../kb/schema';

export const HIGHLIGHT_PREFIX = 'context-reader-';
export type Layer = EntityType | 'active' | 'flash' | 'quote' | 'clip';

export function highlightName(layer: Layer): string {
  return HIGHLIGHT_PREFIX + layer;
}

/** Whether this browser can draw highlights at all (Chrome 105+, Firefox 140+, Safari 17.2+). */
export function highlightsSupported(win: Window & typeof globalThis = window): boolean {
  return typeof win.Highlight === 'function' && typeof win.CSS !== 'undefined' && 'highlights' in win.CSS;
}

export class HighlightLayers {
  private readonly layers = new Map<Layer, Highlight>();

  constructor(private readonly win: Window & typeof globalThis = window) {}

  private layer(layer: Layer): Highlight {
    let h = this.layers.get(layer);
    if (!h) {
      h = new this.win.Highlight();
      // The active and flash layers sit above the type layers.
      h.priority = layer === 'active' || layer === 'flash' || layer === 'quote' ? 2 : layer === 'clip' ? 1 : 0;
      this.layers.set(layer, h);
      this.win.CSS.highlights.set(highlightName(layer), h);
    }
    return h;
  }

  add(layer: Layer, range: AbstractRange): void {
    this.layer(layer).add(range);
  }

  delete(layer: Layer, range: AbstractRange): void {
    this.layers.get(layer)?.delete(range);
  }

  set(layer: Layer, ranges: readonly AbstractRange[]): void {
    const h = this.layer(layer);
    h.clear();
    for (const r of ranges) h.add(r);
  }

  clearLayer(layer: Layer): void {
    this.layers.get(layer)?.clear();
  }

  /** Removes every highlight this extension registered. */
  dispose(): void {
    for (const layer of this.layers.keys()) this.win.CSS.highlights.delete(highlightName(layer));
    this.layers.clear();
  }
}
