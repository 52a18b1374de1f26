// @vitest-environment jsdom
/**
 * What the screen lookup (lib/page/screen-blocks.ts) takes for on screen, with rects and hit tests
 * given by the test (jsdom has no layout): a text block many screens tall under the screen's centre is
 * found by rects alone, with no hit test into it; anything else is hit-tested as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screenBlocks } from '../../../lib/page/screen-blocks';

const W = 1024;
const H = 768;
const NONE = new DOMRect(0, 0, 0, 0);

/** Gives each element with an id in `rects` that rect, the screen W × H, and counts the hit tests. */
function layout(html: string, rects: Record<string, DOMRect>, hit: (x: number, y: number) => string) {
  document.body.innerHTML = html;
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: W });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: H });
  for (const el of document.querySelectorAll('[id]')) el.getBoundingClientRect = () => rects[el.id] ?? NONE;
  const probes: [number, number][] = [];
  document.elementFromPoint = (x: number, y: number) => {
    probes.push([x, y]);
    return document.getElementById(hit(x, y));
  };
  return { probes, el: (id: string) => document.getElementById(id)! };
}

afterEach(() => {
  delete (document as { elementFromPoint?: unknown }).elementFromPoint;
});

/** A header 200 px tall, then the article's paragraph from there down, `height` px tall. */
function article(height: number) {
  return layout(
    '<header id="h"><div id="site">Site</div></header><main id="m"><article id="a"><p id="p">The CSTO met.</p></article></main>',
    {
      h: new DOMRect(0, 0, W, 200),
      site: new DOMRect(0, 0, W, 200),
      m: new DOMRect(0, 200, W, height),
      a: new DOMRect(0, 200, W, height),
      p: new DOMRect(0, 200, W, height),
    },
    (_, y) => (y < 200 ? 'site' : 'p'),
  );
}

describe('screenBlocks', () => {
  it('finds a paragraph many screens tall under the centre by rects: no hit test lands in it', () => {
    const { probes, el } = article(60 * H);
    const found = screenBlocks(document);
    expect(found).toContain(el('p'));
    expect(found).toContain(el('site'));
    // The three points of the top row are over the header; none of the six over the paragraph is asked.
    expect(probes.every(([, y]) => y < 200)).toBe(true);
    expect(probes).toHaveLength(3);
  });

  it('hit-tests an ordinary paragraph as before (the first point in it, then the points it holds are skipped)', () => {
    const { probes, el } = article(2 * H);
    const found = screenBlocks(document);
    expect(found).toContain(el('p'));
    expect(probes.filter(([, y]) => y >= 200)).toHaveLength(1);
  });

  it('counts a tall paragraph inside a scrolling box only where the box shows it: the rest is hit-tested', () => {
    const { probes, el } = layout(
      '<div id="box"><p id="p">The CSTO met.</p></div><p id="after">The CSO met.</p>',
      {
        box: new DOMRect(0, 0, W, 500),
        p: new DOMRect(0, 0, W, 60 * H),
        after: new DOMRect(0, 500, W, 268),
      },
      (_, y) => (y < 500 ? 'p' : 'after'),
    );
    const found = screenBlocks(document);
    expect(found).toContain(el('p'));
    expect(found).toContain(el('after'));
    // Only the bottom row (y = 640) lies past the box: three hit tests, none of them over the box.
    expect(probes.map(([, y]) => y)).toEqual([640, 640, 640].slice(0, probes.length));
    expect(probes.length).toBeGreaterThan(0);
  });

  it('leaves a tall paragraph inside a hidden or editable region to the hit tests and the skip rules', () => {
    const { el } = article(60 * H);
    el('a').setAttribute('contenteditable', '');
    expect(screenBlocks(document)).not.toContain(el('p'));
  });

  it('goes no further than the first children of each level: a long row of siblings is left to the hit tests', () => {
    const items = Array.from({ length: 40 }, (_, i) => `<div id="d${i}"></div>`).join('');
    const rects: Record<string, DOMRect> = {};
    for (let i = 0; i < 40; i++) rects[`d${i}`] = new DOMRect(0, i * 10 - 400, W, 10);
    rects.p = new DOMRect(0, 0, W, 60 * H);
    let measured = 0;
    const { probes, el } = layout(`${items}<p id="p">The CSTO met.</p>`, rects, () => 'p');
    for (const d of document.querySelectorAll('div')) {
      const r = d.getBoundingClientRect.bind(d);
      d.getBoundingClientRect = () => (measured++, r());
    }
    expect(screenBlocks(document)).toContain(el('p'));
    // The paragraph is the 41st child: the descent stopped after 32 rects, a hit test found it.
    expect(probes.length).toBeGreaterThan(0);
    expect(measured).toBeLessThanOrEqual(32 + 2 * 40);
  });
});
