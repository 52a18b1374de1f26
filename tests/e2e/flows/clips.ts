/** The popup: saving the page and a selection, finding clips, and turning marking off for a site. */
import assert from 'node:assert/strict';
import type { Flow } from './flow';
import { PASSAGE, Popup, TITLE, clipCount } from './popup';
import {
  clickSelector,
  eventually,
  expectEqual,
  hoverMention,
  markTexts,
  selectText,
  tabIdOf,
  texts,
  waitForMarking,
} from './ui';

const expectText = (read: () => Promise<string>, re: RegExp | string) =>
  eventually(read, (t) => (typeof re === 'string' ? assert.equal(t, re) : assert.match(t, re)));

export const clipFlows: Flow[] = [
  {
    name: 'saves the article from the popup, then says it is already saved',
    async run({ d, tab, server }) {
      const url = server.url('/news-article.html');
      await tab.goto(url);
      await waitForMarking(tab);
      const popup = await Popup.open(d, await tabIdOf(d, url));
      await expectText(() => popup.status(), /Not in your collection/);
      await popup.savePage();
      await expectText(() => popup.notice(), /Page saved to your collection/);
      await expectText(() => popup.status(), /Saved in your collection · updated just now/);
      const [clip] = await clipCount(popup, 1);
      assert.match(clip!, new RegExp(TITLE));
      assert.match(clip!, /The Steppe Ledger/);

      // Same page again, with a tracking parameter: the stored clip is updated, not duplicated.
      await tab.goto(`${url}?utm_source=feed#comments`);
      await waitForMarking(tab);
      await popup.close();
      const again = await Popup.open(d, await tabIdOf(d, url));
      await expectText(() => again.status(), /Saved in your collection/);
      await again.savePage();
      await expectText(() => again.notice(), 'Updated: this page was already in your collection.');
      await clipCount(again, 1);

      // The clip records the corpus entities it mentions: filter by one.
      await again.clickFilter('.filters [data-filter="entity"][data-value="csto"]');
      await clipCount(again, 1);
      await again.close();

      // The card, drawn in the extension's frame, lists the clip after a real hover.
      await tab.bringToFront();
      const card = await hoverMention(tab, 'Patrushev');
      assert.deepEqual(
        card.clips.map((c) => c.includes(TITLE)),
        [true],
      );
    },
  },
  {
    name: 'saves page and selection; finds clips as you type, ignoring case and diacritics, and by entity and site',
    async run({ d, tab, server }) {
      const url = server.url('/news-article.html');
      await tab.goto(url);
      await waitForMarking(tab);
      await selectText(tab, PASSAGE);
      const popup = await Popup.open(d, await tabIdOf(d, url));
      await popup.savePage();
      await expectText(() => popup.notice(), /Page saved/);
      await popup.saveSelection();
      await expectText(() => popup.notice(), /Passage saved/);
      await clipCount(popup, 2);
      assert.equal(
        await popup.tab.evaluate(
          (p) =>
            [...document.querySelectorAll('li.clip')]
              .find((li) => li.textContent?.includes(p))
              ?.getAttribute('data-kind'),
          PASSAGE,
        ),
        'selection',
      );

      await popup.search('PATRU');
      const [hit] = await clipCount(popup, 1);
      assert.match(hit!, new RegExp(TITLE));
      await popup.search('narcotics tónnes');
      await clipCount(popup, 2);
      await popup.search('narcotics tonnes zzz');
      await expectEqual(() => texts(popup.tab, '.collection .empty'), ['No clips match.']);
      await popup.search('');
      await clipCount(popup, 2);

      // The passage names no entity; the article names the CSTO.
      await popup.clickFilter('.filters [data-filter="entity"][data-value="csto"]');
      await clipCount(popup, 1);
      await popup.clickFilter('.filters [data-filter="entity"][data-value="csto"]');
      await popup.clickFilter('.filters [data-filter="site"]');
      await clipCount(popup, 2);
    },
  },
  {
    name: 'the popup turns marking off on this site at once, and back on',
    async run({ d, tab, server }) {
      const url = server.url('/news-article.html');
      await tab.goto(url);
      await waitForMarking(tab);
      assert.ok((await markTexts(tab)).length > 10);
      const popup = await Popup.open(d, await tabIdOf(d, url));
      const site = () =>
        popup.tab.evaluate(
          () => document.querySelector<HTMLInputElement>('input[role="switch"][name="site"]')?.checked ?? null,
          undefined,
        );
      // A person clicks the switch's label; the checkbox itself may be drawn as a styled track.
      const clickSwitch = () => clickSelector(popup.tab, 'label.switch', 'Mark on localhost');
      assert.equal(await site(), true);
      await clickSwitch();
      await expectEqual(() => markTexts(tab), []);
      await eventually(
        () => texts(popup.tab, '.on-page'),
        (t) => assert.match(t.join(' '), /Marking is off on this site/),
      );
      await clickSwitch();
      await eventually(
        () => markTexts(tab),
        (m) => assert.ok(m.length > 10),
      );
      assert.equal(await site(), true);
    },
  },
];
