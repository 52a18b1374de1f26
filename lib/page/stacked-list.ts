/**
 * Finding what is on screen inside a long list without a hit test. Chromium's `elementFromPoint` visits
 * each child of a box it descends into: a point over the 50,000-node bench thread (16,653 comments in
 * one `<ol>`) cost 5–11 ms (a probe inside a frame, after layout), and the four of the nine screen
 * points that land in it made the load's longest unbroken run (40–46 ms). Once one hit has shown the list, the other points over it are found by a binary search
 * over its children's rects (a dozen, with layout clean: the lookup runs inside a frame).
 */
import { hasMoreElementChildren } from './child-count';
import { PHRASING_BLOCK_TAGS } from './skip';

/** Children past which a list is searched by rect rather than hit-tested. */
export const LONG_LIST = 256;

/**
 * The nearest ancestor of `el` (below `stop`) with more than LONG_LIST element children, if any; each
 * ancestor's children are counted only up to the bound (lib/page/child-count.ts), and a list in `known`
 * is not counted again (a step along 257 children, where `children.length` was cached). A paragraph is
 * never one: a 2 MB paragraph's 65,000 inline elements are not a stack to search by rect.
 */
export function longListAbove(el: Element, stop: Element | null, known: readonly KnownList[] = []): Element | null {
  for (let a = el.parentElement; a && a !== stop; a = a.parentElement) {
    if (known.some((l) => l.el === a)) return a;
    if (!PHRASING_BLOCK_TAGS.has(a.localName) && hasMoreElementChildren(a, LONG_LIST)) return a;
  }
  return null;
}

/**
 * A gap between two stacked children (their margins) up to which the point is taken as over the child
 * below it, CSS px.
 */
export const GAP_PX = 100;

/**
 * The child of `list` whose box holds the point, by a binary search that takes the children as
 * stacked top to bottom in document order (a list, a thread); in a gap of up to GAP_PX between two
 * stacked children, the one below. A hit test there lands on the list itself after visiting every
 * child: 8–12 ms a point on the bench thread, whose comments are 8 px apart (a probe), and the slow
 * scroll frames of one trace held four such hit tests of 10–14 ms each in the window's check. Null
 * where the stacking fails (a child with no box, a point beside the child at its height or past the
 * last one, a wider gap): the caller hit-tests then.
 */
export function stackedChildAt(list: Element, x: number, y: number): Element | null {
  const kids = list.children;
  let lo = 0;
  let hi = kids.length - 1;
  /** The rect of the child that last moved `hi`: where the search ends, the first child below the point. */
  let belowRect: DOMRect | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const kid = kids[mid]!;
    const r = kid.getBoundingClientRect();
    if (!r.width && !r.height) return null;
    if (y < r.top) {
      hi = mid - 1;
      belowRect = r;
    } else if (y >= r.bottom) lo = mid + 1;
    else return x >= r.left && x < r.right ? kid : null;
  }
  // In a gap: `lo` is the first child below the point (measured already, as `belowRect`), and the one
  // before it ends above the point.
  if (lo === 0 || !belowRect) return null;
  return belowRect.top - y <= GAP_PX && x >= belowRect.left && x < belowRect.right ? kids[lo]! : null;
}

/** A long list a hit has landed in, with its box in this frame. */
export interface KnownList {
  el: Element;
  rect: DOMRect;
}

/**
 * The element at a point: over a known long list, its child there found by rects; else `hitTest`'s
 * answer, and a long list that answer lies in becomes known (to the points after it).
 */
export function elementAtPoint(
  lists: KnownList[],
  x: number,
  y: number,
  hitTest: (x: number, y: number) => Element | null,
  stop: Element | null,
): Element | null {
  for (const { el, rect } of lists)
    if (x >= rect.left && x < rect.right && y >= rect.top && y < rect.bottom) {
      const kid = stackedChildAt(el, x, y);
      if (kid) return kid;
    }
  const hit = hitTest(x, y);
  const list = hit && longListAbove(hit, stop, lists);
  if (list && !lists.some((l) => l.el === list)) lists.push({ el: list, rect: list.getBoundingClientRect() });
  return hit;
}
