/**
 * The page's rendered text as the matcher reads it: text nodes in document order, concatenated into
 * chunks, with a block separator wherever a block element starts or ends, and the offset of every node
 * so a match maps back to (node, offset) pairs. Chunks end only on block boundaries, so no name is cut
 * in two, and are small enough to scan well inside one frame.
 */
import { BLOCK_SEPARATOR } from '../match/chars';
import { BLOCK_TAGS, BREAK_TAGS, isSkippedElement } from './skip';

export interface TextChunk {
  text: string;
  nodes: Text[];
  /** Offset in `text` where each node's data starts. */
  starts: number[];
}

export interface WalkOptions {
  /** Close a chunk at the first block boundary after this many characters. */
  chunkSize?: number;
  /** Called for every open shadow root met on the way, which the caller scans as a root of its own. */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** Yield `null` every this many nodes, so a time-sliced caller can check its clock. */
  nodesPerYield?: number;
}

/** Finds the node and offset for a chunk offset (binary search over node starts). */
export function locate(chunk: TextChunk, offset: number, preferEnd = false): { index: number; node: Text; offset: number } {
  const { starts, nodes } = chunk;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = starts[mid]!;
    if (s < offset || (s === offset && !preferEnd)) lo = mid;
    else hi = mid - 1;
  }
  const node = nodes[lo]!;
  return { index: lo, node, offset: Math.min(offset - starts[lo]!, node.data.length) };
}

/** Nearest ancestor-or-self that starts a block, memoised over one walk. */
function blockOf(el: Element | null, memo: Map<Element, Element | null>): Element | null {
  const chain: Element[] = [];
  let found: Element | null = null;
  for (let e = el; e; e = e.parentElement) {
    const known = memo.get(e);
    if (known !== undefined) {
      found = known;
      break;
    }
    chain.push(e);
    if (BLOCK_TAGS.has(e.tagName)) {
      found = e;
      break;
    }
  }
  for (const e of chain) memo.set(e, found);
  return found;
}

/**
 * Walks `root` (an element, document, document fragment or shadow root) and yields its text in chunks.
 * A generator so that the scanner can spread a huge page over many short tasks.
 */
export function* walkText(root: Node, options: WalkOptions = {}): Generator<TextChunk | null, void, void> {
  const chunkSize = options.chunkSize ?? 16_384;
  const nodesPerYield = options.nodesPerYield ?? 512;
  const doc = root.ownerDocument ?? (root as Document);
  // Assigned inside acceptNode, which runs during nextNode() before the text node it precedes.
  // eslint-disable-next-line prefer-const
  let lineBreak = false;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === 1) {
        const el = node as Element;
        if (isSkippedElement(el)) return NodeFilter.FILTER_REJECT;
        if (BREAK_TAGS.has(el.tagName)) lineBreak = true;
        else if (el.shadowRoot && options.onShadowRoot) options.onShadowRoot(el.shadowRoot);
        return NodeFilter.FILTER_SKIP;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const memo = new Map<Element, Element | null>();
  let parts: string[] = [];
  let nodes: Text[] = [];
  let starts: number[] = [];
  let length = 0;
  let block: Element | null | undefined;
  let sinceYield = 0;

  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const data = t.data;
    if (++sinceYield >= nodesPerYield) {
      sinceYield = 0;
      yield null;
    }
    if (!data) continue;
    const b = blockOf(t.parentElement, memo);
    if (b !== block || lineBreak) {
      lineBreak = false;
      if (length >= chunkSize) {
        yield { text: parts.join(''), nodes, starts };
        parts = [];
        nodes = [];
        starts = [];
        length = 0;
      } else if (length > 0) {
        parts.push(BLOCK_SEPARATOR);
        length += 1;
      }
      block = b;
    }
    nodes.push(t);
    starts.push(length);
    parts.push(data);
    length += data.length;
  }
  if (nodes.length) yield { text: parts.join(''), nodes, starts };
}

/** Convenience for tests and small roots: every chunk at once. */
export function collectText(root: Node, options: WalkOptions = {}): TextChunk[] {
  const out: TextChunk[] = [];
  for (const c of walkText(root, options)) if (c) out.push(c);
  return out;
}
