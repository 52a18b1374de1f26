// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorQuote, extractPage, extractSelection } from '../../../lib/clips/extract.ts';
import { readMetadata } from '../../../lib/clips/page-metadata.ts';
import { ClipInput, type QuoteSelector } from '../../../lib/clips/schema.ts';
import { makeStore, type TestStore } from './helpers.ts';
import { searchClips } from './helpers.ts';

const ARTICLE = readFileSync(resolve(import.meta.dirname, 'fixtures/article.html'), 'utf8');
const ARTICLE_URL =
  'https://www.eurasiawire.example/world/2024/06/13/csto-security-secretaries-minsk?utm_source=telegram#comments';

function load(html: string, url = ARTICLE_URL): Document {
  return new JSDOM(html, { url }).window.document;
}

let t: TestStore | undefined;
afterEach(() => t?.db.close());

describe('extractPage on a news article', () => {
  it('reads the metadata: meta tags first, JSON-LD for what they miss', () => {
    const clip = extractPage(load(ARTICLE));
    expect(clip).toMatchObject({
      kind: 'page',
      url: ARTICLE_URL,
      canonicalUrl: 'https://www.eurasiawire.example/world/2024/06/13/csto-security-secretaries-minsk',
      title: 'CSTO security secretaries meet in Minsk as Patrushev warns of hybrid threats',
      // article:author is a profile URL, so the authors come from JSON-LD.
      byline: 'Anna Petrova, James Holloway',
      siteName: 'Eurasia Wire',
      publishedTime: '2024-06-13T09:41:00+03:00',
      lang: 'en-GB',
      excerpt: 'Security Council secretaries of the CSTO member states met in Minsk.',
    });
  });

  it('keeps the article text and drops navigation, asides, footer, hidden and script text', () => {
    const { text } = extractPage(load(ARTICLE));
    expect(text).toMatch(/^MINSK — Secretaries of the security councils/);
    expect(text).toContain('Nikolai Patrushev, who chaired the Russian delegation');
    expect(text).toContain('Exercises planned for the autumn');
    expect(text).toContain('"The CSTO remains a Russian-led structure');
    expect(text).toContain('\n\n'); // paragraphs stay apart
    for (const chrome of [
      'Politics',
      'SCO foreign ministers',
      'All rights reserved',
      'Subscribe to our newsletter',
      'trackScroll',
      'dataLayer',
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it('sanitises the HTML: no script, event handler or javascript: URL survives', () => {
    const { html } = extractPage(load(ARTICLE));
    expect(html).toContain('Nikolai Patrushev');
    expect(html).toContain('<img');
    expect(html).toContain('<a href="https://www.eurasiawire.example/topics/caspian">Caspian region</a>');
    expect(html).not.toMatch(/<script|onerror|onclick|onmouseover|javascript:|style=|<form|<input/i);
  });

  it('converts the article to Markdown', () => {
    const { markdown } = extractPage(load(ARTICLE));
    expect(markdown).toContain('## Exercises planned for the autumn');
    expect(markdown).toMatch(/^> "We agreed that the collective rapid reaction forces/m);
    expect(markdown).toContain(
      '![Delegations at the meeting in Minsk](https://cdn.eurasiawire.example/img/minsk-meeting.jpg)',
    );
  });

  it('does not change the page', () => {
    const doc = load(ARTICLE);
    const before = doc.documentElement.outerHTML;
    extractPage(doc);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('produces a valid ClipInput that the store files under the canonical URL and finds by search', async () => {
    const input = extractPage(load(ARTICLE));
    expect(ClipInput.safeParse(input).success).toBe(true);
    t = makeStore();
    const { clip } = await t.store.saveClip(input);
    expect(clip.urlKey).toBe('https://www.eurasiawire.example/world/2024/06/13/csto-security-secretaries-minsk');
    expect((await searchClips(t.db, 'patrushev hybr')).map((c) => c.id)).toEqual([clip.id]);
    expect(
      (await t.store.findByUrl('https://www.eurasiawire.example/world/2024/06/13/csto-security-secretaries-minsk/'))
        .length,
    ).toBe(1);
  });
});

describe('extractPage on a page without an article', () => {
  const LANDING = `<!DOCTYPE html><html><head><title>Sign in · Eurasia Wire</title>
    <script>var secret = "do not keep";</script><style>body{}</style></head>
    <body>
      <nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <h1>Sign in</h1>
      <form><label>Email <input name="email"></label><button>Continue</button></form>
      <p>New here? <a href="/join">Create an account</a></p>
      <div hidden>Hidden promo</div>
      <div style="display: none">Also hidden</div>
      <template><p>Template text</p></template>
      <noscript>Enable JavaScript</noscript>
      <ul><li>Terms</li><li>Privacy</li></ul>
    </body></html>`;

  it('falls back to the visible text of the body, in reading order', () => {
    const clip = extractPage(load(LANDING, 'https://www.eurasiawire.example/login'));
    expect(clip.title).toBe('Sign in · Eurasia Wire');
    expect(clip.text).toBe(
      'Home World\n\nSign in\n\nEmail Continue\n\nNew here? Create an account\n\nTerms\n\nPrivacy',
    );
    expect(clip.html).toContain('<p>Sign in</p>');
    expect(clip.markdown).toContain('New here? Create an account');
    expect(ClipInput.safeParse(clip).success).toBe(true);
  });
});

describe('readMetadata', () => {
  const page = (head: string) =>
    load(`<html><head><title>Document title</title>${head}</head><body></body></html>`, 'https://example.com/a');

  it.each([
    [
      'citation_title over og:title',
      '<meta name="citation_title" content="Cited"><meta property="og:title" content="OG">',
      { title: 'Cited' },
    ],
    [
      'DC.title over og:title',
      '<meta name="DC.title" content="Dublin"><meta property="og:title" content="OG">',
      { title: 'Dublin' },
    ],
    [
      'JSON-LD headline over document.title',
      '<script type="application/ld+json">{"@type":"ReportageNewsArticle","headline":"From LD"}</script>',
      { title: 'From LD' },
    ],
    ['document.title last', '', { title: 'Document title' }],
    [
      'every citation_author',
      '<meta name="citation_author" content="Ivanov, I."><meta name="citation_author" content="Smith, J.">',
      { byline: 'Ivanov, I., Smith, J.' },
    ],
    ['meta author', '<meta name="author" content="Olga Sidorova">', { byline: 'Olga Sidorova' }],
    [
      'an author string in JSON-LD',
      '<script type="application/ld+json">[{"@type":"Article","author":"Lee Chen"}]</script>',
      { byline: 'Lee Chen' },
    ],
    [
      'citation_publication_date',
      '<meta name="citation_publication_date" content="2021/09/17"><meta property="article:published_time" content="2021-09-18">',
      { publishedTime: '2021/09/17' },
    ],
    [
      'JSON-LD datePublished and publisher',
      '<script type="application/ld+json">{"@type":["NewsArticle"],"datePublished":"2022-01-06","publisher":{"@type":"Organization","name":"TASS"}}</script>',
      { publishedTime: '2022-01-06', siteName: 'TASS' },
    ],
    [
      'a relative canonical, resolved',
      '<link rel="canonical" href="/story">',
      { canonicalUrl: 'https://example.com/story' },
    ],
  ])('%s', (_name, head, expected) => {
    expect(readMetadata(page(head))).toMatchObject(expected);
  });

  it('ignores broken and non-article JSON-LD', () => {
    const meta = readMetadata(
      page(
        '<script type="application/ld+json">{oops</script><script type="application/ld+json">{"@type":"WebSite","name":"Not an article"}</script>',
      ),
    );
    expect(meta.title).toBe('Document title');
    expect(meta.byline).toBeUndefined();
  });
});

/** Selects the first occurrence of `text` inside the element matching `selector`. */
function select(doc: Document, selector: string, text: string): Selection {
  const el = doc.querySelector(selector)!;
  const walker = doc.createTreeWalker(el, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node as Text).data.indexOf(text);
    if (at === -1) continue;
    const range = doc.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const selection = doc.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return selection;
  }
  throw new Error(`"${text}" not found in ${selector}`);
}

describe('extractSelection and anchorQuote', () => {
  const quote = 'Nikolai Patrushev, who chaired the Russian delegation';

  it('describes the selection with quote, context and position over the body text', () => {
    const doc = load(ARTICLE);
    const clip = extractSelection(select(doc, '.story-body p:nth-of-type(2)', quote), doc)!;
    expect(clip.kind).toBe('selection');
    expect(clip.title).toBe('CSTO security secretaries meet in Minsk as Patrushev warns of hybrid threats');
    expect(clip.text).toBe(quote);
    const s = clip.selection!;
    const body = doc.body.textContent;
    expect(s.exact).toBe(quote);
    expect(body.slice(s.start, s.end)).toBe(quote);
    expect(s.prefix).toBe(body.slice(s.start - 32, s.start));
    expect(s.prefix).toHaveLength(32);
    expect(s.suffix).toBe(', told reporters that the member');
    expect(ClipInput.safeParse(clip).success).toBe(true);
  });

  it('returns null for an empty selection', () => {
    const doc = load(ARTICLE);
    const selection = doc.getSelection()!;
    selection.removeAllRanges();
    expect(extractSelection(selection, doc)).toBeNull();
  });

  it('sanitises the selected HTML', () => {
    const doc = load(ARTICLE);
    const p = doc.querySelector('.story-body p:nth-of-type(2)')!;
    const range = doc.createRange();
    range.selectNodeContents(p);
    doc.getSelection()!.addRange(range);
    const clip = extractSelection(doc.getSelection(), doc)!;
    expect(clip.html).toContain('Read the statement');
    expect(clip.html).not.toContain('javascript:');
  });

  function selectorFor(doc: Document, within: string, text: string): QuoteSelector {
    return extractSelection(select(doc, within, text), doc)!.selection!;
  }

  it('finds the quote again on an unchanged page by its position', () => {
    const saved = selectorFor(load(ARTICLE), '.story-body p:nth-of-type(2)', quote);
    const revisit = load(ARTICLE);
    const range = anchorQuote(revisit, saved)!;
    expect(range.toString()).toBe(quote);
    expect(range.startContainer.parentElement?.closest('p')?.textContent).toContain('who chaired');
  });

  it('finds the quote after text was added before it (stale position)', () => {
    const saved = selectorFor(load(ARTICLE), '.story-body p:nth-of-type(2)', quote);
    const revisit = load(ARTICLE);
    const update = revisit.createElement('p');
    update.textContent = 'Update, 14 June: this article has been updated with comments from the secretariat.';
    revisit.querySelector('.story-body')!.prepend(update);
    const body = revisit.body.textContent;
    expect(body.slice(saved.start, saved.end)).not.toBe(quote);
    const range = anchorQuote(revisit, saved)!;
    expect(range.toString()).toBe(quote);
  });

  it('tells repeated words apart by their context', () => {
    // "CSTO" occurs many times; the saved one is "The CSTO, which groups ...".
    const saved = selectorFor(load(ARTICLE), '.story-body p:nth-of-type(3)', 'CSTO');
    expect(saved.suffix.startsWith(', which groups')).toBe(true);
    const revisit = load(ARTICLE);
    revisit.querySelector('.story-body')!.prepend(revisit.createTextNode('Breaking: CSTO statement. '));
    const range = anchorQuote(revisit, saved)!;
    expect(range.toString()).toBe('CSTO');
    const after = revisit.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEndAfter(revisit.body.lastChild!);
    expect(after.toString().startsWith(', which groups Armenia')).toBe(true);
  });

  it('falls back to a unique quote when its context changed', () => {
    const saved = selectorFor(load(ARTICLE), '.story-body p:nth-of-type(2)', quote);
    const revisit = load(
      ARTICLE.replace('MINSK — Secretaries', 'MINSK, Belarus — Secretaries').replace(
        ', told reporters',
        ' told journalists',
      ),
    );
    const range = anchorQuote(revisit, { ...saved, prefix: 'something else entirely' })!;
    expect(range.toString()).toBe(quote);
  });

  it.each([
    [
      'the quote is gone',
      (html: string) => html.replace('Nikolai Patrushev, who chaired', 'The secretary, who chaired'),
      'Nikolai Patrushev, who chaired',
    ],
    ['the quote repeats and no context matches', (html: string) => html, 'Minsk'],
  ])('returns null when %s', (_name, change, text) => {
    const saved = selectorFor(load(ARTICLE), '.story-body', text);
    const revisit = load(change(ARTICLE));
    revisit.querySelector('.story-body')!.prepend(revisit.createTextNode('x'));
    expect(anchorQuote(revisit, { ...saved, prefix: 'zzzz', suffix: 'qqqq' })).toBeNull();
  });

  it('anchors quotes that cross element boundaries', () => {
    const doc = load('<body><p>Alpha <b>beta</b> gamma</p><p>delta</p></body>', 'https://example.com/');
    const range = anchorQuote(doc, { exact: 'ta gamma', prefix: 'Alpha be', suffix: 'delta' })!;
    expect(range.toString()).toBe('ta gamma');
    expect(range.startContainer.textContent).toBe('beta');
  });
});
