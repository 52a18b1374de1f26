/**
 * Deterministic large pages for the benchmark (and any test that needs a big realistic page): news-site
 * articles of a chosen amount of text, a comment thread of many short text nodes, and a block of
 * paragraphs to append after load. Text is the bundled corpus (data/corpus/*.txt, which names the
 * catalogue's entities) interleaved with unrelated English prose from a seeded PRNG, wrapped in the
 * markup real pages have: page chrome (header, nav, aside, footer), headings, paragraphs, blockquotes,
 * and inline <a>, <b>, <em>, <span> that split the text across many nodes.
 *
 * Same arguments, same HTML, byte for byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './prng';

export const CORPUS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../data/corpus');

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her all she there would their we him been has when who will more no if out so said what up its about ' +
  'into than them can only other new some could time these two may then do first any my now such like our over man ' +
  'me even most made after also did many before must through back years where much your way well down should because ' +
  'each just those people how too little state good very make world still own see men work long get here between both ' +
  'life being under never day same another know while last might us great old year off come since against go came right ' +
  'used take three states himself few house use during without again place american around however home small found ' +
  'thought went say part once general high upon school every does got united left number course war until always away ' +
  'something fact though water less public put think almost hand enough far took head yet government system better set ' +
  'told nothing night end why called didn eyes find going look asked later knew point next program city business give ' +
  'group toward young days let room president side social given present several order national possible rather second ' +
  'face per among form important often things looked early white case john become large big need four within felt along ' +
  'children saw best church ever least power development light thing seemed family interest want members mind country ' +
  'area others done turned although open problem certain kind began different door thus help means sense whole matter ' +
  'perhaps itself york times law human line above name example action company hands local show whether five history gave ' +
  'today either act feet across taken past quite anything seen having death experience body word half really field week ' +
  'garden recipe harbour river painting orchestra bicycle weather kitchen market library festival museum morning ' +
  'mountain village journey bread coffee autumn summer winter spring island forest valley bridge train station theatre'
).split(' ');

const NAMES = [
  'Alice Morgan',
  'Ben Carter',
  'Chloe Bennett',
  'Daniel Reyes',
  'Emma Walsh',
  'Felix Grant',
  'Grace Lin',
  'Henry Okafor',
  'Isla Novak',
  'Jack Turner',
  'Katie Dunn',
  'Liam Hughes',
  'Maya Patel',
  'Noah Fischer',
  'Olivia Price',
  'Paul Moreau',
];

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

/** One English-looking sentence of `min`..`max` words. */
function sentence(rnd: () => number, min = 6, max = 22): string {
  const n = min + Math.floor(rnd() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = pick(rnd, WORDS);
    if (i === 0) w = w[0]!.toUpperCase() + w.slice(1);
    else if (rnd() < 0.03) w = pick(rnd, NAMES).split(' ')[0]!;
    words.push(w);
    if (i < n - 1 && rnd() < 0.08) words[words.length - 1] = `${w},`;
  }
  return words.join(' ') + pick(rnd, ['.', '.', '.', '.', '?', '!']);
}

/**
 * Wraps random runs of words in inline elements, so the text is split across many nodes (as in
 * `<b>Nikolai</b> Patrushev`). Input is plain text; output is escaped HTML.
 */
function inlineMarkup(rnd: () => number, text: string, density = 0.06): string {
  const words = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    if (rnd() < density) {
      const len = 1 + Math.floor(rnd() * 4);
      const run = escapeHtml(words.slice(i, i + len).join(' '));
      const r = rnd();
      if (r < 0.35) out.push(`<a href="/story/${Math.floor(rnd() * 1e6)}">${run}</a>`);
      else if (r < 0.55) out.push(`<b>${run}</b>`);
      else if (r < 0.8) out.push(`<em>${run}</em>`);
      else out.push(`<span class="hl-${Math.floor(rnd() * 5)}">${run}</span>`);
      i += len;
    } else {
      out.push(escapeHtml(words[i]!));
      i++;
    }
  }
  return out.join(' ');
}

/** The corpus split into paragraphs and sentences (the text that names the catalogue's entities). */
function corpus(): { paragraphs: string[]; sentences: string[] } {
  const paragraphs: string[] = [];
  for (const f of readdirSync(CORPUS_DIR)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(join(CORPUS_DIR, f), 'utf8');
    for (const p of text.split(/\n\s*\n/)) {
      const t = p.replace(/\s+/g, ' ').trim();
      if (t.length > 40) paragraphs.push(t);
    }
  }
  const sentences = paragraphs
    .flatMap((p) => p.split(/(?<=[.!?])\s+/))
    .filter((s) => s.length >= 30 && s.length <= 220);
  return { paragraphs, sentences };
}

function chrome(title: string, rnd: () => number): { head: string; header: string; aside: string; footer: string } {
  const sections = [
    'World',
    'Politics',
    'Business',
    'Security',
    'Asia',
    'Europe',
    'Opinion',
    'Culture',
    'Sport',
    'Science',
  ];
  const nav = sections.map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a></li>`).join('');
  const trending = Array.from(
    { length: 8 },
    () => `<li><a href="/story/${Math.floor(rnd() * 1e6)}">${escapeHtml(sentence(rnd, 5, 10))}</a></li>`,
  ).join('');
  const footerLinks = ['About', 'Contact', 'Privacy', 'Terms', 'Advertise', 'Careers']
    .map((s) => `<a href="/${s.toLowerCase()}">${s}</a>`)
    .join(' · ');
  const header = `<header class="site-header"><a class="logo" href="/">The Daily Ledger</a><nav aria-label="Sections"><ul>${nav}</ul></nav><form role="search"><input type="search" placeholder="Search"></form></header>`;
  const aside = `<aside class="sidebar"><h2>Trending</h2><ol>${trending}</ol><div class="ad">Advertisement</div></aside>`;
  const footer = `<footer class="site-footer"><p>${footerLinks}</p><p>© 2025 The Daily Ledger. All rights reserved.</p></footer>`;
  const head = `<meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="viewport" content="width=device-width"><style>
body{font:16px/1.5 Georgia,serif;margin:0;color:#222}
.site-header{display:flex;gap:1em;align-items:center;padding:8px 16px;border-bottom:1px solid #ddd}
.site-header ul{display:flex;gap:12px;list-style:none;margin:0;padding:0}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 280px;gap:24px;max-width:1200px;margin:0 auto;padding:16px}
blockquote{border-left:3px solid #ccc;margin:1em 0;padding-left:1em;color:#555}
.sidebar{font-size:14px}.site-footer{padding:16px;border-top:1px solid #ddd;font-size:13px}
.comments{list-style:none;padding:0}.comment{margin:0 0 8px}.comment .meta{font-size:12px;color:#777}.comment time{margin-left:6px}
</style>`;
  return { head, header, aside, footer };
}

export interface ArticlePageOptions {
  /** Characters of article text to produce (approximately: the last paragraph overshoots a little). */
  textChars: number;
  seed?: number;
  /** Share of paragraphs taken from the corpus (which names entities); the rest is unrelated prose. */
  corpusShare?: number;
  /** Chance that an inline element starts at a word (0.06: one every ~17 words; 0.3: every few words). */
  markupDensity?: number;
}

/**
 * A long news article page: chrome around an <article> of `textChars` characters of text in sections
 * with headings, paragraphs and blockquotes.
 */
export function generateArticlePage(options: ArticlePageOptions): string {
  const rnd = prng(options.seed ?? 1);
  const share = options.corpusShare ?? 0.15;
  const { paragraphs: corpusParas } = corpus();
  const c = chrome(`Long read (${Math.round(options.textChars / 1000)}k characters)`, rnd);
  const body: string[] = [];
  let chars = 0;
  let corpusIndex = 0;
  let section = 0;
  body.push(
    `<h1>${escapeHtml(sentence(rnd, 6, 12))}</h1><p class="byline">By <a href="/authors/1">${pick(rnd, NAMES)}</a> · <time datetime="2025-03-14">14 March 2025</time></p>`,
  );
  while (chars < options.textChars) {
    section++;
    const h = sentence(rnd, 3, 8);
    chars += h.length;
    body.push(`<section id="s${section}"><h2>${escapeHtml(h)}</h2>`);
    const paras = 4 + Math.floor(rnd() * 8);
    for (let i = 0; i < paras && chars < options.textChars; i++) {
      let text: string;
      if (rnd() < share) {
        text = corpusParas[corpusIndex++ % corpusParas.length]!;
      } else {
        const n = 3 + Math.floor(rnd() * 6);
        text = Array.from({ length: n }, () => sentence(rnd)).join(' ');
      }
      chars += text.length;
      const html = inlineMarkup(rnd, text, options.markupDensity);
      if (rnd() < 0.08) body.push(`<blockquote><p>${html}</p></blockquote>`);
      else if (rnd() < 0.05) {
        const sub = sentence(rnd, 3, 7);
        chars += sub.length;
        body.push(`<h3>${escapeHtml(sub)}</h3><p>${html}</p>`);
      } else body.push(`<p>${html}</p>`);
    }
    body.push('</section>');
  }
  return `<!doctype html><html lang="en"><head>${c.head}</head><body>${c.header}<div class="layout"><main><article>${body.join('\n')}</article></main>${c.aside}</div>${c.footer}</body></html>`;
}

export interface CommentPageOptions {
  /** Text nodes to produce in the whole page (page chrome included), approximately. */
  textNodes: number;
  seed?: number;
  /** Share of comments quoting a corpus sentence (which names entities). */
  corpusShare?: number;
}

/**
 * A discussion page: a short article, then a flat thread of comments, each `<li>` holding the author,
 * the time and a short text: three text nodes per comment and no whitespace nodes between tags.
 */
export function generateCommentPage(options: CommentPageOptions): string {
  const rnd = prng(options.seed ?? 2);
  const share = options.corpusShare ?? 0.1;
  const { sentences } = corpus();
  const c = chrome('Discussion', rnd);
  const chromeNodes = 40; // header, nav, aside, footer, article intro: roughly
  const comments = Math.max(1, Math.round((options.textNodes - chromeNodes) / 3));
  const items: string[] = [];
  let corpusIndex = 0;
  for (let i = 0; i < comments; i++) {
    const author = pick(rnd, NAMES);
    const hours = 1 + Math.floor(rnd() * 72);
    const text = rnd() < share ? sentences[corpusIndex++ % sentences.length]! : sentence(rnd, 3, 18);
    items.push(
      `<li class="comment" id="c${i}"><div class="meta"><a class="author" href="/u/${i % 997}">${author}</a><time datetime="PT${hours}H">${hours} hours ago</time></div><p>${escapeHtml(text)}</p></li>`,
    );
  }
  const intro = `<article><h1>${escapeHtml(sentence(rnd, 6, 10))}</h1><p>${inlineMarkup(rnd, sentences.slice(0, 4).join(' '))}</p></article>`;
  return `<!doctype html><html lang="en"><head>${c.head}</head><body>${c.header}<div class="layout"><main>${intro}<h2>${comments} comments</h2><ol class="comments">${items.join('')}</ol></main>${c.aside}</div>${c.footer}</body></html>`;
}

/**
 * A `<section>` of about `textChars` characters of paragraphs (corpus and prose, inline markup), for
 * appending to a loaded page.
 */
export function generateAppendSection(textChars: number, seed = 3): string {
  const rnd = prng(seed);
  const { paragraphs: corpusParas } = corpus();
  const out: string[] = [`<section class="appended"><h2>${escapeHtml(sentence(rnd, 3, 7))}</h2>`];
  let chars = 0;
  let corpusIndex = Math.floor(rnd() * corpusParas.length);
  while (chars < textChars) {
    const text =
      rnd() < 0.15
        ? corpusParas[corpusIndex++ % corpusParas.length]!
        : Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => sentence(rnd)).join(' ');
    chars += text.length;
    out.push(`<p>${inlineMarkup(rnd, text)}</p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * The page readers of this product open most: every paragraph from the corpus (dense with names),
 * inline markup every few words.
 */
export function generateDenseArticlePage(options: { textChars: number; seed?: number }): string {
  return generateArticlePage({ textChars: options.textChars, seed: options.seed, corpusShare: 1, markupDensity: 0.3 });
}

/** Corpus paragraphs until `textChars`, in corpus order, starting at a seeded paragraph. */
function corpusText(textChars: number, seed: number, sep: string): string[] {
  const { paragraphs } = corpus();
  const out: string[] = [];
  let chars = 0;
  for (let i = Math.floor(prng(seed)() * paragraphs.length); chars < textChars; i++) {
    const t = paragraphs[i % paragraphs.length]!;
    out.push(t);
    chars += t.length + sep.length;
  }
  return out;
}

/**
 * `textChars` of corpus text in one `<pre>` holding ONE text node (a log, a plain-text dump). The HTML
 * parser splits long text into 64 KB nodes, so the page's own script joins them back before load.
 */
export function generatePrePage(options: { textChars: number; seed?: number }): string {
  const text = corpusText(options.textChars, options.seed ?? 7, '\n\n').join('\n\n');
  const c = chrome('Plain text dump', prng(options.seed ?? 7));
  return `<!doctype html><html lang="en"><head>${c.head}</head><body>${c.header}<main><pre id="dump" style="white-space:pre-wrap">${escapeHtml(text)}</pre></main>${c.footer}<script>document.getElementById('dump').normalize()</script></body></html>`;
}

/** `textChars` of corpus text in ONE paragraph, inline markup every few words (one giant block). */
export function generateOneParagraphPage(options: { textChars: number; seed?: number }): string {
  const seed = options.seed ?? 8;
  const rnd = prng(seed);
  const html = corpusText(options.textChars, seed, ' ')
    .map((t) => inlineMarkup(rnd, t, 0.3))
    .join(' ');
  const c = chrome('One paragraph', rnd);
  return `<!doctype html><html lang="en"><head>${c.head}</head><body>${c.header}<main><article><p>${html}</p></article></main>${c.footer}</body></html>`;
}
