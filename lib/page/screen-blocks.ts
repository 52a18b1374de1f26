/**
 * What is on screen, as blocks to mark first: a text block many screens tall under the screen's centre
 * (found by rects), nine hit points over the rest of the viewport, and the siblings of the blocks found
 * that reach into it. Nothing here may run outside a frame (a hit test or a rect on a page not laid out
 * yet forces that layout inside the caller's task).
 */
import { BLOCK_TAGS, PHRASING_BLOCK_TAGS, isInsideSkipped, isSkippedElement } from './skip';
import { elementAtPoint, type KnownList } from './stacked-list';

/** Siblings of a block on screen looked at on each side (a list of thousands must not cost a rect each). */
const SIBLINGS = 40;

/**
 * Innermost blocks under a grid of points over the viewport: what the reader sees right now. To be
 * called inside a frame, after its layout: on a page not laid out yet, the first hit test lays it out
 * whole (scanner.ts).
 */
export function screenBlocks(doc: Document): Element[] {
  const win = doc.defaultView;
  if (!win || typeof doc.elementFromPoint !== 'function') return [];
  const w = win.innerWidth;
  const h = win.innerHeight;
  const found = new Set<Element>();
  /** Rects of found blocks that hold no other block: a point inside one would land there again. */
  const leaves: DOMRect[] = [];
  /** Long lists the hits landed in: the next points over them are searched by rect (stacked-list.ts). */
  const lists: KnownList[] = [];
  // A text block many screens tall under the screen's centre is found by rects, not hit-tested: a hit
  // test into it walks its lines (the one-paragraph page's `<p>` of 2 MB: 3.3 ms in a CPU profile on
  // the Xeon VM; with the CPU slowed 4×, the lookup took 13–17 ms of the frame's 20 with it, 1.4–2.4
  // without). Every point inside the part of it that shows would land in it again.
  const tall = tallTextBlockAt(doc, w / 2, h / 2, h);
  if (tall && !isInsideSkipped(tall.el)) {
    found.add(tall.el);
    leaves.push(tall.shown);
  }
  // Nine points, not more: each is a hit-test, which walks the siblings of what it lands on (36 points
  // cost 57–82 ms on the 50,000-node thread, whose list is one long row of siblings), and one into a
  // giant text node costs ~0.7 ms (the 2 MB <pre> and one-paragraph pages: 6–7 ms for the nine).
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const x = ((col + 0.5) * w) / 3;
      const y = ((row + 0.5) * h) / 3;
      if (leaves.some((r) => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) continue;
      let el = elementAtPoint(lists, x, y, (px, py) => doc.elementFromPoint(px, py), doc.body);
      while (el && !BLOCK_TAGS.has(el.localName)) el = el.parentElement;
      if (!el || el === doc.body || el === doc.documentElement) continue;
      if (isInsideSkipped(el)) continue;
      found.add(el);
      if (PHRASING_BLOCK_TAGS.has(el.localName)) leaves.push(el.getBoundingClientRect());
    }
  }
  // Keep the innermost: an outer wrapper may hold the whole page.
  const hit = [...found].filter((a) => ![...found].some((b) => b !== a && a.contains(b)));
  // Nine points miss the blocks between them (a screen of short paragraphs shows a dozen): each hit
  // block's siblings are added while they reach into the screen, a rect each (layout is clean here).
  const out = new Set(hit);
  for (const b of hit) {
    for (let sib = b.previousElementSibling, n = 0; sib && n < SIBLINGS; sib = sib.previousElementSibling, n++)
      if (!addIfOnScreen(sib, out, h, true)) break;
    for (let sib = b.nextElementSibling, n = 0; sib && n < SIBLINGS; sib = sib.nextElementSibling, n++)
      if (!addIfOnScreen(sib, out, h, false)) break;
  }
  return [...out];
}

/** Element children looked at per level on the way down to a tall text block (by rect each). */
const DESCENT_CHILDREN = 32;
/** A text block this many screens tall costs a hit test enough to be looked for by rects first. */
const TALL_SCREENS = 3;

/**
 * The paragraph-like block (`p`, `pre`, `h1`–`h6`) at (x, y) when it is more than TALL_SCREENS screens
 * tall, found from the body down by rects, in normal flow: at each level the first of the first
 * DESCENT_CHILDREN element children whose box holds the point. Null wherever that does not lead to one
 * (a long list, a grid of many children, an ordinary paragraph): the hit tests decide there. `shown` is
 * its box cut to every box on the way down, so that a block inside a scrolling box counts only where
 * that box shows it.
 */
function tallTextBlockAt(doc: Document, x: number, y: number, h: number): { el: Element; shown: DOMRect } | null {
  let el: Element | null = doc.body;
  let shown = new DOMRect(-1e9, -1e9, 2e9, 2e9);
  for (let depth = 0; el && depth < 16; depth++) {
    let next: Element | null = null;
    let box: DOMRect | null = null;
    let child: Element | null = el.firstElementChild;
    for (let i = 0; child && i < DESCENT_CHILDREN; i++, child = child.nextElementSibling) {
      const r = child.getBoundingClientRect();
      if (x >= r.left && x < r.right && y >= r.top && y < r.bottom) {
        next = child;
        box = r;
        break;
      }
    }
    if (!next || !box) return null;
    shown = cut(shown, box);
    if (PHRASING_BLOCK_TAGS.has(next.localName)) return box.height > TALL_SCREENS * h ? { el: next, shown } : null;
    el = next;
  }
  return null;
}

/** The part of `a` inside `b`. */
function cut(a: DOMRect, b: DOMRect): DOMRect {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  return new DOMRect(left, top, Math.min(a.right, b.right) - left, Math.min(a.bottom, b.bottom) - top);
}

/** Adds a sibling that reaches into the screen; false once the siblings have left it (or overlap a block). */
function addIfOnScreen(el: Element, out: Set<Element>, h: number, above: boolean): boolean {
  if (isSkippedElement(el)) return true;
  const r = el.getBoundingClientRect();
  if (!r.width && !r.height) return true; // not rendered (display: none, an empty element)
  if (above ? r.bottom <= 0 : r.top >= h) return false;
  if (out.has(el)) return true;
  for (const o of out) if (o.contains(el) || el.contains(o)) return false;
  out.add(el);
  return true;
}
