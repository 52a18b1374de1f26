/** Marking pages: the demo article, look-alikes, and hostile pages (policies, shadow roots). */
import assert from 'node:assert/strict';
import { HIGHLIGHT_NAMES, highlightRangesInPage } from '../driver/in-page';
import type { Flow } from './flow';
import { expectEqual, hoverMention, marks, markTexts, waitForMarking } from './ui';

export const DEMO_MARKS = [
  'CSTO',
  'Rashid Nurgaliyev',
  'Russia’s Security Council',
  'Collective Security Treaty Organization',
  'Nikolai Patrushev',
  'CSTO',
  'CSTO',
  'CSTO Crisis Response Center',
  'Rashid Nurgaliyev',
  'Channel',
  'Kanal',
  'Kanal - Krasnyi Barhan',
  'Shanghai Cooperation Organisation',
  'Regional Anti-Terrorist Structure',
  'RATS',
  'CIS',
  'Taliban',
  'ISIS',
  'Nurgaliyev',
  'CSTO',
  'NATO',
  'ОДКБ',
  'Патрушева',
  'ШОС',
  'Stanislav Zas',
  'Nikolai Bordyuzha',
  'SCO',
];

export const markingFlows: Flow[] = [
  {
    name: 'marking a news article: marks the expected mentions and nothing else',
    async run({ tab, server }) {
      await tab.goto(server.url('/news-article.html'));
      await waitForMarking(tab);
      assert.deepEqual(await markTexts(tab), DEMO_MARKS);
    },
  },
  {
    name: 'marking a news article: colours mentions by type',
    async run({ tab, server }) {
      await tab.goto(server.url('/news-article.html'));
      await waitForMarking(tab);
      const all = await marks(tab);
      assert.equal(all.find((m) => m.text === 'Nikolai Patrushev')?.layer, 'person');
      assert.equal(all.find((m) => m.text === 'Channel')?.layer, 'operation');
      assert.equal(all.find((m) => m.text === 'Taliban')?.layer, 'group');
    },
  },
  {
    // Adopted once the page is loaded, a sheet of ::highlight() rules costs a style recalculation of
    // every element (lib/page/highlight-style.ts): it is adopted at document_start, and the main content
    // script finds that same sheet instead of adopting a second one.
    name: "the marks' stylesheet is in place before the page's first script, and adopted once",
    async run({ tab, server }) {
      await tab.goto(server.url('/sheet-early.html'));
      await waitForMarking(tab);
      assert.deepEqual(await markTexts(tab), ['CSTO']);
      const sheets = await tab.evaluate(
        () => ({
          atParse: (window as { sheetsAtParse?: number }).sheetsAtParse,
          now: document.adoptedStyleSheets.length,
          // Each of our highlight names is styled by that one sheet.
          styled: [...CSS.highlights.keys()].every((name) =>
            [...document.adoptedStyleSheets[0]!.cssRules].some((r) => r.cssText.includes(`::highlight(${name})`)),
          ),
        }),
        undefined,
      );
      assert.deepEqual(sheets, { atParse: 1, now: 1, styled: true });
    },
  },
  {
    name: 'a page full of look-alikes stays unmarked',
    async run({ tab, server }) {
      await tab.goto(server.url('/traps-tech-news.html'));
      await waitForMarking(tab);
      assert.deepEqual(await markTexts(tab), []);
    },
  },
  {
    // The Chromium-only hostile suites add DOM comparisons against a browser without the extension.
    name: 'hostile pages: strict CSP, Trusted Types and open shadow roots are marked; the card works under CSP',
    async run({ tab, server }) {
      await tab.goto(server.url('/hostile-csp.html'));
      await waitForMarking(tab);
      assert.deepEqual(await markTexts(tab), [
        'Nikolai Patrushev',
        'Russia’s Security Council',
        'CSTO',
        'Collective Security Treaty Organization',
        'ОДКБ',
      ]);
      assert.equal((await hoverMention(tab, 'Patrushev')).heading, 'Nikolai Patrushev');
      assert.deepEqual(
        await tab.evaluate(() => (window as { cspViolations?: unknown[] }).cspViolations, undefined),
        [],
      );

      await tab.goto(server.url('/hostile-trusted-types.html'));
      await waitForMarking(tab);
      assert.deepEqual(await markTexts(tab), ['CSTO', 'Shanghai Cooperation Organisation', 'Nikolai Patrushev']);

      await tab.goto(server.url('/hostile-shadow.html'));
      await waitForMarking(tab);
      const inTrees = async () =>
        (await tab.evaluate(highlightRangesInPage, HIGHLIGHT_NAMES)).map((r) => `${r.shadow}|${r.text}`);
      await expectEqual(inTrees, [
        '|CSTO',
        'declarative|Stanislav Zas',
        'open-host|Nikolai Patrushev',
        'open-host|Russia’s Security Council',
      ]);
      await tab.evaluate(() => (window as unknown as { addLate(): void }).addLate(), undefined);
      await expectEqual(
        async () =>
          (await tab.evaluate(highlightRangesInPage, HIGHLIGHT_NAMES))
            .filter((r) => r.shadow === 'late-host')
            .map((r) => r.text),
        ['Collective Security Treaty Organization'],
      );
    },
  },
];
