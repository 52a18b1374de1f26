/**
 * Describing a selection so that it can be found again on a later visit, and finding it: W3C
 * TextPositionSelector (start, end) plus TextQuoteSelector (exact, prefix, suffix), over the
 * textContent of a root (the body). Tried in the order hypothesis/client's anchoring
 * (src/annotator/anchoring/) tries them: the position when the text there is still the quote, then
 * the quote in its context, then the quote alone when it is unique. Pure DOM, no extension APIs.
 */
import type { QuoteSelector } from './schema.ts';

/** Characters of context kept on each side of the quote (hypothesis keeps 32). */
export const CONTEXT_CHARS = 32;

const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT, as a number: no window global needed.

function rootElement(root: Document | Element): Element {
  return 'body' in root ? (root.body ?? root.documentElement) : root;
}

/** Offset in root.textContent of a boundary point (node, offset). */
function textOffset(root: Element, node: Node, offset: number): number {
  const range = root.ownerDocument.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  // Range#toString concatenates the Text nodes in the range: the same characters textContent counts.
  return range.toString().length;
}

/** The selector of `range` within `root` (the body by default), or null when the range is outside it or empty. */
export function describeRange(
  range: Range,
  root: Document | Element = range.startContainer.ownerDocument ?? document,
): QuoteSelector | null {
  const el = rootElement(root);
  if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) return null;
  const text = el.textContent ?? '';
  const start = textOffset(el, range.startContainer, range.startOffset);
  const end = textOffset(el, range.endContainer, range.endOffset);
  if (end <= start) return null;
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: text.slice(end, end + CONTEXT_CHARS),
    start,
    end,
  };
}

/** A Range over characters [start, end) of root.textContent. */
export function rangeFromOffsets(root: Element, start: number, end: number): Range | null {
  const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
  const range = root.ownerDocument.createRange();
  let pos = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = (node as Text).length;
    // A boundary at the very end of a node is put at the start of the next one, except the end boundary.
    if (!started && start < pos + length) {
      range.setStart(node, start - pos);
      started = true;
    }
    if (started && end <= pos + length) {
      range.setEnd(node, end - pos);
      return range;
    }
    pos += length;
  }
  return null;
}

function indexesOf(text: string, exact: string): number[] {
  const hits: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) hits.push(i);
  return hits;
}

/** How many characters of context agree, read outwards from the quote. */
function contextScore(text: string, at: number, exact: string, prefix: string, suffix: string): number {
  let score = 0;
  for (let k = 1; k <= prefix.length && text[at - k] === prefix[prefix.length - k]; k++) score++;
  const after = at + exact.length;
  for (let k = 0; k < suffix.length && text[after + k] === suffix[k]; k++) score++;
  return score;
}

export type QuoteToFind = Pick<QuoteSelector, 'exact'> & Partial<Omit<QuoteSelector, 'exact'>>;

/**
 * Finds a saved quote in `root` (a document's body, or an element) and returns its Range, or null
 * when it is gone or ambiguous: marking the wrong passage is worse than marking none.
 */
export function anchorQuote(root: Document | Element, selector: QuoteToFind): Range | null {
  const el = rootElement(root);
  const text = el.textContent ?? '';
  const { exact, prefix = '', suffix = '', start, end } = selector;
  if (!exact) return null;

  // 1. Position: the page is unchanged up to the quote.
  if (start !== undefined && end !== undefined && text.slice(start, end) === exact) {
    return rangeFromOffsets(el, start, end);
  }

  const hits = indexesOf(text, exact);
  const near = (a: number, b: number): number =>
    start === undefined ? a - b : Math.abs(a - start) - Math.abs(b - start);
  const at = (i: number): Range | null => rangeFromOffsets(el, i, i + exact.length);

  // 2. Quote in its full context; if the context repeats too, the occurrence nearest the old position.
  const inContext = hits.filter((i) => contextScore(text, i, exact, prefix, suffix) === prefix.length + suffix.length);
  if (inContext.length > 0 && (prefix || suffix || hits.length === 1)) return at(inContext.sort(near)[0]!);

  // 3. The quote alone, when it occurs once.
  if (hits.length === 1) return at(hits[0]!);

  // Several occurrences, none in its full context: the one whose context agrees most, if only one does.
  if (hits.length > 1 && (prefix || suffix)) {
    const scored = hits.map((i) => ({ i, score: contextScore(text, i, exact, prefix, suffix) }));
    scored.sort((a, b) => b.score - a.score);
    const [best, second] = scored;
    if (best && best.score > 0 && (!second || best.score > second.score)) return at(best.i);
  }
  return null;
}
