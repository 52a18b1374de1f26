import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, markingEnabled, parseSettings, suppressedOn, withSite, withSuppression, withoutSuppression } from '../../../lib/settings/settings';
import { loadSettings, updateSettings } from '../../../lib/settings/store';

const url = 'https://news.example.org/world/csto?x=1#top';

describe('settings', () => {
  it('falls back to defaults on malformed storage', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ enabled: 'yes' })).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ disabledSites: ['a.org'] }).disabledSites).toEqual(['a.org']);
  });

  it('turns marking off globally and per site', () => {
    expect(markingEnabled(DEFAULT_SETTINGS, url)).toBe(true);
    expect(markingEnabled({ ...DEFAULT_SETTINGS, enabled: false }, url)).toBe(false);
    const off = withSite(DEFAULT_SETTINGS, 'news.example.org', false);
    expect(markingEnabled(off, url)).toBe(false);
    expect(markingEnabled(off, 'https://other.example.org/')).toBe(true);
    expect(markingEnabled(withSite(off, 'news.example.org', true), url)).toBe(true);
  });

  it.each([
    ['page', 'https://news.example.org/world/csto', 'https://news.example.org/other', true, false],
    ['site', 'https://news.example.org/a', 'https://elsewhere.org/', true, false],
    ['everywhere', 'https://a.org/', 'https://b.org/', true, true],
  ] as const)('suppresses an entity for a %s, and undoes it', (scope, same, other, onSame, onOther) => {
    const s = withSuppression(DEFAULT_SETTINGS, 'sco', scope, url);
    expect(suppressedOn(s, same).has('sco')).toBe(onSame);
    expect(suppressedOn(s, other).has('sco')).toBe(onOther);
    expect(suppressedOn(withoutSuppression(s, s.suppressed[0]!), same).has('sco')).toBe(false);
  });

  it('persists through the extension storage API', async () => {
    fakeBrowser.reset();
    await updateSettings(fakeBrowser.storage.local, (s) => withSuppression(s, 'csto', 'everywhere', url));
    const back = await loadSettings(fakeBrowser.storage.local);
    expect(back.suppressed).toEqual([{ entity: 'csto', scope: 'everywhere', key: '' }]);
  });
});
