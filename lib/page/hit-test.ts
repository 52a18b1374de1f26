/**
 * Highlights receive no events, so the mention under the pointer is found from the text position under
 * it: caretPositionFromPoint (or caretRangeFromPoint), then the store's index by text node, then a check
 * against the mention's client rects, because the caret API answers with the nearest character even
 * when the pointer is in a margin, past the end of a line or between lines.
 */
import type { MentionStore, PageMention } from './mention-store';

interface CaretPos {
  node: Node;
  offset: number;
}

type CaretDoc = Document & {
  caretPositionFromPoint?: (
    x: number,
    y: number,
    options?: { shadowRoots?: ShadowRoot[] },
  ) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

export function caretAt(doc: Document, x: number, y: number, shadowRoots: ShadowRoot[] = []): CaretPos | null {
  const d = doc as CaretDoc;
  if (typeof d.caretPositionFromPoint === 'function') {
    const p = shadowRoots.length ? d.caretPositionFromPoint(x, y, { shadowRoots }) : d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  // Deprecated, but the only caret lookup in Chromium before 128, which the extension still supports.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  if (typeof d.caretRangeFromPoint === 'function') {
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const r = d.caretRangeFromPoint(x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : null;
  }
  return null;
}

/** A live Range over a mention, for geometry; made on demand so the page never carries live ranges. */
export function liveRange(doc: Document, m: PageMention): Range | null {
  const r = doc.createRange();
  return placeRange(r, m) ? r : null;
}

/** Sets `r` to a mention's boundary points; false where the text changed under a stale mention. */
export function placeRange(r: Range, m: StaticRangeInit): boolean {
  try {
    r.setStart(m.startContainer, m.startOffset);
    r.setEnd(m.endContainer, m.endOffset);
    return true;
  } catch {
    return false;
  }
}

/** The rect of the line box of a mention that contains the point, if any (2 px of slack). */
export function rectAtPoint(range: Range, x: number, y: number, slack = 2): DOMRect | null {
  for (const r of range.getClientRects()) {
    if (x >= r.left - slack && x <= r.right + slack && y >= r.top - slack && y <= r.bottom + slack) return r;
  }
  return null;
}

export function mentionAtPoint(
  store: MentionStore,
  doc: Document,
  x: number,
  y: number,
  shadowRoots: ShadowRoot[] = [],
): { mention: PageMention; rect: DOMRect } | null {
  const pos = caretAt(doc, x, y, shadowRoots);
  if (!pos || pos.node.nodeType !== 3) return null;
  const text = pos.node as Text;
  // The caret lands after a character once the pointer passes its middle: look on both sides.
  for (const m of store.at(text, pos.offset)) {
    const range = liveRange(doc, m);
    const rect = range && rectAtPoint(range, x, y);
    if (rect) return { mention: m, rect };
  }
  return null;
}

/** The mention at the current selection or caret, for the keyboard shortcut. */
export function mentionAtSelection(store: MentionStore, selection: Selection | null): PageMention | null {
  if (!selection || !selection.rangeCount) return null;
  const r = selection.getRangeAt(0);
  const node = r.startContainer;
  if (node.nodeType !== 3) return null;
  return store.at(node as Text, r.startOffset)[0] ?? null;
}
