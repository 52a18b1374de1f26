/**
 * An attacker page against the built extension, in both browsers. The attack is page script only
 * (tests/pages/attacker.html, called in the page's own world): synthetic hovers, keys and clicks on every
 * marked name and every reachable element, then reading every shadow root, frame, highlight, style sheet
 * and performance entry it can reach, and window.find() for the reader's texts. The reader's collection
 * (a clip with a note, a saved passage, a per-site setting) was saved on another origin first. Then a
 * real hover (the driver's trusted mouse) must still open a complete card whose buttons work.
 */
import assert from 'node:assert/strict';
import { cardPoint, readCard } from '../driver/card';
import type { Driver, Tab } from '../driver/types';
import type { Flow } from './flow';
import { PASSAGE, Popup, TITLE, saveArticleAndPassage } from './popup';
import { clickSelector, eventually, expectEqual, fill, hoverMention, tabIdOf, texts, waitForMarking } from './ui';

const NOTE = 'Biopsy result for the reader: benign, see Dr Ivanova';
/** A site the reader unmarked a name on: settings a page must not learn. */
const SETTING_SITE = 'victim-clinic.example';
const SECRETS = [TITLE, NOTE, PASSAGE, SETTING_SITE];
const LEAK_WORDS = [...SECRETS, 'Security chiefs meet', 'Biopsy', 'narcotics in one stage'];

/** What the page's script gathered (tests/pages/attacker.html). */
interface Found {
  texts: string[];
  finds: string[];
  /** window.find's outcome for each secret: 'found', 'not found' or 'threw <name>'. */
  findOutcomes: Record<string, string>;
  /** The same for a string that nothing holds. */
  findControl: string;
  errors: string[];
  highlightNames: string[];
  frames: number;
  /** Every message posted to the page's window while it loaded and was attacked (the page posts none). */
  messages: string[];
  chromeRuntime: string;
  browserRuntime: string;
}

interface ExtGlobal {
  browser?: ExtApi;
  chrome: ExtApi;
}
interface ExtApi {
  runtime: { sendMessage(m: object): Promise<unknown>; getURL(p: string): string };
  tabs: { query(q: object): Promise<unknown[]> };
}

/** The settings as the background keeps them (its IndexedDB, lib/settings/store.ts), read with the extension's rights, as JSON. */
function storedSettings(d: Driver): Promise<string> {
  return d.inExtension(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('context-reader-settings');
        req.onerror = () => reject(new Error(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('kv').objectStore('kv').get('settings');
          get.onsuccess = () => {
            resolve(JSON.stringify(get.result));
            db.close();
          };
          get.onerror = () => reject(new Error(String(get.error)));
        };
      }),
    undefined,
  );
}

/** How many tabs the browser has (the extension sees them all, without the "tabs" permission's URLs). */
function tabCount(d: Driver): Promise<number> {
  return d.inExtension(async () => {
    const g = globalThis as unknown as ExtGlobal;
    return (await (g.browser ?? g.chrome).tabs.query({})).length;
  }, undefined);
}

/**
 * The hosts a page must never learn: the extension's own (Firefox's moz-extension UUID is fixed per
 * install, so knowing it would identify the reader across sites) and the card frame's (Chromium gives it
 * a per-session host with use_dynamic_url).
 */
async function extensionHosts(d: Driver): Promise<string[]> {
  const card = await d.inExtension(() => {
    const g = globalThis as unknown as ExtGlobal;
    return (g.browser ?? g.chrome).runtime.getURL('card.html');
  }, undefined);
  return [...new Set([new URL(d.extensionOrigin).host, new URL(card).host])];
}

function attack(tab: Tab, wait: number): Promise<Found> {
  return tab.evaluate(
    ({ secrets, wait }) =>
      (window as unknown as { attack(s: string[], w: number): Promise<Found> }).attack(secrets, wait),
    { secrets: SECRETS, wait },
  );
}

function assertNothingLeaked(found: Found, hosts: string[]): void {
  assert.deepEqual(
    found.texts.filter((t) => LEAK_WORDS.some((s) => t.includes(s))),
    [],
  );
  assert.deepEqual(found.finds, []);
  // No oracle either: looking for the reader's texts ends as looking for nonsense does (in Firefox, a
  // SecurityError once the card's frame exists, whatever it shows).
  assert.deepEqual(
    Object.entries(found.findOutcomes).filter(([, o]) => o !== found.findControl),
    [],
  );
  // Neither the extension's address nor the card frame's, in any markup, style, performance entry or error.
  assert.deepEqual(
    [...found.texts, ...found.errors].filter(
      (t) => hosts.some((h) => t.includes(h)) || /(moz|chrome)-extension:/.test(t),
    ),
    [],
  );
  // The card frame sits in a closed shadow root: not even listed in window.frames.
  assert.equal(found.frames, 0);
  // The extension says nothing to the page: no message a page could read an id from or answer with a
  // forged event (WXT's content-script context posted one at every start, and stopped on the answer).
  assert.deepEqual(found.messages, []);
  assert.equal(found.chromeRuntime, 'undefined');
  assert.equal(found.browserRuntime, 'undefined');
}

/** The reader's collection, saved on the victim origin: the article, a passage of it and a note on the article. */
async function seedCollection(d: Driver, tab: Tab, victim: string): Promise<Popup> {
  const popup = await saveArticleAndPassage(d, tab, victim, PASSAGE);
  const page = '.collection li.clip[data-kind="page"]';
  await clickSelector(popup.tab, `${page} button`, 'Edit note & tags');
  await fill(popup.tab, `${page} form.edit textarea`, NOTE);
  await clickSelector(popup.tab, `${page} form.edit button[type="submit"]`, 'Save');
  await expectEqual(() => texts(popup.tab, `${page} .note`), [NOTE]);
  // Written as the popup writes settings (an extension page; the background refuses it from content scripts).
  // Answered as JSON: in Firefox the answer belongs to the extension's compartment, which WebDriver BiDi
  // cannot serialise from the page's realm ("Property access denied").
  const put = await popup.tab.evaluate(async (site) => {
    const g = globalThis as unknown as ExtGlobal;
    const answer = await (g.browser ?? g.chrome).runtime.sendMessage({
      type: 'settings:put',
      settings: { enabled: true, disabledSites: [], suppressed: [{ entity: 'sco', scope: 'site', key: site }] },
    });
    return JSON.stringify(answer);
  }, SETTING_SITE);
  assert.equal((JSON.parse(put) as { ok?: boolean } | null)?.ok, true, `settings:put answered ${put}`);
  return popup;
}

/** The card's pin button: its label and pressed state, read in the card's frame. */
async function pinState(tab: Tab): Promise<string | null | undefined> {
  const read = await tab.inCardFrame(() => {
    const b = document.querySelector('#card button[aria-pressed]');
    return b ? `${(b.textContent ?? '').trim()} ${b.getAttribute('aria-pressed')}` : null;
  }, undefined);
  return read?.result;
}

export const attackerFlows: Flow[] = [
  {
    name: 'an attacker page can neither read nor press the card; a real hover still opens a working one',
    timeoutMs: 180_000,
    async run({ d, tab, server }) {
      const popup = await seedCollection(d, tab, server.url('/news-article.html'));
      const clipsBefore = await popup.clips();
      await popup.close();
      const settingsBefore = await storedSettings(d);
      assert.ok(settingsBefore.includes(SETTING_SITE), 'the setting was stored');
      const hosts = await extensionHosts(d);

      // The attacker's page, on another origin (127.0.0.1).
      const attacker = `${server.otherOrigin}/attacker.html`;
      await tab.goto(attacker);
      await waitForMarking(tab);
      // The driver evaluates in the page's own world: the page's globals are there (an isolated world or
      // Firefox's Xray view of a content script would not see them), so every event below is the page's.
      assert.equal(
        await tab.evaluate(() => typeof (window as unknown as { attack?: unknown }).attack, undefined),
        'function',
      );
      const tabsBefore = await tabCount(d);
      // The card's frame is made at an idle moment after marking: the page attacks with it in place.
      await expectEqual(async () => (await tab.inCardFrame(() => true, undefined)) !== null, true);

      const found = await attack(tab, 700);
      assert.ok(found.highlightNames.length > 0, 'the page sees that marks exist (visible by design)');
      // ... under names that say nothing: random per document, so they neither name the extension nor follow
      // the reader from site to site.
      assert.deepEqual(
        found.highlightNames.filter((n) => !/^[a-z][0-9a-z]{10}$/.test(n)),
        [],
      );
      assert.deepEqual(
        found.texts.filter((t) => t.startsWith('css') && /context|reader/i.test(t)),
        [],
      );
      assertNothingLeaked(found, hosts);
      // No performance entry of the extension's: the scanner tells only the extension how far it got.
      assert.deepEqual(
        found.texts.filter((t) => t.startsWith('performance') && /context-reader/.test(t)),
        [],
      );
      // Synthetic events showed nothing in it: no card (that takes the reader's own pointer or keys).
      assert.notEqual((await tab.inCardFrame(() => true, undefined))?.shown, true, 'a card was shown by page events');
      assert.equal(await storedSettings(d), settingsBefore);
      assert.equal(await tabCount(d), tabsBefore, 'a tab was opened');
      // The names are drawn afresh for each document.
      await tab.reload();
      await waitForMarking(tab);
      const renamed = await tab.evaluate(() => [...CSS.highlights.keys()], undefined);
      assert.ok(renamed.length > 0);
      assert.deepEqual(
        renamed.filter((n) => found.highlightNames.includes(n)),
        [],
      );

      // A real hover, as a reader would: a complete card, with the reader's clip, in the extension's frame.
      const card = await hoverMention(tab, 'Patrushev');
      assert.equal(card.heading, 'Nikolai Patrushev');
      assert.ok(card.quotes.length > 0 && card.cites > 0, 'the card has its facts');
      await eventually(
        () => readCard(tab),
        (c) => assert.deepEqual(c?.clips, [TITLE]),
      );
      // Pin it open, then attack again while the card shows the clip: still nothing readable or pressable.
      await tab.mouseClick(await cardPoint(tab, 'button[aria-pressed]', 'Pin'));
      await expectEqual(() => pinState(tab), 'Unpin true');
      const again = await attack(tab, 300);
      assertNothingLeaked(again, hosts);
      assert.equal((await readCard(tab))?.heading, 'Nikolai Patrushev');
      assert.equal(await pinState(tab), 'Unpin true');
      assert.equal(await storedSettings(d), settingsBefore);
      assert.equal(await tabCount(d), tabsBefore, 'a tab was opened');

      // Real clicks work: a related entity switches the card, the clip opens the library.
      await tab.mouseClick(await cardPoint(tab, '.related button', 'CIS'));
      await eventually(
        () => readCard(tab),
        (c) => assert.equal(c?.heading, 'Commonwealth of Independent States (CIS)'),
      );
      await tab.mouseClick(await cardPoint(tab, 'button[aria-pressed]', 'Unpin'));
      await expectEqual(() => pinState(tab), 'Pin false');
      await tab.press('Escape');
      await expectEqual(() => readCard(tab), null);
      assert.equal((await hoverMention(tab, 'Patrushev')).heading, 'Nikolai Patrushev');
      await tab.mouseClick(await cardPoint(tab, 'ul.clips a', TITLE));
      const library = await d.waitForTab(`${d.extensionOrigin}/library.html#clip=`);
      await library.close();

      // The collection is as the reader left it.
      const check = await Popup.open(d, await tabIdOf(d, attacker));
      await expectEqual(() => check.clips(), clipsBefore);
      assert.deepEqual(await texts(check.tab, '.collection li.clip .note'), [NOTE]);
      await check.close();
    },
  },
];
