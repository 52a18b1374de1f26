/**
 * The marks' colours, as a stylesheet built for this document's random highlight names (highlights.ts).
 * A manifest-declared CSS file cannot know names drawn at run time, so the sheet is constructed and
 * adopted: by the document, and by each open shadow root the scanner marks in. Every mark has a
 * background tint by type, and the tint alone must tell the types apart: web pages get no underline
 * (TYPES), and where text-decoration in ::highlight is unsupported (Firefox before 146, and no @supports
 * test can tell: the property is supported, just not inside ::highlight) none is drawn. Translucent tints keep the page's own text colour legible on
 * light and dark pages alike (checked in Firefox 140 without underlines, 153, and Chromium).
 */
import { DOCUMENT_PREFIX, documentShared, highlightName, type Layer } from './highlights';

/**
 * The catalogue's types as drawn (highlights.ts DRAWN_AS: the types that share a colour share a name):
 * a tint, and an underline with its colour on dark pages. Web pages get the tints alone: there a
 * `text-decoration` in `::highlight()` gives every marked text visual overflow, and each frame in which
 * marks change then pre-paints the whole document: 100 ranges registered on the dense 5 MB bench page
 * (no extension, Chromium 156, traced) cost 28-30 ms of pre-paint with the underline and 1 ms with the
 * tint alone, in the frame that paints the screen's marks and in every frame the highlight window re-cuts
 * on scroll. The tints alone tell the types apart, as they must in Firefox before 146. Extension pages
 * (the reader) keep the underlines; on dark pages their dark colours would vanish, so they lighten there.
 */
const TYPES: { layer: Layer; tint: string; line: string; darkLine: string }[] = [
  {
    layer: 'organisation',
    tint: 'rgba(255, 196, 0, 0.26)',
    line: 'rgba(176, 128, 0, 0.9)',
    darkLine: 'rgba(255, 210, 90, 0.9)',
  },
  {
    layer: 'person',
    tint: 'rgba(64, 156, 255, 0.22)',
    line: 'rgba(20, 90, 180, 0.9)',
    darkLine: 'rgba(140, 195, 255, 0.9)',
  },
  {
    layer: 'operation',
    tint: 'rgba(160, 100, 255, 0.22)',
    line: 'rgba(110, 60, 200, 0.9)',
    darkLine: 'rgba(195, 160, 255, 0.9)',
  },
  {
    layer: 'group',
    tint: 'rgba(255, 110, 90, 0.2)',
    line: 'rgba(180, 60, 40, 0.9)',
    darkLine: 'rgba(255, 160, 140, 0.9)',
  },
];

const TINTS: [Layer, string][] = TYPES.map((t) => [t.layer, `background-color: ${t.tint};`]);
const UNDERLINES: [Layer, string][] = TYPES.map((t) => [t.layer, `text-decoration: underline dotted ${t.line};`]);
const DARK_UNDERLINES: [Layer, string][] = TYPES.map((t) => [t.layer, `text-decoration-color: ${t.darkLine};`]);

/**
 * Layers only extension pages register: web pages draw 'own', 'clip', 'active' and 'flash' in
 * private-marks.ts (never in the page's registry) and never use 'quote', so a web page's sheet has no
 * rule for them (each styled name costs the page style work, highlights.ts DRAWN_AS).
 */
const EXTENSION_RULES: [Layer, string][] = [
  ['clip', 'background-color: rgba(60, 200, 120, 0.25);'],
  ['own', 'background-color: rgba(0, 170, 150, 0.28); text-decoration: underline solid rgba(0, 120, 105, 0.9);'],
  ['active', 'background-color: rgba(255, 200, 0, 0.55);'],
  ['quote', 'background-color: rgba(255, 200, 0, 0.55);'],
  ['flash', 'background-color: rgba(255, 120, 0, 0.7);'],
];

/**
 * Whether a web page's rules go on the root alone. A `::highlight()` rule with no element selector
 * matches every element, and Chromium then computes each element's highlight styles while the page
 * loads; with highlight inheritance (Chromium 134+: a highlight's style passes from parent to child,
 * across shadow boundaries too) `:root::highlight()` paints the same marks, and the page's style work
 * is as without the sheet (5 MB article, no extension, `UpdateLayoutTree` over the load, medians of 4:
 * no sheet 186 ms, four names on the root 190, four universal names 238). Firefox 153 has no highlight
 * inheritance: a rule on the root paints nothing below it there, so its build keeps universal rules.
 */
const ON_ROOT = !import.meta.env.FIREFOX;

function rules(list: [Layer, string][], prefix: string, scope: string): string {
  return list.map(([layer, decl]) => `${scope}::highlight(${highlightName(layer, prefix)}) { ${decl} }`).join('\n');
}

/**
 * The rules for a web page, or, with `extensionPage`, for an extension page, which draws every layer
 * itself; `onRoot`: on the root element only, for browsers with highlight inheritance (above).
 */
export function highlightCss(prefix: string = DOCUMENT_PREFIX, extensionPage = false, onRoot = ON_ROOT): string {
  if (!extensionPage) return rules(TINTS, prefix, onRoot ? ':root' : '');
  const light = [...TINTS, ...UNDERLINES, ...EXTENSION_RULES];
  return `${rules(light, prefix, '')}\n@media (prefers-color-scheme: dark) {\n${rules(DARK_UNDERLINES, prefix, '')}\n}`;
}

/**
 * The sheet for `prefix`, or undefined where constructable sheets are missing (the marks then go
 * unstyled). The document's own sheet is made once and shared by this extension's content scripts: it
 * is adopted at document_start (marks-style.ts), before the page has any element, because
 * adopting it later, when the page is loaded, makes the browser recompute the style of every element
 * (`::highlight()` rules match any element): measured in Chromium 156, the next frame took 69 ms on the
 * dense 100 KB bench page, 124 ms on the dense 1 MB one and 0.7–2.7 s on the dense 5 MB one.
 */
export function highlightSheet(
  win: Window & typeof globalThis = window,
  prefix: string = DOCUMENT_PREFIX,
  extensionPage = false,
): CSSStyleSheet | undefined {
  const own = win === globalThis.window && prefix === DOCUMENT_PREFIX && !extensionPage ? documentShared() : undefined;
  if (own?.sheet) return own.sheet;
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(highlightCss(prefix, extensionPage));
    if (own) own.sheet = sheet;
    return sheet;
  } catch {
    return undefined;
  }
}

/**
 * Adds the sheet to the document's adopted sheets, after the page's own. Called again later (cheaply):
 * a page that assigns document.adoptedStyleSheets wholesale drops it, and only the marks' colour is lost.
 */
export function adoptSheet(doc: Document, sheet: CSSStyleSheet | undefined): void {
  if (!sheet) return;
  try {
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // An XML document or a browser without adoptable sheets: marks stay unstyled, nothing else changes.
  }
}
