/**
 * mulberry32: a small seeded generator, good enough for filler text and random test pages; the same seed
 * gives the same sequence, so a failure can be replayed. No Node imports: unit tests in jsdom use it too.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
