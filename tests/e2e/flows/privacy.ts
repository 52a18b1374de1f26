/**
 * Privacy (issue 6): the extension makes no network request. Every request the browser makes (pages,
 * frames, extension pages and the extension's background: Chromium reports the service worker's fetches
 * as context requests, Firefox sends everything through a recording proxy; the probe at the end proves
 * the extension's own context is seen) goes to the local test server or stays inside the extension.
 */
import assert from 'node:assert/strict';
import { cardPoint } from '../driver/card';
import type { Flow } from './flow';
import { hoverMention, waitForMarking } from './ui';

export const privacyFlows: Flow[] = [
  {
    name: 'no network request leaves the machine while pages are read, cards shown and extension pages opened',
    timeoutMs: 60_000,
    async run({ d, tab, server }) {
      await d.takeRequests();
      // Pages with frames on two origins and shadow roots, and the news article with a hover card.
      for (const path of ['/hostile-iframes.html', '/hostile-shadow.html', '/news-article.html']) {
        await tab.goto(server.url(path));
        await waitForMarking(tab);
      }
      assert.equal((await hoverMention(tab, 'Patrushev')).heading, 'Nikolai Patrushev');
      // A citation opens the bundled document in the reader page (through the background).
      await tab.mouseClick(await cardPoint(tab, '.facts a.cite'));
      const reader = await d.waitForTab(`${d.extensionOrigin}/reader.html`);
      await waitForMarking(reader);
      await reader.close();

      // The reader and the popup opened directly, each left once its work is done.
      const readerPage = await d.openExtensionPage('reader.html');
      await waitForMarking(readerPage);
      await readerPage.close();
      const popup = await d.openExtensionPage('popup.html');
      await popup.waitFor(
        () => document.querySelector('.page-status .status')?.textContent !== 'Reading this page…',
        undefined,
      );
      await popup.close();

      const seen = await d.takeRequests();
      // The card frame loads from the extension's per-session address in Chromium (use_dynamic_url), which
      // the extension's own runtime.getURL gives; in Firefox that is the extension's origin.
      const cardUrl = await d.inExtension(() => {
        const g = globalThis as unknown as {
          browser?: { runtime: { getURL(p: string): string } };
          chrome: { runtime: { getURL(p: string): string } };
        };
        return (g.browser ?? g.chrome).runtime.getURL('card.html');
      }, undefined);
      assert.match(cardUrl, /^(chrome|moz)-extension:\/\/[^/]+\/card\.html$/);
      const allowed = (url: string) =>
        url.startsWith(`${server.origin}/`) ||
        url.startsWith(`${server.otherOrigin}/`) ||
        url.startsWith(`${d.extensionOrigin}/`) ||
        url.startsWith(cardUrl) ||
        /^(data|blob|about):/.test(url);
      assert.ok(seen.length > 3, `requests seen: ${seen.length}`);
      // Requests of the cross-origin frame are seen too.
      assert.ok(
        seen.some((u) => u.startsWith(`${server.otherOrigin}/`)),
        'the cross-origin frame’s requests are seen',
      );
      assert.deepEqual(
        seen.filter((u) => !allowed(u)),
        [],
      );

      // The extension's own context cannot reach the network at all: its CSP (connect-src 'self') refuses a
      // fetch even to the local test server, so nothing it could do escapes the recording above.
      const probe = server.url('/privacy-probe-from-extension');
      assert.equal(
        await d.inExtension(
          (u) =>
            fetch(u).then(
              () => 'connected',
              (e: unknown) => (e instanceof Error ? e.name : String(e)),
            ),
          probe,
        ),
        'TypeError',
      );
      assert.ok(!(await d.takeRequests()).includes(probe), 'the refused probe never reached the network');
    },
  },
];
