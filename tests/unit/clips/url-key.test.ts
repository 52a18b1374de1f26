import { describe, expect, it } from 'vitest';
import { isTrackingParam, normaliseUrl, siteOf } from '../../../lib/clips/url-key.ts';

describe('normaliseUrl', () => {
  it.each([
    ['drops the fragment', 'https://example.com/a/b#section-2', 'https://example.com/a/b'],
    ['lowercases the host', 'https://News.Example.COM/Story', 'https://news.example.com/Story'],
    ['keeps path case', 'https://example.com/Path/To/Story', 'https://example.com/Path/To/Story'],
    ['drops the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['drops the default http port', 'http://example.com:80/a', 'http://example.com/a'],
    ['keeps another port', 'http://localhost:8080/a', 'http://localhost:8080/a'],
    ['strips a trailing slash', 'https://example.com/a/b/', 'https://example.com/a/b'],
    ['keeps the root slash', 'https://example.com/', 'https://example.com/'],
    ['adds the root slash', 'https://example.com', 'https://example.com/'],
    ['drops utm_*', 'https://example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x', 'https://example.com/a'],
    ['drops UTM_ in capitals', 'https://example.com/a?UTM_Source=tw', 'https://example.com/a'],
    [
      'drops click ids',
      'https://example.com/a?fbclid=1&gclid=2&yclid=3&igshid=4&mc_cid=5&mc_eid=6&_hsenc=7&_hsmkt=8',
      'https://example.com/a',
    ],
    [
      'drops ref, ref_src, spm, cmpid, s_cid',
      'https://example.com/a?ref=hn&ref_src=twsrc&spm=a.b&cmpid=x&s_cid=y',
      'https://example.com/a',
    ],
    [
      'keeps meaningful params, sorted',
      'https://example.com/search?q=csto&page=2&utm_source=x',
      'https://example.com/search?page=2&q=csto',
    ],
    ['keeps repeated params in their order', 'https://example.com/a?b=2&a=1&b=1', 'https://example.com/a?a=1&b=2&b=1'],
    [
      'does not take "prefix" for "ref"',
      'https://example.com/a?prefix=1&referrer=2',
      'https://example.com/a?prefix=1&referrer=2',
    ],
    ['drops an empty query', 'https://example.com/a?', 'https://example.com/a'],
    ['trims whitespace', '  https://example.com/a  ', 'https://example.com/a'],
    [
      'normalises Cyrillic hosts to punycode',
      'https://пример.рф/статья',
      'https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F',
    ],
    ['keeps file URLs', 'file:///home/me/doc.html#p3', 'file:///home/me/doc.html'],
  ])('%s', (_name, input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });

  it.each([
    [
      'a same-host canonical',
      'https://example.com/a?id=1&utm_source=x',
      'https://example.com/story-slug',
      'https://example.com/story-slug',
    ],
    ['a relative canonical', 'https://example.com/amp/story?x=1', '/story', 'https://example.com/story'],
    [
      'a canonical on the www host',
      'https://m.example.com/story',
      'https://www.example.com/story/',
      'https://www.example.com/story',
    ],
    [
      'a canonical under a co.uk domain',
      'https://m.bbc.co.uk/news/1',
      'https://www.bbc.co.uk/news/1',
      'https://www.bbc.co.uk/news/1',
    ],
    ["not another site's canonical", 'https://evil.example/a', 'https://bank.example/a', 'https://evil.example/a'],
    ['not a sibling under co.uk', 'https://one.co.uk/a', 'https://two.co.uk/a', 'https://one.co.uk/a'],
    [
      'not a canonical that points at the home page',
      'https://example.com/story',
      'https://example.com/',
      'https://example.com/story',
    ],
    [
      'the home page canonical for the home page',
      'https://example.com/?utm_source=x',
      'https://example.com/',
      'https://example.com/',
    ],
    ['not a javascript: canonical', 'https://example.com/a', 'javascript:alert(1)', 'https://example.com/a'],
    ['not an unparseable canonical', 'https://example.com/a', 'http://[bad', 'https://example.com/a'],
    [
      'tracking params of the canonical dropped too',
      'https://example.com/a',
      'https://example.com/b?utm_medium=x#top',
      'https://example.com/b',
    ],
    // The public suffix list (tldts, private section included), never a hand-written rule.
    [
      'not a sibling under a private suffix (github.io)',
      'https://attacker.github.io/copy',
      'https://victim.github.io/post',
      'https://attacker.github.io/copy',
    ],
    [
      'a canonical inside the same github.io site',
      'https://me.github.io/a?x=1',
      'https://me.github.io/b',
      'https://me.github.io/b',
    ],
    [
      'not a sibling under blogspot.com',
      'https://evil.blogspot.com/p',
      'https://good.blogspot.com/p',
      'https://evil.blogspot.com/p',
    ],
    ['not a sibling under ac.uk', 'https://evil.ac.uk/p', 'https://ox.ac.uk/p', 'https://evil.ac.uk/p'],
    [
      'a canonical across subdomains of a .co.uk site',
      'https://m.guardian.co.uk/a',
      'https://www.guardian.co.uk/a',
      'https://www.guardian.co.uk/a',
    ],
    ['not a .co.uk site claiming co.uk', 'https://evil.co.uk/a', 'https://co.uk/a', 'https://evil.co.uk/a'],
    [
      'http to https on the same domain',
      'http://example.com/a',
      'https://www.example.com/a',
      'https://www.example.com/a',
    ],
    ['not another port of localhost', 'http://localhost:3000/a', 'http://localhost:4000/a', 'http://localhost:3000/a'],
    ['not another host on loopback', 'http://127.0.0.1:3000/a', 'http://localhost:3000/a', 'http://127.0.0.1:3000/a'],
    [
      'the same origin on localhost',
      'http://localhost:3000/a?x=1',
      'http://localhost:3000/b',
      'http://localhost:3000/b',
    ],
    ['not an IP claiming a neighbour', 'http://10.0.0.1/a', 'http://10.0.0.2/a', 'http://10.0.0.1/a'],
  ])('prefers %s', (_name, url, canonical, expected) => {
    expect(normaliseUrl(url, canonical)).toBe(expected);
  });

  it('gives every tracking variant of one article the same key', () => {
    const variants = [
      'https://news.example.com/world/csto-summit/',
      'https://NEWS.example.com:443/world/csto-summit?utm_source=telegram#comments',
      'https://news.example.com/world/csto-summit?fbclid=IwAR0',
    ];
    expect(new Set(variants.map((u) => normaliseUrl(u))).size).toBe(1);
  });

  it('throws on something that is not a URL', () => {
    expect(() => normaliseUrl('not a url')).toThrow(TypeError);
  });
});

describe('siteOf', () => {
  it.each([
    ['example.com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['a.b.example.com', 'example.com'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['www.abc.net.au', 'abc.net.au'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['attacker.github.io', 'attacker.github.io'],
    ['www.example.co.uk', 'example.co.uk'],
  ])('%s → %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });
});

describe('isTrackingParam', () => {
  it.each([
    ['utm_source', true],
    ['utm_whatever', true],
    ['fbclid', true],
    ['q', false],
    ['id', false],
    ['page', false],
  ])('%s → %s', (name, expected) => {
    expect(isTrackingParam(name)).toBe(expected);
  });
});
