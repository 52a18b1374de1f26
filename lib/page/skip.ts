/**
 * What a reader does not read as prose, or what belongs to the user: never scanned, never marked.
 */

/** Elements whose whole subtree is skipped. */
export const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'OPTGROUP', 'DATALIST',
  'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'CANVAS', 'VIDEO', 'AUDIO', 'HEAD', 'TITLE', 'META', 'LINK',
  'svg', 'SVG', 'math', 'MATH',
]);

/**
 * Elements that start a new block of text: a name never runs across them, and context windows stop at
 * them. Tag names are enough here; asking the layout engine for `display` on every node would cost more
 * than the whole scan.
 */
export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIR',
  'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY',
  'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'BUTTON', 'LABEL',
]);

/** Empty elements that break a line: the text on either side never forms one name. */
export const BREAK_TAGS = new Set(['BR', 'HR', 'IMG']);

/** Attribute the extension's own host element carries, so that it is never scanned or observed. */
export const HOST_ATTRIBUTE = 'data-context-reader-host';

/** Whether an element's subtree is left alone: code, forms, editable regions, hidden content, our UI. */
export function isSkippedElement(el: Element): boolean {
  if (SKIP_TAGS.has(el.tagName)) return true;
  if (el.hasAttribute(HOST_ATTRIBUTE)) return true;
  if (el.hasAttribute('hidden')) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return true;
  return false;
}

/** Whether a node sits inside a skipped subtree (for nodes reached through mutations, not the walk). */
export function isInsideSkipped(node: Node, stopAt: Node | null = null): boolean {
  for (let el: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement; el && el !== stopAt; el = el.parentElement) {
    if (isSkippedElement(el)) return true;
  }
  return false;
}
