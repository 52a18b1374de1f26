/**
 * The bench's generated pages by id, one generator each (the seeds are part of the page): `npm run bench`
 * (scripts/bench.ts), `ab.ts` and `trace-start.ts` load exactly these, so a figure from one of them is
 * about the page the others measured.
 */
import {
  generateArticlePage,
  generateCommentPage,
  generateDenseArticlePage,
  generateOneParagraphPage,
  generatePrePage,
} from '../../tests/support/generate-pages';

export const BENCH_PAGES = {
  'article-1mb': () => generateArticlePage({ textChars: 1_000_000, seed: 1 }),
  'article-5mb': () => generateArticlePage({ textChars: 5_000_000, seed: 5 }),
  'comments-50k': () => generateCommentPage({ textNodes: 50_000, seed: 2 }),
  'dense-100k': () => generateDenseArticlePage({ textChars: 100_000, seed: 11 }),
  'dense-1mb': () => generateDenseArticlePage({ textChars: 1_000_000, seed: 12 }),
  'dense-5mb': () => generateDenseArticlePage({ textChars: 5_000_000, seed: 15 }),
  'pre-2mb': () => generatePrePage({ textChars: 2_000_000 }),
  'para-2mb': () => generateOneParagraphPage({ textChars: 2_000_000 }),
} satisfies Record<string, () => string>;

export type BenchPageId = keyof typeof BENCH_PAGES;

/** The ids asked for (`--pages=a,b`), each checked; `fallback` when none are asked for. */
export function benchPageIds(asked: string | undefined, fallback: BenchPageId[]): BenchPageId[] {
  const ids = asked ? asked.split(',') : fallback;
  const unknown = ids.filter((id) => !(id in BENCH_PAGES));
  if (unknown.length)
    throw new Error(`--pages: no page ${unknown.join(', ')}; pages are ${Object.keys(BENCH_PAGES).join(', ')}`);
  return ids as BenchPageId[];
}
