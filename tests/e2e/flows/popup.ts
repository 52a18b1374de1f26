/** The popup as a page object: opened on a tab as `popup.html?tab=ID` (no driver can open the real popup). */
import assert from 'node:assert/strict';
import type { Driver, Tab } from '../driver/types';
import { clickSelector, eventually, fill, find, tabIdOf, texts, waitForMarking } from './ui';

/** The demo article's headline and a passage of it, which the clipping flows save. */
export const TITLE = 'Security chiefs meet as CSTO weighs Afghan border plan';
export const PASSAGE = 'seized more than five tonnes of narcotics in one stage last year';

export class Popup {
  constructor(readonly tab: Tab) {}

  static async open(d: Driver, tabId: number): Promise<Popup> {
    const tab = await d.openExtensionPage(`popup.html?tab=${tabId}`, { width: 380, height: 600 });
    const popup = new Popup(tab);
    await eventually(
      () => popup.status(),
      (s) => assert.ok(s && s !== 'Reading this page…', `popup status: ${s}`),
    );
    return popup;
  }

  async status(): Promise<string> {
    return (await texts(this.tab, '.page-status .status'))[0] ?? '';
  }
  async notice(): Promise<string> {
    return (await texts(this.tab, '.notice .notice-text'))[0] ?? '';
  }
  /** Texts of the listed clips. */
  clips(): Promise<string[]> {
    return texts(this.tab, '.collection li.clip');
  }
  async savePage(): Promise<void> {
    await clickSelector(this.tab, 'button', /^(Save page|Update saved page)$/);
  }
  async saveSelection(): Promise<void> {
    await clickSelector(this.tab, 'button', /^Save selection$/);
  }
  async search(text: string): Promise<void> {
    await fill(this.tab, 'input[aria-label="Search your clips"]', text);
  }
  async clickFilter(css: string): Promise<void> {
    await clickSelector(this.tab, css);
  }
  async visible(css: string, text?: string): Promise<number> {
    return (await find(this.tab, css, text)).length;
  }
  close(): Promise<void> {
    return this.tab.close();
  }
}

/** Waits until the popup lists `n` clips. */
export const clipCount = (popup: Popup, n: number) =>
  eventually(
    () => popup.clips(),
    (c) => assert.equal(c.length, n, `clips: ${JSON.stringify(c)}`),
  );

/** Opens `url` in `tab`, selects `select` when given, and saves the page from a popup on that tab. */
export async function savePageFromPopup(d: Driver, tab: Tab, url: string, select?: string): Promise<Popup> {
  await tab.goto(url);
  await waitForMarking(tab);
  if (select) {
    const { selectText } = await import('./ui');
    await selectText(tab, select);
  }
  const popup = await Popup.open(d, await tabIdOf(d, url));
  await popup.savePage();
  await eventually(
    () => popup.notice(),
    (n) => assert.match(n, /Page saved/),
  );
  return popup;
}

/** Saves the page and `passage` of it: the collection several flows start from. */
export async function saveArticleAndPassage(d: Driver, tab: Tab, url: string, passage: string): Promise<Popup> {
  const popup = await savePageFromPopup(d, tab, url, passage);
  await popup.saveSelection();
  await clipCount(popup, 2);
  return popup;
}
