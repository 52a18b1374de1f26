import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  bannerDismissed,
  dismissBanner,
  showStorageBanner,
  type BannerState,
} from '../../../lib/clips/storage-banner.ts';
import { fullClip, makeStore } from './helpers.ts';

describe('the storage banner', () => {
  it.each<[BannerState, boolean, string]>([
    [{ total: 0, persisted: false, dismissed: false }, false, 'nothing to lose'],
    [{ total: null, persisted: false, dismissed: false }, false, 'count not known yet'],
    [{ total: 3, persisted: null, dismissed: false }, false, 'persistence not known yet'],
    [{ total: 3, persisted: true, dismissed: false }, false, 'storage is persistent'],
    [{ total: 3, persisted: false, dismissed: true }, false, 'closed before'],
    [{ total: 3, persisted: false, dismissed: false }, true, 'clips that may be cleared'],
  ])('%o → %s (%s)', (state, shown, _why) => {
    expect(showStorageBanner(state)).toBe(shown);
  });

  it('remembers that it was closed', async () => {
    fakeBrowser.reset();
    expect(await bannerDismissed(fakeBrowser.storage.local)).toBe(false);
    await dismissBanner(fakeBrowser.storage.local);
    expect(await bannerDismissed(fakeBrowser.storage.local)).toBe(true);
  });
});

describe('countForEntity', () => {
  it('counts every clip that mentions the entity, not only a page of them', async () => {
    const t = makeStore('count');
    for (let i = 1; i <= 120; i++)
      await t.store.restore(fullClip(i, { entities: i % 3 === 0 ? ['patrushev', 'csto'] : ['csto'] }));
    expect(await t.store.countForEntity('patrushev')).toBe(40);
    expect(await t.store.countForEntity('csto')).toBe(120);
    expect(await t.store.countForEntity('nobody')).toBe(0);
    t.db.close();
  });
});
