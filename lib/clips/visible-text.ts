/**
 * Readable text of a DOM subtree, close to what `innerText` gives but without layout: paragraphs
 * separated by blank lines, whitespace collapsed, hidden and non-text elements skipped. Used for a
 * clip's clean text and for the fallback when Readability finds no article (extraction silently
 * dropping content is the complaint users have of clippers: obsidian-clipper #308, #386).
 * Pure DOM: works on a detached or DOMPurify-built tree as well as on the live page.
 */

/** Elements whose content is never text a reader sees. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'SVG',
  'svg',
  'MATH',
  'math',
  'SELECT',
  'OPTION',
  'DATALIST',
  'AUDIO',
  'VIDEO',
  'PICTURE',
  'IMG',
]);

/** Elements that start a new paragraph. */
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TFOOT',
  'THEAD',
  'TR',
  'UL',
  'CAPTION',
]);

/** Hidden by markup, or (on a rendered page) by its computed style. */
export function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  // Only a document in a window has computed styles (not DOMParser or DOMPurify documents).
  const view = el.ownerDocument.defaultView;
  if (view && el.isConnected) {
    const computed = view.getComputedStyle(el);
    return computed.display === 'none' || computed.visibility === 'hidden';
  }
  return false;
}

const PARAGRAPH = '\u0000';

/** The visible text of `root`: paragraphs separated by "\n\n", lines (br) by "\n". */
export function visibleText(root: Node, hidden: (el: Element) => boolean = isHidden): string {
  const out: string[] = [];
  const walk = (node: Node, pre: boolean): void => {
    if (node.nodeType === 3 /* TEXT_NODE */) {
      const data = (node as Text).data;
      out.push(pre ? data : data.replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 /* ELEMENT_NODE */ && node.nodeType !== 9 && node.nodeType !== 11) return;
    if (node.nodeType === 1) {
      const el = node as Element;
      const tag = el.tagName.toUpperCase();
      if (SKIP.has(tag) || hidden(el)) return;
      if (tag === 'BR') {
        out.push('\n');
        return;
      }
      const block = BLOCK.has(tag);
      if (block) out.push(PARAGRAPH);
      else if (tag === 'TD' || tag === 'TH') out.push(' ');
      const inPre = pre || tag === 'PRE' || tag === 'TEXTAREA';
      for (let child = el.firstChild; child; child = child.nextSibling) walk(child, inPre);
      if (block) out.push(PARAGRAPH);
      return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, pre);
  };
  walk(root, false);
  return out
    .join('')
    .split(PARAGRAPH)
    .map((para) =>
      para
        .split('\n')
        .map((line) => line.replace(/[ \t\f\r\u00a0]+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .filter((para) => para.length > 0)
    .join('\n\n');
}
