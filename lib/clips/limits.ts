/**
 * Size bounds of every clip field, in characters. Its own module, free of zod, so that the anchoring
 * code the content script ships can use it without pulling the schemas into every page.
 */
export const LIMITS = {
  url: 8_192,
  title: 2_000,
  meta: 1_000,
  excerpt: 10_000,
  text: 5_000_000,
  html: 10_000_000,
  markdown: 5_000_000,
  note: 100_000,
  tag: 64,
  tags: 50,
  entityId: 200,
  entities: 1_000,
  quote: 1_000_000,
  quoteContext: 256,
} as const;
