// A diagnostic run inside the page against the bench build's `__m` global, which has no types there;
// the `any`s below are that untyped boundary.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
/**
 * Diagnostics (not part of `npm run bench`): the scanner's work taken apart on one page, each step timed
 * in the page's main world without the extension, the matcher bundled from lib/ with esbuild.
 *   npx tsx scripts/bench/decompose.ts [article-1mb|article-5mb|comments-50k]
 */
import { build } from 'esbuild';
import { buildSpec } from '../../lib/match/spec';
import { loadData } from '../../lib/kb/load';
import { defaultDataDir } from '../../lib/kb/vite-plugin';
import { generateArticlePage, generateCommentPage } from '../../tests/support/generate-pages';
import { startServer } from '../../tests/support/server';
import { launchPlain } from './browsers';

const pageId = process.argv[2] ?? 'article-5mb';
const html =
  pageId === 'article-1mb'
    ? generateArticlePage({ textChars: 1_000_000, seed: 1 })
    : pageId === 'comments-50k'
      ? generateCommentPage({ textNodes: 50_000, seed: 2 })
      : generateArticlePage({ textChars: 5_000_000, seed: 5 });
const spec = buildSpec(loadData(defaultDataDir()).catalogue);
const bundle = await build({
  stdin: {
    contents: `import { Matcher } from './lib/match/matcher'; import { walkText, locate } from './lib/page/text-index'; globalThis.__m = { Matcher, walkText, locate };`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  write: false,
  minify: true,
  target: 'chrome120',
});
const server = await startServer();
server.route('/p.html', { body: html });
const ctx = await launchPlain();
await ctx.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
const page = await ctx.newPage();
await page.goto(server.url('/p.html'), { timeout: 120_000 });
await page.waitForTimeout(1000);
await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
const forms = [...new Set(spec.forms.map(([f]) => f))].sort((a, b) => b.length - a.length);
const pattern = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
for (let rep = 0; rep < 3; rep++) {
  const r = await page.evaluate(
    // One payload serialised into the page: it must be self-contained, so its steps cannot be split into
    // functions of this module.
    // eslint-disable-next-line max-lines-per-function
    ({ spec, pattern }) => {
      const out: Record<string, number> = {};
      const T = (name: string, f: () => unknown) => {
        const t = performance.now();
        const v = f();
        out[name] = performance.now() - t;
        return v;
      };
      const g = (globalThis as any).__m;
      const matcher = T('new Matcher(spec)', () => new g.Matcher(spec));
      const text = T('body.textContent', () => document.body.textContent) as string;
      T('regex floor (gi) on textContent', () => {
        const re = new RegExp(pattern, 'gi');
        let n = 0;
        while (re.exec(text)) n++;
        return n;
      });
      T('matcher.scan(textContent)', () => (matcher as any).scan(text));
      T('TreeWalker SHOW_TEXT, no filter', () => {
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let n = 0;
        for (let x = w.nextNode(); x; x = w.nextNode()) n += (x as Text).data.length;
        return n;
      });
      T('TreeWalker ELEMENT|TEXT + JS acceptNode', () => {
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
          acceptNode: (n) =>
            n.nodeType === 1
              ? (n as Element).tagName === 'SCRIPT'
                ? NodeFilter.FILTER_REJECT
                : NodeFilter.FILTER_SKIP
              : NodeFilter.FILTER_ACCEPT,
        });
        let n = 0;
        for (let x = w.nextNode(); x; x = w.nextNode()) n += (x as Text).data.length;
        return n;
      });
      const chunks = T('walkText (all chunks)', () => {
        const c: any[] = [];
        for (const x of g.walkText(document.body)) if (x) c.push(x);
        return c;
      }) as any[];
      const found = T('matcher.scan per chunk', () => chunks.map((c) => (matcher as any).scan(c.text))) as any[];
      const ranges = T('locate + new StaticRange per mention', () => {
        const rs: StaticRange[] = [];
        chunks.forEach((c, i) => {
          for (const m of [...found[i].mentions, ...found[i].pending]) {
            const a = g.locate(c, m.start);
            const b = g.locate(c, m.end, true);
            rs.push(
              new StaticRange({
                startContainer: a.node,
                startOffset: a.offset,
                endContainer: b.node,
                endOffset: b.offset,
              }),
            );
          }
        });
        return rs;
      }) as StaticRange[];
      const h = new Highlight();
      CSS.highlights.set('bench-test', h);
      T('Highlight.add per range', () => {
        for (const r of ranges) h.add(r);
      });
      out.mentions = ranges.length;
      out.chunks = chunks.length;
      const frame = () =>
        new Promise<number>((res) => {
          const t = performance.now();
          requestAnimationFrame(() => setTimeout(() => res(performance.now() - t), 0));
        });
      return (async () => {
        out['next frame after adding all ranges'] = await frame();
        out['next frame, nothing changed'] = await frame();
        h.delete(ranges[0]!);
        await frame();
        h.add(ranges[0]!);
        out['next frame after adding 1 range to the highlight'] = await frame();
        const h2 = new Highlight();
        CSS.highlights.set('bench-test-2', h2);
        await frame();
        h2.add(ranges[1]!);
        out['next frame after adding 1 range to a 2nd, small highlight'] = await frame();
        CSS.highlights.delete('bench-test');
        CSS.highlights.delete('bench-test-2');
        await frame();
        return out;
      })();
    },
    { spec, pattern },
  );
  console.log(
    `#${rep + 1}`,
    Object.entries(r)
      .map(([k, v]) => `${k}: ${Number.isInteger(v) ? v : v.toFixed(1)}`)
      .join('\n   '),
  );
}
await ctx.close();
await server.close();
