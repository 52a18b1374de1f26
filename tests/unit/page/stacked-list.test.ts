// @vitest-environment jsdom
/**
 * The screen lookup's search inside a long list (lib/page/stacked-list.ts): the child at a point found
 * by rects, a dozen of them for a list of thousands, and null wherever the stacking it assumes fails.
 */
import { describe, expect, it } from 'vitest';
import {
  elementAtPoint,
  LONG_LIST,
  longListAbove,
  stackedChildAt,
  type KnownList,
} from '../../../lib/page/stacked-list';
import { hasMoreElementChildren } from '../../../lib/page/child-count';

/** A list of `n` items, item i spanning y from 30·i to 30·i + 30 (x 0–600), rects counted. */
function list(n: number, rectOf?: (i: number) => DOMRect) {
  const ol = document.createElement('ol');
  let measured = 0;
  for (let i = 0; i < n; i++) {
    const li = document.createElement('li');
    li.id = `c${i}`;
    if (i < 10) li.innerHTML = `<p>comment ${i}</p>`;
    li.getBoundingClientRect = () => {
      measured++;
      return rectOf?.(i) ?? new DOMRect(0, 30 * i, 600, 30);
    };
    ol.append(li);
  }
  document.body.replaceChildren(ol);
  return { ol, measured: () => measured };
}

describe('stackedChildAt', () => {
  it('finds the item at a point of a long list in a dozen rects', () => {
    const { ol, measured } = list(4_096);
    expect(stackedChildAt(ol, 100, 30 * 3_000 + 5)?.id).toBe('c3000');
    expect(measured()).toBeLessThanOrEqual(13);
    expect(stackedChildAt(ol, 100, 0)?.id).toBe('c0');
    expect(stackedChildAt(ol, 100, 30 * 4_096 - 1)?.id).toBe('c4095');
  });

  it('gives up (null) beside the items, past them, or where an item has no box', () => {
    const { ol } = list(1_000);
    expect(stackedChildAt(ol, 700, 45)).toBeNull();
    expect(stackedChildAt(ol, 100, 30 * 1_000 + 10)).toBeNull();
    const hidden = list(1_000, (i) => (i === 499 ? new DOMRect(0, 0, 0, 0) : new DOMRect(0, 30 * i, 600, 30)));
    expect(stackedChildAt(hidden.ol, 100, 30 * 700)).toBeNull();
  });
});

describe('stackedChildAt in the gaps between items', () => {
  /** Items 30 px tall, 8 px apart (the bench thread's margins), but item 600 has 150 px below it. */
  const gapped = (i: number) => new DOMRect(0, 38 * i + (i > 600 ? 142 : 0), 600, 30);

  it('takes a point in a gap as over the item below it, in a dozen rects', () => {
    const { ol, measured } = list(4_096, gapped);
    expect(stackedChildAt(ol, 100, 38 * 2_000 + 142 + 33)?.id).toBe('c2001');
    expect(measured()).toBeLessThanOrEqual(14);
    expect(stackedChildAt(ol, 100, 38 * 7 + 30)?.id).toBe('c8'); // the gap's first pixel
    expect(stackedChildAt(ol, 100, 38 * 8 - 1)?.id).toBe('c8'); // its last
  });

  it('gives up (null) beside the item below, above the first item, past the last, or in a wider gap', () => {
    const { ol } = list(1_000, gapped);
    expect(stackedChildAt(ol, 700, 38 * 5 + 33)).toBeNull();
    expect(stackedChildAt(ol, 100, -5)).toBeNull();
    expect(stackedChildAt(ol, 100, 38 * 999 + 142 + 35)).toBeNull();
    expect(stackedChildAt(ol, 100, 38 * 600 + 31)).toBeNull(); // 150 px to item 601: wider than GAP_PX
    const hidden = list(1_000, (i) => (i === 9 ? new DOMRect(0, 0, 0, 0) : gapped(i)));
    expect(stackedChildAt(hidden.ol, 100, 38 * 8 + 33)).toBeNull();
  });
});

describe('longListAbove', () => {
  it('is the nearest ancestor with more than LONG_LIST children, below the stop', () => {
    const { ol } = list(LONG_LIST + 1);
    const p = document.querySelector('#c7 p')!;
    expect(longListAbove(p, document.body)).toBe(ol);
    expect(longListAbove(p, ol)).toBeNull();
    list(LONG_LIST);
    expect(longListAbove(document.querySelector('#c7 p')!, document.body)).toBeNull();
  });

  it('counts no list whole, and takes no paragraph for a list', () => {
    const { ol } = list(4 * LONG_LIST);
    // Both counts visit every child (4–8 ms for a 2 MB paragraph's 65,000): the bound must be stepped to.
    for (const name of ['children', 'childElementCount', 'childNodes'])
      Object.defineProperty(ol, name, {
        get: () => {
          throw new Error(`${name} asked`);
        },
      });
    expect(longListAbove(document.querySelector('#c7 p')!, document.body)).toBe(ol);
    const p = document.createElement('p');
    p.innerHTML = Array.from({ length: 2 * LONG_LIST }, (_, i) => `<em>w${i}</em> `).join('');
    document.body.replaceChildren(p);
    expect(longListAbove(p.querySelector('em')!, document.body)).toBeNull();
  });
});

describe('longListAbove with lists already known', () => {
  it('returns a known list without counting its children again', () => {
    const { ol } = list(4 * LONG_LIST);
    const known: KnownList[] = [{ el: ol, rect: new DOMRect(0, 0, 600, 30 * 4 * LONG_LIST) }];
    Object.defineProperty(ol, 'firstElementChild', {
      get: () => {
        throw new Error('counted again');
      },
    });
    expect(longListAbove(document.querySelector('#c7 p')!, document.body, known)).toBe(ol);
    expect(() => longListAbove(document.querySelector('#c7 p')!, document.body)).toThrow('counted again');
  });
});

describe('hasMoreElementChildren', () => {
  it('answers at the bound, whatever the text and comments between the elements', () => {
    const div = document.createElement('div');
    div.innerHTML = 'a<b>1</b> text <!-- c --><i>2</i>b<span>3</span>';
    expect(hasMoreElementChildren(div, 2)).toBe(true);
    expect(hasMoreElementChildren(div, 3)).toBe(false);
    expect(hasMoreElementChildren(div, 0)).toBe(true);
    expect(hasMoreElementChildren(document.createElement('p'), 0)).toBe(false);
  });
});

describe('elementAtPoint', () => {
  it('hit-tests once into a long list, then finds its other items by rect; elsewhere it always hit-tests', () => {
    const { ol } = list(2_000);
    ol.getBoundingClientRect = () => new DOMRect(0, 0, 600, 30 * 2_000);
    const aside = document.createElement('aside');
    document.body.append(aside);
    const hits: [number, number][] = [];
    const hitTest = (x: number, y: number) => {
      hits.push([x, y]);
      return x >= 600
        ? aside
        : (document.querySelector(`#c${Math.floor(y / 30)} p`) ?? ol.children[Math.floor(y / 30)]!);
    };
    const lists: KnownList[] = [];
    expect(elementAtPoint(lists, 100, 5, hitTest, document.body)?.localName).toBe('p');
    expect(lists.map((l) => l.el)).toEqual([ol]);
    expect(elementAtPoint(lists, 300, 30 * 1_500 + 1, hitTest, document.body)?.id).toBe('c1500');
    expect(elementAtPoint(lists, 500, 30 * 700 + 29, hitTest, document.body)?.id).toBe('c700');
    expect(elementAtPoint(lists, 800, 100, hitTest, document.body)).toBe(aside);
    expect(hits).toEqual([
      [100, 5],
      [800, 100],
    ]);
  });
});
