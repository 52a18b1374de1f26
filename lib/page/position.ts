/**
 * Where the card goes: under the mention, aligned with its start, flipping above when there is more
 * room there, leftwards on right-to-left pages, kept inside the viewport with a margin. When the card is
 * taller than the room on either side it gets that room as its height (and scrolls) rather than
 * covering the mention it explains.
 */
export interface Placement {
  left: number;
  top: number;
  /** The card sits above the mention. */
  above: boolean;
  /** Height the card may take; undefined when it fits as it is. */
  maxHeight?: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function placeCard(
  anchor: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
  rtl = false,
  gap = 8,
  margin = 8,
): Placement {
  const roomBelow = Math.max(0, viewport.height - anchor.bottom - gap - margin);
  const roomAbove = Math.max(0, anchor.top - gap - margin);
  const above = card.height > roomBelow && roomAbove > roomBelow;
  const room = above ? roomAbove : roomBelow;
  const height = Math.min(card.height, room);
  const top = above ? anchor.top - gap - height : anchor.bottom + gap;
  let left = rtl ? anchor.right - card.width : anchor.left;
  left = Math.max(margin, Math.min(left, viewport.width - margin - card.width));
  return { left, top, above, ...(height < card.height ? { maxHeight: height } : {}) };
}
