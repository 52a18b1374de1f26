// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { highlightCss } from '../../../lib/page/highlight-style';
import { fakeHighlightWindow } from './fake-highlights';
import {
  DRAWN_AS,
  HighlightLayers,
  LAYERS,
  PREFIX_LENGTH,
  drawnAs,
  highlightName,
  randomPrefix,
} from '../../../lib/page/highlights';

describe('highlight names', () => {
  it('are a random prefix and the layer index, nothing a page could recognise', () => {
    const prefix = randomPrefix();
    expect(prefix).toMatch(new RegExp(`^[a-z][0-9a-z]{${PREFIX_LENGTH - 1}}$`));
    const names = LAYERS.map((l) => highlightName(l, prefix));
    expect(new Set(names).size).toBe(LAYERS.length);
    for (const n of names) expect(n).toMatch(/^[a-z][0-9a-z]{10}$/);
    expect(names.join(' ')).not.toMatch(/context|reader|person|organisation|clip/);
  });

  it('differ from document to document', () => {
    const prefixes = new Set(Array.from({ length: 50 }, () => randomPrefix()));
    expect(prefixes.size).toBe(50);
  });

  it.each(LAYERS.map((l) => [l]))(
    "an extension page's stylesheet styles the %s layer under its drawn name",
    (layer) => {
      const prefix = randomPrefix();
      expect(highlightCss(prefix, true)).toContain(`::highlight(${highlightName(drawnAs(layer), prefix)})`);
    },
  );

  it("a web page's stylesheet styles four names: the types drawn alike share one, the private layers have none", () => {
    const prefix = randomPrefix();
    const css = highlightCss(prefix);
    const styled = new Set([...css.matchAll(/::highlight\(([0-9a-z]+)\)/g)].map((m) => m[1]));
    expect(styled).toEqual(new Set(Object.values(DRAWN_AS).map((l) => highlightName(l, prefix))));
    expect(styled.size).toBe(4);
    for (const layer of ['own', 'clip', 'active', 'flash', 'quote'] as const)
      expect(css).not.toContain(`::highlight(${highlightName(layer, prefix)})`);
  });

  it("puts a web page's rules on the root where highlight styles inherit, and nowhere else", () => {
    const prefix = randomPrefix();
    const selectors = (css: string) => [...css.matchAll(/([^\s{}]*)::highlight\(/g)].map((m) => m[1]);
    expect(new Set(selectors(highlightCss(prefix, false, true)))).toEqual(new Set([':root']));
    expect(new Set(selectors(highlightCss(prefix, false, false)))).toEqual(new Set(['']));
    // An extension page registers every layer in its own document: universal rules there.
    expect(new Set(selectors(highlightCss(prefix, true, true)))).toEqual(new Set(['']));
  });

  it("types drawn alike share one highlight, and deleting a mark of one type keeps the other's", () => {
    const { win, registry } = fakeHighlightWindow();
    const layers = new HighlightLayers(win, 'p');
    const [a, b] = [{} as AbstractRange, {} as AbstractRange];
    layers.add('body', a);
    layers.add('organisation', b);
    expect([...registry.keys()]).toEqual([highlightName('organisation', 'p')]);
    layers.delete('body', a);
    expect([...registry.get(highlightName('organisation', 'p'))!]).toEqual([b]);
  });

  it('holds changes back until released, then applies them in the order they came; disposing drops them', () => {
    const { win, registry } = fakeHighlightWindow();
    const layers = new HighlightLayers(win, 'p');
    const [a, b, c] = [{} as AbstractRange, {} as AbstractRange, {} as AbstractRange];
    const drawn = () => [...(registry.get(highlightName('person', 'p')) ?? [])];
    layers.add('person', a);
    layers.hold();
    layers.add('person', b);
    layers.delete('person', a);
    layers.set('organisation', [c]);
    expect(drawn()).toEqual([a]);
    expect(registry.has(highlightName('organisation', 'p'))).toBe(false);
    layers.release();
    expect(drawn()).toEqual([b]);
    expect([...registry.get(highlightName('organisation', 'p'))!]).toEqual([c]);
    // Released: changes apply at once again.
    layers.add('person', c);
    expect(drawn()).toEqual([b, c]);
    layers.hold();
    layers.clearLayer('person');
    layers.dispose();
    layers.release();
    expect(registry.size).toBe(0);
  });
});

describe('what the content scripts of one document share', () => {
  it('a second bundle of the highlights module (another content script) draws no prefix of its own', async () => {
    const { vi } = await import('vitest');
    const first = await import('../../../lib/page/highlights');
    vi.resetModules();
    const second = await import('../../../lib/page/highlights');
    expect(second).not.toBe(first);
    expect(second.DOCUMENT_PREFIX).toBe(first.DOCUMENT_PREFIX);
    expect(first.documentShared().prefix).toBe(first.DOCUMENT_PREFIX);
  });

  it('the document sheet is made once and found again, so adopting it a second time changes nothing', async () => {
    const { highlightSheet } = await import('../../../lib/page/highlight-style');
    const { randomPrefix } = await import('../../../lib/page/highlights');
    const fake = class {
      text = '';
      replaceSync(t: string) {
        this.text = t;
      }
    };
    const win = globalThis.window as unknown as { CSSStyleSheet: unknown };
    const saved = win.CSSStyleSheet;
    win.CSSStyleSheet = fake;
    try {
      const a = highlightSheet();
      expect(a).toBeInstanceOf(fake);
      expect(highlightSheet()).toBe(a);
      // Another prefix (the reader page's passages, a test) gets a sheet of its own.
      expect(highlightSheet(window, randomPrefix())).not.toBe(a);
    } finally {
      win.CSSStyleSheet = saved;
    }
  });
});
