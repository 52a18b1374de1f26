/**
 * Privacy (issue 6): the extension makes no network request. Every request the browser context sees
 * (pages, frames, extension pages and the extension's service worker: Playwright reports service-worker
 * fetches as context requests, which the probe at the end proves) goes to the local test server or stays
 * inside the extension (chrome-extension:, data:, blob:).
 */
import type { Request, WebSocket } from '@playwright/test';
import { cardHeading, cardLocator, expect, pointAt, pointIn, test, waitForMarking } from './support-hostile';

test('no network request leaves the machine while pages are read, cards shown and extension pages opened', async ({ page, server, ext, errors }) => {
  test.setTimeout(40_000);
  const seen: { url: string; from: string }[] = [];
  const sockets: string[] = [];
  const onRequest = (r: Request) => seen.push({ url: r.url(), from: r.serviceWorker() ? `service worker ${r.serviceWorker()!.url()}` : (r.frame()?.url() ?? '?') });
  const onPage = (p: import('@playwright/test').Page) => p.on('websocket', (w: WebSocket) => sockets.push(w.url()));
  ext.context.on('request', onRequest);
  ext.context.on('page', onPage);
  page.on('websocket', (w) => sockets.push(w.url()));
  try {
    // Pages with frames on two origins and shadow roots, and the news article with a hover card.
    for (const path of ['/hostile-iframes.html', '/hostile-shadow.html', '/news-article.html']) {
      await page.goto(server.url(path));
      await waitForMarking(page);
    }
    await pointAt(page, await pointIn(page, page.mainFrame(), 'Patrushev'));
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    // A citation opens the bundled document in the reader page (through the background).
    const readerPromise = ext.context.waitForEvent('page', { timeout: 10_000 });
    await (await cardLocator(page)).locator('.facts a.cite').first().click();
    const reader = await readerPromise;
    await reader.waitForLoadState('load');
    expect(reader.url()).toContain(`chrome-extension://${ext.extensionId}/reader.html`);
    await reader.waitForTimeout(500);
    await reader.close();

    // The reader and the popup opened directly.
    for (const name of ['reader.html', 'popup.html']) {
      const p = await ext.context.newPage();
      await p.goto(`chrome-extension://${ext.extensionId}/${name}`);
      await p.waitForLoadState('load');
      await p.waitForTimeout(700);
      await p.close();
    }
    await page.waitForTimeout(300);

    // The card frame loads from the extension's per-session address (use_dynamic_url), which its own
    // runtime.getURL gives.
    const dynamic = await ext.worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getURL(p: string): string } } }).chrome.runtime.getURL('card.html'));
    expect(dynamic).toMatch(/^chrome-extension:\/\/[^/]+\/card\.html$/);
    const allowed = (url: string) =>
      url.startsWith(`${server.origin}/`) ||
      url.startsWith(dynamic) ||
      url.startsWith(`${server.otherOrigin}/`) ||
      url.startsWith(`chrome-extension://${ext.extensionId}/`) ||
      /^(data|blob|about):/.test(url);
    expect(seen.length).toBeGreaterThan(3);
    // Requests of the out-of-process (cross-origin) frame are seen too.
    expect(seen.some((r) => r.url.startsWith(`${server.otherOrigin}/`))).toBe(true);
    expect(seen.filter((r) => !allowed(r.url))).toEqual([]);
    expect(sockets).toEqual([]);
    expect(errors.extension).toEqual([]);

    // Probe: a fetch from the service worker is seen by this listener (so the check above covers the worker).
    const probe = server.url('/privacy-probe-from-worker');
    await ext.worker.evaluate((u) => fetch(u).then((r) => r.status), probe);
    await expect.poll(() => seen.filter((r) => r.url === probe && r.from.startsWith('service worker')).length).toBe(1);
  } finally {
    ext.context.off('request', onRequest);
    ext.context.off('page', onPage);
  }
});
