/**
 * Marking a passage of a clip in its reading view. A card's passage is known by offsets in the clip's
 * `text` (its visible text), but the reading view shows the clip's `html`, whose textContent differs from
 * that text in whitespace only (the text was read from the same sanitised HTML, with line breaks where
 * blocks end). So the passage is looked for with whitespace left out on both sides, its neighbouring text
 * breaking ties, then wrapped in <mark> elements (one per text node it spans: a passage may cross
 * <b> or <a>). Pure DOM, no extension APIs; used on an inert document, before the reading frame gets it.
 */
import type { ClipSpan } from './routes';

/** The id of the passage's first <mark>, the reading frame's fragment. */
export const PASSAGE_ID = 'cr-passage';

/** Characters of the clip's text either side of the passage that break ties between repeats. */
const CONTEXT = 48;

const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT

interface Squeezed {
  /** The text without whitespace. */
  text: string;
  /** The text nodes, with where each one's characters begin in `text`. */
  nodes: { node: Text; from: number }[];
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

function squeezeNodes(root: Element): Squeezed {
  const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
  const parts: string[] = [];
  const nodes: Squeezed['nodes'] = [];
  let length = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const part = squeeze(node.data);
    if (!part) continue;
    nodes.push({ node, from: length });
    parts.push(part);
    length += part.length;
  }
  return { text: parts.join(''), nodes };
}

/** Offset in `data` of its `n`th character that is not whitespace. */
function offsetOfNth(data: string, n: number): number {
  let seen = -1;
  for (let i = 0; i < data.length; i++) if (!/\s/.test(data[i]!) && ++seen === n) return i;
  return data.length;
}

/** How many characters of context agree around a hit, read outwards. */
function agreement(text: string, hit: number, length: number, before: string, after: string): number {
  let n = 0;
  for (let k = 1; k <= before.length && text[hit - k] === before[before.length - k]; k++) n++;
  for (let k = 0; k < after.length && text[hit + length + k] === after[k]; k++) n++;
  return n;
}

/**
 * Wraps the passage [span.start, span.end) of `clipText` where it occurs under `root`, the first <mark>
 * with id PASSAGE_ID. Returns false, changing nothing, when the passage is not there.
 */
export function markPassage(root: Element, clipText: string, span: ClipSpan): boolean {
  const exact = squeeze(clipText.slice(span.start, span.end));
  if (!exact) return false;
  const before = squeeze(clipText.slice(Math.max(0, span.start - CONTEXT), span.start));
  const after = squeeze(clipText.slice(span.end, span.end + CONTEXT));
  const doc = squeezeNodes(root);
  // Where the passage would be if the two texts had the same proportions: the last tie-breaker.
  const expected =
    (squeeze(clipText.slice(0, span.start)).length / Math.max(1, squeeze(clipText).length)) * doc.text.length;
  let best = -1;
  let bestScore = -1;
  for (let i = doc.text.indexOf(exact); i !== -1; i = doc.text.indexOf(exact, i + 1)) {
    const score = agreement(doc.text, i, exact.length, before, after);
    if (score > bestScore || (score === bestScore && Math.abs(i - expected) < Math.abs(best - expected))) {
      best = i;
      bestScore = score;
    }
  }
  if (best < 0) return false;
  wrap(root.ownerDocument, doc, best, best + exact.length);
  return true;
}

/** Wraps squeezed characters [from, to), node by node, each run in one <mark>; the first gets the id. */
function wrap(doc: Document, { nodes }: Squeezed, from: number, to: number): void {
  const runs: { node: Text; start: number; end: number }[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const { node, from: at } = nodes[i]!;
    const next = nodes[i + 1]?.from ?? Infinity;
    if (next <= from) continue;
    if (at >= to) break;
    const a = Math.max(from, at) - at;
    const b = Math.min(to, next) - at;
    runs.push({ node, start: offsetOfNth(node.data, a), end: offsetOfNth(node.data, b - 1) + 1 });
  }
  // Back to front, so that splitting a node does not move the offsets of runs still to wrap.
  for (let i = runs.length - 1; i >= 0; i--) {
    const { node, start, end } = runs[i]!;
    const middle = node.splitText(start);
    middle.splitText(end - start);
    const mark = doc.createElement('mark');
    mark.className = PASSAGE_ID;
    if (i === 0) mark.id = PASSAGE_ID;
    middle.replaceWith(mark);
    mark.append(middle);
  }
}
