/**
 * Bounded questions about how many element children an element has. `childElementCount` and
 * `children.length` count every child: 4–6 ms and 6–8 ms for the 65,396 inline elements of the bench's
 * one-paragraph page (a probe, each on a fresh load; `childElementCount` pays it again every time), and
 * the screen lookup asked both in the page's first frame (the walk's "is this block plain?" and the hit
 * test's "is this a long list?"), 14 ms of its 20. Stepping along the siblings stops at the bound:
 * 0.3–0.6 ms for 512 of them.
 */

/** Whether `el` has more than `n` element children, looking at no more than `n + 1` of them. */
export function hasMoreElementChildren(el: Element, n: number): boolean {
  let child = el.firstElementChild;
  for (let i = 0; i < n && child; i++) child = child.nextElementSibling;
  return child !== null;
}
