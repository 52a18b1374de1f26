import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  DEFAULT_SETTINGS,
  LEGACY_SETTINGS_KEY,
  MAX_DISABLED_SITES,
  MAX_SUPPRESSED,
  SUMMARY_KEY,
  capSettings,
  markingEnabled,
  parseSettings,
  suppressedOn,
  withSite,
  withSuppression,
  withoutSuppression,
  type Settings,
} from '../../../lib/settings/settings';
import { SettingsDB, SettingsStore } from '../../../lib/settings/store';
import { pageMarking, parseSummary } from '../../../lib/settings/summary';

const freshStore = () =>
  new SettingsStore(
    fakeBrowser.storage.local,
    new SettingsDB('settings-test', { indexedDB: new IDBFactory(), IDBKeyRange }),
  );

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

  it("persists in the background's database, and storage.local holds only the summary", async () => {
    fakeBrowser.reset();
    const store = freshStore();
    await store.update((s) => withSuppression(s, 'csto', 'everywhere', url));
    await store.update((s) => withSuppression(s, 'sco', 'page', url));
    expect((await store.load()).suppressed).toEqual([
      { entity: 'csto', scope: 'everywhere', key: '' },
      { entity: 'sco', scope: 'page', key: 'https://news.example.org/world/csto' },
    ]);
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local)).toEqual([SUMMARY_KEY]);
    // No address of any page or site is readable from what content scripts can read.
    expect(JSON.stringify(local)).not.toContain('example.org');
    expect(pageMarking(parseSummary(local[SUMMARY_KEY]), url)).toEqual({ marking: true, suppressed: ['csto', 'sco'] });
  });

  it('moves settings an earlier version kept in storage.local out of it', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({
      [LEGACY_SETTINGS_KEY]: { enabled: true, disabledSites: ['secret.example'], suppressed: [] },
    });
    const store = freshStore();
    await store.publish();
    expect((await store.load()).disabledSites).toEqual(['secret.example']);
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local)).toEqual([SUMMARY_KEY]);
    expect(pageMarking(parseSummary(local[SUMMARY_KEY]), 'https://secret.example/a').marking).toBe(false);
  });

  it('rewrites the summary at start-up only when it is missing or stale', async () => {
    fakeBrowser.reset();
    const store = freshStore();
    await store.update((s) => withSuppression(s, 'csto', 'everywhere', url));
    const writes: unknown[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => writes.push(changes));
    await store.publish();
    expect(writes).toEqual([]);
    await fakeBrowser.storage.local.remove(SUMMARY_KEY);
    writes.length = 0;
    await store.publish();
    expect(writes).toHaveLength(1);
    const local = await fakeBrowser.storage.local.get(SUMMARY_KEY);
    expect(pageMarking(parseSummary(local[SUMMARY_KEY]), url).suppressed).toEqual(['csto']);
  });

  it('keeps concurrent changes (writes are queued)', async () => {
    fakeBrowser.reset();
    const store = freshStore();
    await Promise.all(['a', 'b', 'c'].map((e) => store.update((s) => withSuppression(s, e, 'everywhere', url))));
    expect((await store.load()).suppressed.map((x) => x.entity).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('caps', () => {
  it('de-duplicates, keeping the newest place', () => {
    let s: Settings = DEFAULT_SETTINGS;
    for (const e of ['a', 'b', 'a']) s = withSuppression(s, e, 'site', url);
    expect(s.suppressed.map((x) => x.entity)).toEqual(['b', 'a']);
  });

  it('drops the oldest entries past the caps', () => {
    const many: Settings = {
      enabled: true,
      disabledSites: Array.from({ length: MAX_DISABLED_SITES + 20 }, (_, i) => `s${i}.example`),
      suppressed: Array.from({ length: MAX_SUPPRESSED + 20 }, (_, i) => ({
        entity: `e${i}`,
        scope: 'everywhere' as const,
        key: '',
      })),
    };
    const capped = capSettings(many);
    expect(capped.suppressed).toHaveLength(MAX_SUPPRESSED);
    expect(capped.suppressed[0]!.entity).toBe('e20');
    expect(capped.disabledSites).toHaveLength(MAX_DISABLED_SITES);
    expect(parseSettings(many).suppressed).toHaveLength(MAX_SUPPRESSED);
  });
});
