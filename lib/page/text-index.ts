/**
 * The page's rendered text as the matcher reads it: text nodes in document order, concatenated into
 * chunks, with a block separator wherever a block element starts or ends, and the offset of every node
 * so a match maps back to (node, offset) pairs. Chunks end only on block boundaries, so no name is cut
 * in two, and are small enough to scan well inside one frame.
 */
import { BLOCK_SEPARATOR } from '../match/chars';
import { hasMoreElementChildren } from './child-count';
import { BLOCK_TAGS, BREAK_TAGS, NOT_PLAIN_INLINE, canHostShadow, isInsideSkipped, isSkippedElement } from './skip';

/**
 * What a chunk's text is read from: a text node, or a plain block (a paragraph of inline markup) standing
 * for all of its text. A block's text nodes are looked up only when something in it is located (a name
 * found there): `locate` puts them in its place.
 */
export type ChunkNode = Text | Element;

export interface TextChunk {
  text: string;
  nodes: ChunkNode[];
  /** Offset in `text` where each node's data starts. */
  starts: number[];
}

export interface WalkOptions {
  /** Close a chunk at the first block boundary after this many characters (read as the walk goes). */
  chunkSize?: number;
  /**
   * Inside one block, close a chunk at the first sentence end between two text nodes after this many
   * characters: a 2 MB paragraph would otherwise be read whole before anything in it is marked. No alias
   * holds sentence punctuation, so no name is cut; near-evidence does not reach across the cut. Read as
   * the walk goes, like `chunkSize`: a caller may change either between chunks.
   */
  maxBlockChunk?: number;
  /** Called for every open shadow root met on the way, which the caller scans as a root of its own. */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** Yield `null` every this many nodes, so a time-sliced caller can check its clock. */
  nodesPerYield?: number;
  /**
   * The caller's clock, asked every 64 nodes: true yields `null` at once. A fixed count of nodes per step
   * is no measure of time (1,024 nodes of a page with markup every few words are ~1 ms, of long nodes
   * several), so a step stops on time instead of at a count.
   */
  due?: () => boolean;
  /**
   * Elements whose text the caller has already read (viewport blocks scanned ahead of a page walk); the
   * set may grow while the walk runs, and is consulted for elements the walk has not classified yet.
   */
  stepOver?: ReadonlySet<Element>;
  /**
   * Read a block of plain inline markup whole (its `textContent`, one entry in the chunk) instead of node
   * by node; its text nodes are found only if `locate` is asked for a place in it. Default true.
   */
  wholeBlocks?: boolean;
}

/** A place in a chunk: the text node (null when a block read whole has lost its text since) and offset. */
export interface Located {
  index: number;
  node: Text | null;
  offset: number;
}

/**
 * Finds the node and offset for a chunk offset (binary search over node starts). A block read whole is
 * replaced in the chunk by its text nodes first, so `index` is into the chunk's nodes as they are after.
 */
export function locate(chunk: TextChunk, offset: number, preferEnd = false): Located {
  const { starts, nodes } = chunk;
  let lo = 0;
  let hi = starts.length - 1;
  for (;;) {
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const s = starts[mid]!;
      if (s < offset || (s === offset && !preferEnd)) lo = mid;
      else hi = mid - 1;
    }
    const node = nodes[lo]!;
    if (node.nodeType === 3) {
      // `length`, not `data.length`: the node's text is not made a JS string for it.
      return { index: lo, node: node as Text, offset: Math.min(offset - starts[lo]!, (node as Text).length) };
    }
    const added = expandBlock(chunk, lo);
    if (!added) return { index: lo, node: null, offset: 0 };
    hi = lo + added - 1;
  }
}

/**
 * Puts a block read whole back as its text nodes (those with text, as the walk reads them), in place;
 * returns how many. The chunk's text is what the block read then: if the page changed the block since,
 * offsets are clamped to the nodes (the change is rescanned anyway).
 */
function expandBlock(chunk: TextChunk, i: number): number {
  const el = chunk.nodes[i] as Element;
  const texts: Text[] = [];
  const starts: number[] = [];
  let at = chunk.starts[i]!;
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = (n as Text).length;
    if (!len) continue;
    texts.push(n as Text);
    starts.push(at);
    at += len;
  }
  if (!texts.length) return 0;
  chunk.nodes.splice(i, 1, ...texts);
  chunk.starts.splice(i, 1, ...starts);
  return texts.length;
}

/** What the walk needs to know about a text node's parent: skipped or not, and its block. */
interface ParentInfo {
  skip: boolean;
  block: Element | null;
}

const TOP: ParentInfo = { skip: false, block: null };

/**
 * Classifies a text node's parent by its ancestors: its block is the nearest block ancestor, and it is
 * skipped when the caller has read it or an ancestor meanwhile (`stepOver`). Skipped elements (script,
 * form field, editable region, our host) never get here: the walk steps over them. Classifying parents
 * here is several times faster than a TreeWalker with a JavaScript filter called for every node.
 *
 * The known ancestors are a stack (the path to the last element classified), searched by identity, not
 * a Map: a Map or WeakMap key gets an identity hash, which keeps the key's JS wrapper alive as long as
 * the element lives (V8 drops an unmodified DOM wrapper, not a hashed one). Memoised in a Map, the
 * 163,000 inline elements of the dense 5 MB page stayed wrapped after the walk, ~2 MB of heap.
 */
class Ancestry {
  private readonly els: Element[] = [];
  private readonly infos: ParentInfo[] = [];

  constructor(private readonly stepOver?: ReadonlySet<Element>) {}

  classify(el: Element | null): ParentInfo {
    const chain: Element[] = [];
    let depth = 0;
    for (let e = el; e; e = e.parentElement) {
      const at = this.els.lastIndexOf(e);
      if (at >= 0) {
        depth = at + 1;
        break;
      }
      chain.push(e);
    }
    this.els.length = depth;
    this.infos.length = depth;
    let info = depth ? this.infos[depth - 1]! : TOP;
    for (let i = chain.length - 1; i >= 0; i--) {
      const e = chain[i]!;
      info = {
        // The walk has already stepped over skipped elements (and checked the root's ancestors): only
        // what the caller read while the walk was paused is left to find here.
        skip: info.skip || (this.stepOver !== undefined && this.stepOver.has(e)),
        block: BLOCK_TAGS.has(e.localName) ? e : info.block,
      };
      this.els.push(e);
      this.infos.push(info);
    }
    return info;
  }
}

/**
 * Moves `walker` past the subtree of its current node: to the next sibling, or the next sibling of the
 * nearest ancestor that has one. Null at the end of the walk's root.
 */
function pastSubtree(walker: TreeWalker): Node | null {
  for (;;) {
    const next = walker.nextSibling();
    if (next) return next;
    if (!walker.parentNode()) return null;
  }
}

/** The inline element of a block at which the walk asks whether the block is plain. */
const PLAIN_AFTER_INLINE = 3;
/**
 * The most element children a block may have to be asked whether it is plain: the question is one
 * uninterrupted selector match over its descendants, and a 2 MB paragraph's 40,000 inline elements are
 * left to the node-by-node walk, which stops on the caller's clock.
 */
const PLAIN_MAX_CHILDREN = 512;

const SENTENCE_END = /[.!?]["'”’)\]]?\s*$/;

/** Whether a sentence ends where `before` meets `after` (whitespace on one side of the seam). */
function sentenceEndsBetween(before: string, after: string): boolean {
  return SENTENCE_END.test(before) && (/\s$/.test(before) || /^\s/.test(after));
}

/**
 * Walks `root` (an element, document, document fragment or shadow root) and yields its text in chunks.
 * A generator so that the scanner can spread a huge page over many short tasks.
 *
 * One walk over elements and text together: elements are where open shadow roots are found and where a
 * line break (<br>, <hr>, <img>) shows, and a skipped element's subtree (a script, an <svg>, a hidden
 * region, what the caller has read already) is stepped over without visiting its nodes. Each node
 * visited costs a JS wrapper, and in a content script's isolated world every wrapper is an entry in a
 * map with a weak handle: a second, element-only walk for shadow roots made the dense 5 MB page's
 * 182,000 elements wrapped twice, and minor GCs processing those handles paused the walk 10-30 ms at a
 * time (traced in Chromium 156: scavenges of up to 16 ms, 3/4 of it in weak-handle processing).
 *
 * A block element with inline markup in it is asked, with one selector match, whether it holds plain
 * inline elements only (<a>, <b>, <em>, <span> …: the paragraphs of an article); if so, it is read whole,
 * its `textContent` one entry of the chunk, and none of its nodes is visited (its spans are asked for
 * shadow roots): `locate` looks its text nodes up only where a name is found. Most paragraphs of most
 * pages hold no name, and a visited node costs a JS wrapper (a 100 KB section appended to a news page:
 * the rescan 21.0 → 15.2 ms at the median, sparse article; 22.8 → 16.2 on a page dense with names).
 * A block that is not plain is read node by node, and asked at its third inline element right after
 * its text whether the rest of it is plain: then the rest is read with no question per element and no
 * parent lookup per text node.
 */
// One loop, its state in the generator's locals and the element step written into it: with the state on
// an object, then with the element step a function of its own, the 50,000-node thread page's walk read
// 8-20% slower in A/B runs (an isolated-world probe, the bench's profiles); written in, +7%.
// eslint-disable-next-line max-lines-per-function
export function* walkText(root: Node, options: WalkOptions = {}): Generator<TextChunk | null, void, void> {
  const walker = openWalk(root, options);
  if (!walker) return;
  const nodesPerYield = options.nodesPerYield ?? 1024;
  const { due, onShadowRoot, stepOver } = options;
  const wholeBlocks = options.wholeBlocks !== false;
  const maxBlockChunk = (): number => options.maxBlockChunk ?? 65_536;
  const ancestry = new Ancestry(stepOver);
  let parts: string[] = [];
  let nodes: ChunkNode[] = [];
  let starts: number[] = [];
  let length = 0;
  let block: Element | null | undefined;
  /** A line-breaking element was met since the last text node. */
  let broken = false;
  let parent: Element | null | undefined;
  let info: ParentInfo = TOP;
  let sinceYield = 0;
  /** The plain block being read, if one is, and the first node past it (null: the end of the walk). */
  let plain: Element | null = null;
  let plainEnd: Node | null = null;
  /** Inline elements met since the block's first text, and the last text node read. */
  let inline = 0;
  let lastText: Text | null = null;

  for (let n = walker.nextNode(); ;) {
    if (++sinceYield >= nodesPerYield || (due && (sinceYield & 63) === 0 && due())) {
      sinceYield = 0;
      yield null;
    }
    let t: ChunkNode;
    let b: Element | null;
    let data: string;
    // Inside a plain block (to the walk's end when the block holds the walk's root): its inline elements
    // ask nothing (a span, whether it hosts a shadow root), its text nodes belong to it.
    if (plain && n && n !== plainEnd) {
      const inside = n;
      n = walker.nextNode();
      if (inside.nodeType === 1) {
        if (onShadowRoot && (inside as Element).localName === 'span') reportShadow(inside as Element, onShadowRoot);
        continue;
      }
      const text = inside as Text;
      t = text;
      b = plain;
      data = text.data;
    } else {
      plain = null;
      if (!n) break;
      if (n.nodeType === 1) {
        const el = n as Element;
        const name = el.localName;
        if (isSkippedElement(el, name) || (stepOver !== undefined && stepOver.has(el))) {
          n = pastSubtree(walker);
          continue;
        }
        if (BREAK_TAGS.has(name)) {
          broken = true;
          n = walker.nextNode();
          continue;
        }
        if (onShadowRoot && canHostShadow(name)) reportShadow(el, onShadowRoot);
        const isBlock = BLOCK_TAGS.has(name);
        // A paragraph of plain inline markup is read whole: none of its nodes is visited.
        const whole = isBlock && wholeBlocks ? wholeText(el, maxBlockChunk()) : null;
        if (whole === null) {
          // A block's third inline element: the rest of the block may be plain (asked once per block;
          // a comment's byline or a one-link paragraph is not worth the question).
          if (!isBlock && ++inline === PLAIN_AFTER_INLINE && (plain = plainRest(el, block, lastText)))
            plainEnd = nodeAfter(plain, root);
          n = walker.nextNode();
          continue;
        }
        n = pastSubtree(walker);
        // Read meanwhile by the caller, with an ancestor (the screen's blocks, read while the walk paused).
        if (stepOver !== undefined && ancestry.classify(el.parentElement).skip) continue;
        if (onShadowRoot) for (const span of el.getElementsByTagName('span')) reportShadow(span, onShadowRoot);
        if (!whole) continue;
        t = el;
        b = el;
        data = whole;
      } else {
        const text = n as Text;
        n = walker.nextNode();
        const pe = text.parentElement;
        if (pe !== parent) {
          parent = pe;
          info = ancestry.classify(pe);
        }
        if (info.skip) continue;
        t = text;
        b = info.block;
        data = text.data;
      }
    }
    if (!data) continue;
    const newBlock = b !== block || (broken && length > 0);
    if (
      newBlock
        ? length >= (options.chunkSize ?? 16_384)
        : length >= maxBlockChunk() && sentenceEndsBetween(parts[parts.length - 1]!, data)
    ) {
      yield { text: parts.join(''), nodes, starts };
      parts = [];
      nodes = [];
      starts = [];
      length = 0;
    } else if (newBlock && length > 0) {
      parts.push(BLOCK_SEPARATOR);
      length += 1;
    }
    if (newBlock) inline = 0;
    block = b;
    lastText = t === b ? null : (t as Text);
    broken = false;
    nodes.push(t);
    starts.push(length);
    parts.push(data);
    length += data.length;
  }
  if (nodes.length) yield { text: parts.join(''), nodes, starts };
}

/** The node the walk meets after `el`'s subtree (an element or a text node), null at the end of `root`. */
function nodeAfter(el: Node, root: Node): Node | null {
  for (let x: Node | null = el; x && x !== root; x = x.parentNode)
    for (let s = x.nextSibling; s; s = s.nextSibling) if (s.nodeType === 1 || s.nodeType === 3) return s;
  return null;
}

/**
 * The walker over `root`'s elements and text, null when `root` is inside a skipped element (a rescan of a
 * node inside a form field, say). A TreeWalker never returns its root: a rescanned shadow host's root is
 * reported here.
 */
function openWalk(root: Node, options: WalkOptions): TreeWalker | null {
  if (root.nodeType === 1 && isInsideSkipped(root)) return null;
  if (options.onShadowRoot) reportShadow(root as Element, options.onShadowRoot);
  const doc = root.ownerDocument ?? (root as Document);
  return doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
}

function reportShadow(el: Element, onShadowRoot: (root: ShadowRoot) => void): void {
  const sr = el.shadowRoot;
  if (sr) onShadowRoot(sr);
}

/**
 * The block whose rest the walk can read as plain from inline element `el` on: the block of the text
 * node just read, when `el` follows that node in it and the block holds plain inline elements only (a
 * bounded number of them: the question is one selector match). Null otherwise.
 */
function plainRest(el: Element, block: Element | null | undefined, lastText: Text | null): Element | null {
  if (!block || !lastText || el.previousSibling !== lastText) return null;
  return holdsPlainOnly(block) ? block : null;
}

/**
 * Whether `block` holds plain inline elements only, a bounded number of them (one selector match). With
 * no `elements` (its count of element children, where the caller has it) the children are counted only
 * up to the bound: asked in the middle of a block the walk visits node by node anyway, where a 2 MB
 * paragraph's whole count cost 4–6 ms (lib/page/child-count.ts).
 */
function holdsPlainOnly(block: Element, elements?: number): boolean {
  const tooMany =
    elements === undefined ? hasMoreElementChildren(block, PLAIN_MAX_CHILDREN) : elements > PLAIN_MAX_CHILDREN;
  return !tooMany && !block.querySelector(NOT_PLAIN_INLINE);
}

/**
 * The text of block `el` when it can be read whole: it holds plain inline elements only, one or more (a
 * bounded number of them: the question is one selector match), and no more than `max` characters (a
 * longer one is read node by node, to be cut at a sentence end between two nodes). Null otherwise.
 */
function wholeText(el: Element, max: number): string | null {
  // A count, not `firstElementChild` or a bounded step along the children (JS wrappers for them: most
  // blocks the walk meets are asked this); a giant block pays its whole count here, once, when the walk
  // reaches it. A block with no element holds its text nodes alone (most often one): nothing to save.
  const elements = el.childElementCount;
  if (!elements || !holdsPlainOnly(el, elements)) return null;
  const text = el.textContent ?? '';
  return text.length <= max ? text : null;
}

/** Convenience for tests and small roots: every chunk at once. */
export function collectText(root: Node, options: WalkOptions = {}): TextChunk[] {
  const out: TextChunk[] = [];
  for (const c of walkText(root, options)) if (c) out.push(c);
  return out;
}
