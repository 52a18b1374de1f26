/**
 * What a reader does not read as prose, or what belongs to the user: never scanned, never marked.
 */

/**
 * Elements whose whole subtree is skipped. Tag sets hold local names (lower case), compared with
 * `localName`: `tagName` is upper case only for HTML elements in HTML documents, not in XHTML or SVG.
 */
export const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'optgroup',
  'datalist',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'head',
  'title',
  'meta',
  'link',
  'svg',
  'math',
  'noframes',
]);

/**
 * Elements that start a new block of text: a name never runs across them, and context windows stop at
 * them. Tag names are enough here; asking the layout engine for `display` on every node would cost more
 * than the whole scan.
 */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'button',
  'label',
]);

/**
 * Blocks whose content is phrasing only (the HTML parser closes a <p> before any block opens): a point
 * inside one cannot land on another block, and their children are runs of inline text, never a stack of
 * boxes.
 */
export const PHRASING_BLOCK_TAGS = new Set(['p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Empty elements that break a line: the text on either side never forms one name. */
export const BREAK_TAGS = new Set(['br', 'hr', 'img']);

/** Attribute the extension's own host element carries, so that it is never scanned or observed. */
export const HOST_ATTRIBUTE = 'data-context-reader-host';

/** Our host, hidden content, and editable regions (`contenteditable` of any value but "false"). */
const SKIPPED_BY_ATTRIBUTE = `[${HOST_ATTRIBUTE}],[hidden],[contenteditable]:not([contenteditable="false" i])`;

/**
 * Elements that can hold a shadow root: those `attachShadow` accepts (and declarative shadow DOM too),
 * besides custom elements, whose names hold a hyphen. A walk asks the others nothing: the <b>, <a> and
 * <em> of a page's text are most of its elements, and each question is a call into the DOM.
 */
const SHADOW_HOST_TAGS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);

/**
 * Inline elements that change nothing the walk reads: not skipped, no block, no line break, and no
 * shadow root but a span's (the walk asks spans separately). A block whose descendants are all of these
 * is read as a run of text nodes, without a question per element (lib/page/text-index.ts).
 */
export const PLAIN_INLINE_TAGS = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdi',
  'bdo',
  'big',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'nobr',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/** Any element a plain block cannot hold: one that is not plain inline, or that is skipped by attribute. */
export const NOT_PLAIN_INLINE = `:not(${[...PLAIN_INLINE_TAGS].join(',')}),${SKIPPED_BY_ATTRIBUTE}`;

/** Whether an element of this local name can be a shadow host. */
export function canHostShadow(localName: string): boolean {
  return SHADOW_HOST_TAGS.has(localName) || localName.includes('-');
}

/** Whether an element's subtree is left alone: code, forms, editable regions, hidden content, our UI. */
export function isSkippedElement(el: Element, localName = el.localName): boolean {
  if (SKIP_TAGS.has(localName)) return true;
  // Most elements of a page's text (<b>, <em>, <p>) carry no attribute: one call instead of three.
  if (!el.hasAttributes()) return false;
  // One call for the three attributes that skip (on the dense bench pages a third of the inline elements
  // are links with an href; three calls each cost the dense 1 MB page's walk ~2 ms more than one match).
  return el.matches(SKIPPED_BY_ATTRIBUTE);
}

/** Whether a node sits inside a skipped subtree (for nodes reached through mutations, not the walk). */
export function isInsideSkipped(node: Node, stopAt: Node | null = null): boolean {
  for (
    let el: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement;
    el && el !== stopAt;
    el = el.parentElement
  ) {
    if (isSkippedElement(el)) return true;
  }
  return false;
}
