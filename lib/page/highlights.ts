/**
 * Draws mentions with the CSS Custom Highlight API: the page's DOM is never touched. One Highlight per
 * colour of entity type (so the stylesheet can tell people from organisations; DRAWN_AS), plus layers for the mention under
 * the pointer, a flash when the popup reveals a mention, quoted passages and saved clips.
 *
 * The page's script can enumerate CSS.highlights, so the names say nothing: a random prefix drawn for
 * each document the content script runs in, and the layer's index. A fixed name would let any page
 * detect the extension; a per-install value would be worse, the same identifier on every site a reader
 * visits (a page could link visits across sites by it).
 */
import type { EntityType } from '../kb/schema';
import type { PrivateLayer, PrivateMarks } from './private-marks';

/** 'own' is any of the reader's own entities, whatever its type. */
export type Layer = EntityType | 'active' | 'flash' | 'quote' | 'clip' | 'own';

/**
 * Layers that would tell a page what the reader keeps or does: their own entities, their saved passages,
 * the mention they point at and the one the popup reveals. In a web page these go to PrivateMarks (boxes
 * in a closed shadow root), never to the page-readable CSS.highlights registry.
 */
const PRIVATE = new Set<Layer>(['own', 'active', 'flash', 'clip'] satisfies PrivateLayer[]);

function isPrivate(layer: Layer): layer is PrivateLayer {
  return PRIVATE.has(layer);
}

/** Every layer, in the order their one-character index (base 36) gives. */
export const LAYERS = [
  'organisation',
  'body',
  'person',
  'operation',
  'exercise',
  'event',
  'programme',
  'group',
  'place',
  'media',
  'active',
  'flash',
  'quote',
  'clip',
  'own',
] as const satisfies readonly Layer[];

export const PREFIX_LENGTH = 10;

/** A fresh random prefix: letters and digits, starting with a letter (a valid CSS identifier). */
export function randomPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(PREFIX_LENGTH));
  return [...bytes].map((b, i) => (i === 0 ? 'abcdefghijklmnopqrstuvwxyz'[b % 26] : (b % 36).toString(36))).join('');
}

/**
 * What this extension's content scripts in one document share: the marks' prefix and stylesheet, made
 * by the first of them (marks-style.ts, at document_start). Content scripts of one extension
 * share an isolated world per document, which page script cannot reach; each script is bundled apart,
 * so a module-level value would differ between them.
 */
export function documentShared(): { prefix?: string; sheet?: CSSStyleSheet } {
  const g = globalThis as { [SHARED]?: { prefix?: string; sheet?: CSSStyleSheet } };
  return (g[SHARED] ??= {});
}
const SHARED = Symbol.for('context-reader:document');

/** Shared by every HighlightLayers of one document (the scanner's and the saved passages'), and its stylesheet. */
export const DOCUMENT_PREFIX = (documentShared().prefix ??= randomPrefix());

/**
 * The layer a mention of each type is drawn in: types drawn in the same colours share one highlight.
 * Every highlight name the page's stylesheet styles costs the page style work on every element while
 * it loads (measured on the 5 MB article with no extension, 15 styled names against 4: ~60 ms more
 * style recalculation over the load; README "Performance"), so the sheet styles four names for the ten
 * types.
 */
export const DRAWN_AS: Readonly<Record<EntityType, EntityType>> = {
  organisation: 'organisation',
  body: 'organisation',
  media: 'organisation',
  person: 'person',
  operation: 'operation',
  exercise: 'operation',
  event: 'operation',
  programme: 'operation',
  group: 'group',
  place: 'group',
};

/** The layer whose highlight draws `layer`'s marks. */
export const drawnAs = (layer: Layer): Layer => (layer in DRAWN_AS ? DRAWN_AS[layer as EntityType] : layer);

export function highlightName(layer: Layer, prefix: string = DOCUMENT_PREFIX): string {
  return prefix + LAYERS.indexOf(layer).toString(36);
}

/** Whether this browser can draw highlights at all (Chrome 105+, Firefox 140+, Safari 17.2+). */
export function highlightsSupported(win: Window & typeof globalThis = window): boolean {
  return typeof win.Highlight === 'function' && typeof win.CSS !== 'undefined' && 'highlights' in win.CSS;
}

export class HighlightLayers {
  private readonly layers = new Map<Layer, Highlight>();
  /** The private layers this object drew in, so that disposing it leaves another's (the saved passages') alone. */
  private readonly privateUsed = new Set<PrivateLayer>();
  /** Changes held back since `hold()`, in the order they came; null when changes apply at once. */
  private held: (() => void)[] | null = null;

  /**
   * `privateMarks` is required in a web page (the content script): without it the private layers are
   * registered as highlights like the rest, which only an extension page (whose script is ours) may do.
   */
  constructor(
    private readonly win: Window & typeof globalThis = window,
    readonly prefix: string = DOCUMENT_PREFIX,
    private readonly privateMarks: PrivateMarks | null = null,
  ) {}

  private layer(type: Layer): Highlight {
    const layer = drawnAs(type);
    let h = this.layers.get(layer);
    if (!h) {
      h = new this.win.Highlight();
      // The active and flash layers sit above the type layers.
      h.priority = layer === 'active' || layer === 'flash' || layer === 'quote' ? 2 : layer === 'clip' ? 1 : 0;
      this.layers.set(layer, h);
      this.win.CSS.highlights.set(highlightName(layer, this.prefix), h);
    }
    return h;
  }

  /**
   * Holds every change back until `release()`. Each change to the registry makes the page's next frame
   * paint the text again: on the 2 MB one-paragraph page with the CPU slowed 4×, 17–19 ms of pre-paint
   * and 25–50 ms more paint than the same frame without marks (traced), and the screen's marks, added over
   * three or four tasks, came 40–50 ms apart with such a frame between each two (an instrumented build).
   * Held, they are painted by one.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Applies the changes held since `hold()`, in order, and applies the next ones at once. */
  release(): void {
    const ops = this.held;
    this.held = null;
    if (ops) for (const op of ops) op();
  }

  add(layer: Layer, range: AbstractRange): void {
    if (this.held) this.held.push(() => this.add(layer, range));
    else if (this.privateMarks && isPrivate(layer)) {
      this.privateUsed.add(layer);
      this.privateMarks.add(layer, range);
    } else this.layer(layer).add(range);
  }

  delete(layer: Layer, range: AbstractRange): void {
    if (this.held) this.held.push(() => this.delete(layer, range));
    else if (this.privateMarks && isPrivate(layer)) this.privateMarks.delete(layer, range);
    else this.layers.get(drawnAs(layer))?.delete(range);
  }

  /** Replaces a layer's ranges. For an entity type, that is every type drawn alike (DRAWN_AS): use add/delete. */
  set(layer: Layer, ranges: readonly AbstractRange[]): void {
    if (this.held) {
      this.held.push(() => this.set(layer, ranges));
      return;
    }
    if (this.privateMarks && isPrivate(layer)) {
      this.privateUsed.add(layer);
      this.privateMarks.set(layer, ranges);
      return;
    }
    const h = this.layer(layer);
    h.clear();
    for (const r of ranges) h.add(r);
  }

  clearLayer(layer: Layer): void {
    if (this.held) this.held.push(() => this.clearLayer(layer));
    else if (this.privateMarks && isPrivate(layer)) this.privateMarks.clearLayer(layer);
    else this.layers.get(drawnAs(layer))?.clear();
  }

  /** Removes every mark this object drew: the registered highlights and its private layers' boxes. */
  dispose(): void {
    this.held = null;
    for (const layer of this.layers.keys()) this.win.CSS.highlights.delete(highlightName(layer, this.prefix));
    this.layers.clear();
    for (const layer of this.privateUsed) this.privateMarks?.clearLayer(layer);
    this.privateUsed.clear();
  }
}
