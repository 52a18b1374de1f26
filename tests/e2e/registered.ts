/**
 * Where the registered highlight ranges are, as the page's own script sees them (any script can read
 * the registry): on screen, near it (within four screens: KEEP is three above, four below) or far, and
 * how many start inside each element named by id. Runs in the page (`page.evaluate`): self-contained.
 */
export interface Registered {
  onScreen: number;
  near: number;
  far: number;
  /** Ranges starting inside each element asked for, by id. */
  inside: Record<string, number>;
}

export function registeredInPage(ids: string[]): Registered {
  const h = innerHeight;
  const els = ids.map((id) => [id, document.getElementById(id)!] as const);
  const out: Registered = { onScreen: 0, near: 0, far: 0, inside: Object.fromEntries(ids.map((id) => [id, 0])) };
  for (const hl of (CSS as unknown as { highlights: Map<string, Iterable<AbstractRange>> }).highlights.values()) {
    for (const r of hl) {
      for (const [id, el] of els) if (el.contains(r.startContainer)) out.inside[id]!++;
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      const b = live.getBoundingClientRect();
      if (b.bottom > 0 && b.top < h) out.onScreen++;
      if (b.bottom >= -4 * h && b.top <= 5 * h) out.near++;
      else out.far++;
    }
  }
  return out;
}
