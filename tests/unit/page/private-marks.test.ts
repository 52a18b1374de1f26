// @vitest-environment jsdom
/**
 * What a page's script can see of the private layers: nothing in the highlight registry, and one host
 * element that stays the same whatever it draws. (Placement needs layout: the end-to-end tests read the
 * boxes' texts in Chromium, tests/e2e/private-marks.ts.)
 */
import { fakeHighlightWindow } from './fake-highlights';
import { afterEach, describe, expect, it } from 'vitest';
import { HighlightLayers, LAYERS, drawnAs, highlightName, type Layer } from '../../../lib/page/highlights';
import { PRIVATE_HOST_STYLE, PrivateMarks } from '../../../lib/page/private-marks';

// jsdom lays nothing out: every range is one line box, every element a box at the origin.
class Rect {
  constructor(
    readonly left: number,
    readonly top: number,
    readonly width: number,
    readonly height: number,
  ) {}
  get right() {
    return this.left + this.width;
  }
  get bottom() {
    return this.top + this.height;
  }
}
globalThis.DOMRect ??= Rect as unknown as typeof DOMRect;
Range.prototype.getClientRects = function () {
  return [new DOMRect(10, 20, 100, 16)] as unknown as DOMRectList;
};

const frames: (() => void)[] = [];
const made: PrivateMarks[] = [];

function privateMarks(): PrivateMarks {
  const p = new PrivateMarks({ requestFrame: (cb) => frames.push(cb) });
  made.push(p);
  return p;
}

/** A registry as the page sees it. */
const pageRegistry = fakeHighlightWindow;

function rangeOver(text: string): Range {
  const p = document.createElement('p');
  p.textContent = text;
  document.body.append(p);
  const r = document.createRange();
  r.selectNodeContents(p.firstChild!);
  return r;
}

afterEach(() => {
  for (const p of made.splice(0)) p.dispose();
  frames.length = 0;
  document.body.replaceChildren();
});

describe('private layers', () => {
  const PRIVATE: Layer[] = ['own', 'active', 'flash', 'clip'];

  it.each(PRIVATE.map((l) => [l]))('the %s layer never reaches the page-readable registry', (layer) => {
    const { win, registry } = pageRegistry();
    const marks = privateMarks();
    const layers = new HighlightLayers(win, 'p123456789', marks);
    const r = rangeOver('Imangali Tasmagambetov');
    layers.add(layer, r);
    layers.set(layer, [r]);
    expect([...registry.values()].reduce((n, h) => n + h.size, 0)).toBe(0);
    expect(marks.count(layer as 'own')).toBe(1);
    layers.clearLayer(layer);
    expect(marks.count(layer as 'own')).toBe(0);
  });

  it("the catalogue's types stay highlights", () => {
    const { win, registry } = pageRegistry();
    const layers = new HighlightLayers(win, 'p123456789', privateMarks());
    const shared = LAYERS.filter((l) => !PRIVATE.includes(l));
    for (const layer of shared) layers.add(layer, rangeOver('CSTO'));
    // Types drawn in the same colours share one highlight (DRAWN_AS): four of them, and 'quote'.
    expect([...registry.keys()].sort()).toEqual(
      [...new Set(shared.map((l) => highlightName(drawnAs(l), 'p123456789')))].sort(),
    );
    expect(registry.size).toBe(5);
  });

  it("disposing the mention layers leaves the saved passages' boxes, which another object drew", () => {
    const { win } = pageRegistry();
    const marks = privateMarks();
    const mentions = new HighlightLayers(win, 'p123456789', marks);
    const passages = new HighlightLayers(win, 'p123456789', marks);
    mentions.add('own', rangeOver('Imangali'));
    passages.add('clip', rangeOver('a saved sentence'));
    mentions.dispose();
    expect(marks.count('own')).toBe(0);
    expect(marks.count('clip')).toBe(1);
  });
});

describe('the private host', () => {
  it('is there before anything is drawn, and looks the same with marks as without', () => {
    const marks = privateMarks();
    const hosts = () =>
      [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body);
    const look = () =>
      hosts().map((h) => ({ attrs: h.getAttributeNames(), style: h.getAttribute('style'), kids: h.childNodes.length }));
    const before = look();
    expect(before).toEqual([{ attrs: ['style'], style: PRIVATE_HOST_STYLE, kids: 0 }]);
    expect(hosts()[0]!.shadowRoot).toBeNull(); // closed
    marks.add('own', rangeOver('Imangali Tasmagambetov'));
    for (const cb of frames.splice(0)) cb();
    expect(look()).toEqual(before);
  });

  it('holds nothing until the first box (a box under <html> costs a big page a whole layout)', () => {
    const marks = privateMarks();
    const root = (marks as unknown as { root: ShadowRoot }).root;
    expect(root.childNodes.length).toBe(0);
    marks.add('own', rangeOver('Imangali Tasmagambetov'));
    expect(root.childNodes.length).toBe(0);
    for (const cb of frames.splice(0)) cb();
    // The origin the boxes are placed against (jsdom has no scroll area, so no box fits inside it).
    expect(root.childNodes.length).toBe(1);
    expect((root.firstChild as HTMLElement).style.position).toBe('absolute');
  });

  it('comes back when a page removes it, before anything is drawn, and gives up on a page that keeps removing it', async () => {
    const marks = privateMarks();
    for (let i = 0; i < 25; i++) {
      marks.element.remove();
      await Promise.resolve(); // mutation observers run as microtasks
      await Promise.resolve();
      expect(marks.element.isConnected).toBe(i < 20);
      if (!marks.element.isConnected) break;
    }
  });

  it('goes when the content script stops', () => {
    const marks = privateMarks();
    marks.dispose();
    expect(marks.element.isConnected).toBe(false);
  });
});
