/**
 * Functions that run inside a page (serialised by the driver, so each is self-contained: no imports, no
 * outer variables). Shared by both lanes and by the Chromium-only suites' helpers.
 */
import { LAYERS, PREFIX_LENGTH } from '../../../lib/page/highlights';

export interface HighlightRange {
  layer: string;
  text: string;
  /** '' in the document; the shadow host's id (or tag) when the range sits in a shadow root. */
  shadow: string;
  /** Tag names of the range's ancestors (innermost first) up to its root, lower-cased. */
  ancestors: string[];
  /** Whether an ancestor is editable (contenteditable / designMode) or a form field. */
  editable: boolean;
}

/** What tells the extension's highlights apart from a page's: layer names by index, and the prefix's length. */
export const HIGHLIGHT_NAMES = { layers: [...LAYERS] as string[], prefixLength: PREFIX_LENGTH };

/** Every range of every context-reader highlight in the document, read in the main world, without sorting across trees. */
export function highlightRangesInPage({ layers, prefixLength }: typeof HIGHLIGHT_NAMES): HighlightRange[] {
  const out: { layer: string; text: string; shadow: string; ancestors: string[]; editable: boolean; key: number[] }[] =
    [];
  const reg = (CSS as unknown as { highlights?: Map<string, Iterable<AbstractRange>> }).highlights;
  if (!reg) return [];
  // The extension's names: a random prefix per document, then the layer's index (lib/page/highlights.ts).
  const ours = new RegExp(`^[a-z][0-9a-z]{${prefixLength - 1}}[0-9a-z]$`);
  for (const [name, h] of reg) {
    if (!ours.test(name)) continue;
    const layer = layers[parseInt(name.slice(prefixLength), 36)];
    if (!layer) continue;
    for (const r of h) {
      const live = document.createRange();
      try {
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
      } catch {
        continue;
      }
      const root = r.startContainer.getRootNode();
      const shadow = root instanceof ShadowRoot ? root.host.id || root.host.tagName.toLowerCase() : '';
      const ancestors: string[] = [];
      let editable = false;
      for (let el = r.startContainer.parentElement; el; el = el.parentElement) {
        ancestors.push(el.tagName.toLowerCase());
        if (el.isContentEditable || /^(textarea|input|select|option)$/i.test(el.tagName)) editable = true;
      }
      // Document-order key within the tree: path of child indexes.
      const key: number[] = [];
      for (let n: Node | null = r.startContainer; n && n.parentNode; n = n.parentNode)
        key.unshift([...n.parentNode.childNodes].indexOf(n as ChildNode));
      key.push(r.startOffset);
      out.push({ layer, text: live.toString(), shadow, ancestors, editable, key });
    }
  }
  const cmp = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  out.sort((a, b) => (a.shadow < b.shadow ? -1 : a.shadow > b.shadow ? 1 : 0) || cmp(a.key, b.key));
  return out.map(({ key: _key, ...rest }) => rest);
}

/**
 * Centre of the n-th occurrence of `text` in the page's rendered text, found by walking text nodes (the
 * occurrence may span elements, as in `<b>Nikolai</b> Patrushev`); scrolls it into view first.
 */
export function pointOfTextInPage({ text, nth }: { text: string; nth: number }): { x: number; y: number } | null {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let all = '';
  const starts: number[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = (n as Text).parentElement;
    if (parent && ['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT'].includes(parent.tagName)) continue;
    starts.push(all.length);
    nodes.push(n as Text);
    all += (n as Text).data;
  }
  let idx = -1;
  for (let i = 0; i <= nth; i++) idx = all.indexOf(text, idx + 1);
  if (idx < 0) return null;
  const find = (off: number) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > off) i--;
    return { node: nodes[i]!, offset: off - starts[i]! };
  };
  const a = find(idx);
  const b = find(idx + text.length - 1);
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset + 1);
  r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  const rect = r.getClientRects()[0]!;
  return { x: rect.left + Math.min(rect.width / 2, 12), y: rect.top + rect.height / 2 };
}

/** Selects the first occurrence of `text` in the page (the text may span elements); false when absent. */
export function selectTextInPage(t: string): boolean {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    starts.push(all.length);
    nodes.push(n as Text);
    all += (n as Text).data;
  }
  const idx = all.indexOf(t);
  if (idx < 0) return false;
  const at = (off: number, end: boolean) => {
    let i = starts.length - 1;
    while (i > 0 && (end ? starts[i]! >= off : starts[i]! > off)) i--;
    return { node: nodes[i]!, offset: off - starts[i]! };
  };
  const a = at(idx, false);
  const b = at(idx + t.length, true);
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  const sel = getSelection()!;
  sel.removeAllRanges();
  sel.addRange(r);
  return true;
}

/**
 * The elements matching `css` whose text contains `text` (or matches `re`), visible ones only, as the
 * centre of their box (scrolled into view) and their text.
 */
export function findInPage({
  css,
  text,
  re,
}: {
  css: string;
  text?: string;
  re?: [string, string];
}): { x: number; y: number; text: string }[] {
  const regex = re ? new RegExp(re[0], re[1]) : null;
  const out: { x: number; y: number; text: string }[] = [];
  for (const el of document.querySelectorAll(css)) {
    const t = ((el as HTMLElement).innerText ?? el.textContent ?? '').trim();
    if (text !== undefined && !t.includes(text)) continue;
    if (regex && !regex.test(t)) continue;
    const h = el as HTMLElement;
    if (out.length === 0) h.scrollIntoView({ block: 'center', inline: 'nearest' });
    // The first line box: an inline element that wraps has its bounding box's centre between lines.
    const r = h.getClientRects()[0] ?? h.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    out.push({ x: r.left + r.width / 2, y: r.top + r.height / 2, text: t });
  }
  return out;
}
