import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  markingEnabled,
  suppressedOn,
  withSite,
  withSuppression,
  type Settings,
} from '../../../lib/settings/settings';
import { pageMarking, sameMarking, summarise } from '../../../lib/settings/summary';

const pages = [
  'https://news.example.org/world/csto?x=1',
  'https://news.example.org/other',
  'https://blog.example.net/post',
  'https://private-clinic.example/results/123',
];

function build(): Settings {
  let s = DEFAULT_SETTINGS;
  s = withSuppression(s, 'csto', 'page', pages[0]!);
  s = withSuppression(s, 'sco', 'site', pages[0]!);
  s = withSuppression(s, 'cis', 'everywhere', pages[0]!);
  s = withSuppression(s, 'rats', 'page', pages[3]!);
  s = withSite(s, 'blog.example.net', false);
  return s;
}

describe('the marking summary content scripts read', () => {
  const settings = build();
  const summary = summarise(settings, 'salt-1');

  it.each(pages)('says the same as the settings for %s', (url) => {
    expect(pageMarking(summary, url)).toEqual({
      marking: markingEnabled(settings, url),
      suppressed: [...suppressedOn(settings, url)].sort(),
    });
  });

  it('holds no site or page address', () => {
    const text = JSON.stringify(summary);
    for (const needle of ['example', 'clinic', 'results', 'news', 'blog', 'csto?x']) expect(text).not.toContain(needle);
  });

  it('files the same address under another hash with another salt', () => {
    expect(Object.keys(summarise(settings, 'salt-2').scoped)).not.toEqual(Object.keys(summary.scoped));
  });

  it('marks everything on a fresh install (no summary yet)', () => {
    expect(pageMarking(null, pages[0]!)).toEqual({ marking: true, suppressed: [] });
  });

  it('tells a tab whether a change concerns it', () => {
    const after = summarise(withSuppression(settings, 'csto', 'page', pages[2]!), 'salt-1');
    // The blog page changed; the news page did not: only the blog's tab restarts.
    expect(sameMarking(pageMarking(summary, pages[0]!), pageMarking(after, pages[0]!))).toBe(true);
    expect(sameMarking(pageMarking(summary, pages[2]!), pageMarking(after, pages[2]!))).toBe(false);
  });
});
