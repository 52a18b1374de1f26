/**
 * Reads the marks drawn in the closed shadow root of lib/page/private-marks.ts, which a page's script cannot
 * reach: through the DevTools protocol, whose DOM tree pierces closed shadow roots (a test harness's
 * privilege). Each box is turned back into the text under it by measuring the page's characters.
 */
import type { Frame, Page } from '@playwright/test';
import { PRIVATE_LOOK, type PrivateLayer } from '../../lib/page/private-marks';

interface CdpNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
}

interface Box {
  layer: PrivateLayer;
  x: number;
  y: number;
  width: number;
  height: number;
}

const LAYER_BY_COLOUR = Object.entries(PRIVATE_LOOK).map(([layer, look]) => ({
  layer: layer as PrivateLayer,
  colour: /background-color: ([^;]+);/.exec(look)![1]!,
}));

function layerOf(style: string): PrivateLayer | undefined {
  return LAYER_BY_COLOUR.find((l) => style.includes(l.colour))?.layer;
}

/** The private boxes of the page's top document, in document coordinates. */
async function boxes(page: Page): Promise<Box[][]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const html = root.children?.find((n) => n.nodeName === 'HTML');
    const found: Box[][] = [];
    for (const host of html?.children ?? []) {
      const shadow = host.shadowRoots?.[0];
      if (shadow?.shadowRootType !== 'closed') continue;
      // One group per range, holding a box per line or element fragment of it.
      for (const group of shadow.children ?? []) {
        const parts: Box[] = [];
        for (const el of group.children ?? []) {
          const attrs = el.attributes ?? [];
          const style = attrs[attrs.indexOf('style') + 1] ?? '';
          const layer = layerOf(style);
          if (!layer) continue;
          // Placed against the document's origin (the test pages leave <html> unpositioned).
          const px = (prop: string) => Number(new RegExp(`(?:^|; )${prop}: (-?[\\d.]+)px`).exec(style)?.[1] ?? NaN);
          parts.push({ layer, x: px('left'), y: px('top'), width: px('width'), height: px('height') });
        }
        if (parts.length) found.push(parts);
      }
    }
    return found.sort((a, b) => a[0]!.y - b[0]!.y || a[0]!.x - b[0]!.x);
  } finally {
    await cdp.detach();
  }
}

/** Runs in the page: the characters whose centres fall inside each box, joined in document order. */
function textsUnderBoxesInPage(list: { x: number; y: number; width: number; height: number }[]): string[] {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = list.map(() => '');
  // Document coordinates to the viewport's, where the characters are measured.
  list = list.map((b) => ({ ...b, x: b.x - scrollX, y: b.y - scrollY }));
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const whole = (range.selectNodeContents(t), range.getBoundingClientRect());
    const near = list.map((b, i) => ({ b, i })).filter(({ b }) => whole.bottom > b.y && whole.top < b.y + b.height);
    if (!near.length) continue;
    for (let c = 0; c < t.data.length; c++) {
      range.setStart(t, c);
      range.setEnd(t, c + 1);
      const r = range.getBoundingClientRect();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      for (const { b, i } of near) {
        if (cx >= b.x && cx <= b.x + b.width && cy >= b.y && cy <= b.y + b.height)
          texts[i] = (texts[i] ?? '') + t.data.charAt(c);
      }
    }
  }
  return texts.map((s) =>
    s
      .replace(/\s+/g, ' ')
      .replace(/\u00ad/g, '')
      .trim(),
  );
}

/** The private marks of a page's top document, each range with the text under it. */
export async function privateMarks(frame: Page | Frame): Promise<{ layer: PrivateLayer; text: string }[]> {
  if (!('mainFrame' in frame)) return []; // subframes: their marks live in their own documents
  const groups = await boxes(frame);
  if (!groups.length) return [];
  const texts = await frame.evaluate(textsUnderBoxesInPage, groups.flat());
  let next = 0;
  return groups.map((parts) => ({
    layer: parts[0]!.layer,
    text: parts
      .map(() => texts[next++]!)
      .join(' ')
      .trim(),
  }));
}
