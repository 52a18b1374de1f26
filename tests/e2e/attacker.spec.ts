/**
 * An attacker page against the built extension in real Chromium. The attack is page script only
 * (tests/pages/attacker.html, run in the page's main world): synthetic hovers, keys and clicks on every
 * marked name and every reachable element, then reading every shadow root, frame, highlight, style sheet
 * and performance entry it can reach, and window.find() for the reader's texts. The reader's collection
 * (a clip with a note, a saved passage, a per-site setting) was saved on another origin first.
 * Then a real hover (Playwright's mouse) must still open a complete card whose buttons work.
 */
import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from '../support/browser';
import { PASSAGE, PopupPage, TITLE, saveArticleAndPassage, tabIdOf } from './clips-helpers';
import { test, expect, hoverMention, waitForMarking } from './fixtures';

const NOTE = 'Biopsy result for the reader: benign, see Dr Ivanova';
/** A site the reader unmarked a name on: settings a page must not learn. */
const SETTING_SITE = 'victim-clinic.example';

interface Found {
  texts: string[];
  finds: string[];
  errors: string[];
  highlightNames: string[];
  frames: number;
  chromeRuntime: string;
}

/** The settings as the background keeps them (its IndexedDB, lib/settings/store.ts), read in the service worker. */
async function storedSettings(ext: ExtensionBrowser): Promise<unknown> {
  return ext.worker.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('context-reader-settings');
        req.onerror = () => reject(new Error(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('kv').objectStore('kv').get('settings');
          get.onsuccess = () => {
            resolve(get.result);
            db.close();
          };
          get.onerror = () => reject(new Error(String(get.error)));
        };
      }),
  );
}

function attack(page: Page, wait: number): Promise<Found> {
  return page.evaluate(
    ({ secrets, wait }) =>
      (window as unknown as { attack(s: string[], w: number): Promise<Found> }).attack(secrets, wait),
    { secrets: [TITLE, NOTE, PASSAGE, SETTING_SITE], wait },
  );
}

function expectNothingLeaked(found: Found): void {
  const leaks = found.texts.filter((t) =>
    [TITLE, NOTE, PASSAGE, SETTING_SITE, 'Security chiefs meet', 'Biopsy', 'narcotics in one stage'].some((s) =>
      t.includes(s),
    ),
  );
  expect(leaks).toEqual([]);
  expect(found.finds).toEqual([]);
  // The card frame sits in a closed shadow root: not even listed in window.frames.
  expect(found.frames).toBe(0);
  expect(found.chromeRuntime).toBe('undefined');
}

test('an attacker page can neither read nor press the card; a real hover still opens a working one', async ({
  ext,
  page,
  server,
}) => {
  test.setTimeout(90_000);
  // The reader's collection, saved on the victim origin (localhost): the article, a passage and a note.
  const victim = server.url('/news-article.html');
  const popup = await saveArticleAndPassage(ext, page, victim, PASSAGE);
  const clip = popup.clip(TITLE).filter({ hasNotText: PASSAGE });
  await clip.getByRole('button', { name: 'Edit note & tags' }).click();
  await clip.getByLabel('Note').fill(NOTE);
  await clip.getByRole('button', { name: 'Save' }).click();
  await expect(clip.locator('.note')).toHaveText(NOTE);
  const clipsBefore = await popup.clips.count();
  // Written as the popup writes settings (an extension page; the background refuses it from pages).
  const put = await popup.page.evaluate(
    (site) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({
        type: 'settings:put',
        settings: { enabled: true, disabledSites: [], suppressed: [{ entity: 'sco', scope: 'site', key: site }] },
      }),
    SETTING_SITE,
  );
  expect(put).toMatchObject({ ok: true });
  await popup.close();
  const settingsBefore = await storedSettings(ext);
  expect(JSON.stringify(settingsBefore)).toContain(SETTING_SITE);

  // The attacker's page, on another origin (127.0.0.1).
  const attacker = server.otherOrigin + '/attacker.html';
  await page.goto(attacker);
  await waitForMarking(page);
  const pagesBefore = ext.context.pages().length;
  let opened = 0;
  const onPage = () => {
    opened++;
  };
  ext.context.on('page', onPage);

  const found = await attack(page, 700);
  expect(found.highlightNames.length).toBeGreaterThan(0); // it did find the marks (visible by design)
  // ... under names that say nothing: random per document, so they neither name the extension nor follow
  // the reader from site to site.
  expect(found.highlightNames.every((n) => /^[a-z][0-9a-z]{10}$/.test(n))).toBe(true);
  expect(found.texts.filter((t) => t.startsWith('css') && /context|reader/i.test(t))).toEqual([]);
  expectNothingLeaked(found);
  // Synthetic events moved nothing: no card frame was even created (that takes a trusted pointer move).
  expect(page.frames().filter((f) => f.url().includes('/card.html'))).toHaveLength(0);
  expect(await storedSettings(ext)).toEqual(settingsBefore);
  // The names are drawn afresh for each document.
  await page.reload();
  await waitForMarking(page);
  const renamed = await page.evaluate(() => [...CSS.highlights.keys()]);
  expect(renamed.some((n) => found.highlightNames.includes(n))).toBe(false);

  // A real hover, as a reader would: a complete card, with the reader's clip, in the extension's frame.
  const card = await hoverMention(page, 'Patrushev');
  await expect(card.locator('h2')).toHaveText('Nikolai Patrushev');
  await expect(card.locator('ul.clips li')).toHaveText([TITLE]);
  await expect(card.locator('.facts li').first()).toBeVisible();
  // Pin it open, then attack again while the card shows the clip: still nothing readable or pressable.
  await card.getByRole('button', { name: 'Pin' }).click();
  await expect(card.getByRole('button', { name: 'Unpin' })).toHaveAttribute('aria-pressed', 'true');
  const again = await attack(page, 300);
  expectNothingLeaked(again);
  await expect(card.locator('h2')).toHaveText('Nikolai Patrushev');
  expect(await storedSettings(ext)).toEqual(settingsBefore);
  expect(opened).toBe(0);
  expect(ext.context.pages().length).toBe(pagesBefore);

  // Real clicks work: a related entity switches the card, the clip opens the library.
  await card.locator('.related button', { hasText: 'CIS' }).first().click();
  await expect(card.locator('h2')).toHaveText('Commonwealth of Independent States (CIS)');
  await card.getByRole('button', { name: 'Unpin' }).click();
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  const again2 = await hoverMention(page, 'Patrushev');
  const [library] = await Promise.all([ext.context.waitForEvent('page'), again2.locator('ul.clips a').first().click()]);
  await library.waitForLoadState();
  expect(library.url()).toContain(`chrome-extension://${ext.extensionId}/library.html#clip=`);
  await library.close();
  ext.context.off('page', onPage);

  // The collection is as the reader left it.
  const check = await PopupPage.open(ext, await tabIdOf(ext, attacker));
  await expect(check.clips).toHaveCount(clipsBefore);
  await expect(check.clip(TITLE).locator('.note')).toHaveText(NOTE);
  await check.close();
});
