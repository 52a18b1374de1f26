/**
 * Saved passages reach a page only when the reader asks on that page, and a page's canonical link
 * cannot claim another site's passages. The attacker page here uses page-world script only.
 */
import type { Page } from '@playwright/test';
import { test, expect, highlightRanges, markTexts, waitForMarking, type WorkerGlobal } from './fixtures';
import { PASSAGE, PopupPage, clearClips, clipMarks, saveArticleAndPassage, tabIdOf } from './clips-helpers';

type Runtime = {
  chrome: { runtime: { sendMessage(m: object): Promise<{ ok: boolean; count?: number; sent?: number }> } };
};

/** Asks the background from an extension page, as the popup does. */
function ask(popup: PopupPage, msg: object) {
  return popup.page.evaluate((m) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage(m), msg);
}

/** The registry's ranges that are saved passages or cover one, as the page's own script can list them. */
async function readablePassages(page: Page): Promise<string[]> {
  return (await highlightRanges(page)).filter((r) => r.layer === 'clip' || r.text === PASSAGE).map((r) => r.text);
}

test.describe('saved passages', () => {
  test.beforeEach(async ({ ext }) => clearClips(ext));

  test('are not marked on revisit until the reader presses "Show your saved passages" in the popup', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/news-article.html');
    const saving = await saveArticleAndPassage(ext, page, url, PASSAGE);
    await saving.close();

    // Count what the background hears while the page loads again: nothing.
    await ext.worker.evaluate(() => {
      const g = globalThis as WorkerGlobal & {
        __heard?: string[];
        chrome: { runtime: { onMessage: { addListener(f: (m: { type?: string }) => undefined): void } } };
      };
      g.__heard = [];
      g.chrome.runtime.onMessage.addListener((m) => void g.__heard!.push(String(m.type)));
    });
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await page.reload();
    await waitForMarking(page);
    expect(await clipMarks(page)).toEqual([]);
    expect(await readablePassages(page)).toEqual([]);
    expect(await ext.worker.evaluate(() => (globalThis as { __heard?: string[] }).__heard)).toEqual([]);

    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    const offer = popup.page.getByRole('button', { name: 'Show your 1 saved passage here' });
    await expect(offer).toBeVisible();
    // Still nothing on the page: showing the offer told the page nothing.
    expect(await clipMarks(page)).toEqual([]);
    await offer.click();
    await expect.poll(() => clipMarks(page)).toEqual([PASSAGE]);
    // Marked for the reader, in no registry the page can read.
    expect(await readablePassages(page)).toEqual([]);
    await expect(popup.page.locator('.passages-offer')).toHaveText('Your saved passage is marked on the page.');
    await popup.close();
  });

  test('a page on another origin that claims the saved page as its canonical learns nothing', async ({
    ext,
    page,
    server,
  }) => {
    const context = ext.context;
    const victim = server.url('/news-article.html');
    const saving = await saveArticleAndPassage(ext, page, victim, PASSAGE);
    await saving.close();
    await page.goto('about:blank');

    // The attacker mirrors the article on another origin (127.0.0.1 vs localhost) and claims its address.
    const attacker = await context.newPage();
    const attackerUrl = `${server.otherOrigin}/news-article.html?mirror=1`;
    await attacker.goto(attackerUrl);
    await attacker.evaluate((href) => {
      document.querySelectorAll('link[rel=canonical]').forEach((l) => l.remove());
      const link = document.createElement('link');
      link.rel = 'canonical';
      link.href = href;
      document.head.append(link);
    }, victim);
    await waitForMarking(attacker);

    const popup = await PopupPage.open(ext, await tabIdOf(ext, attackerUrl));
    await expect(popup.status).toHaveText(/Not in your collection/);
    const tabId = await tabIdOf(ext, attackerUrl);
    expect(await ask(popup, { type: 'passages:count', tabId })).toEqual({ ok: true, count: 0 });
    // Even a request to show them sends nothing to that tab.
    expect(await ask(popup, { type: 'passages:show', tabId })).toEqual({ ok: true, sent: 0, marked: 0 });
    await expect(popup.page.getByRole('button', { name: /Show your/ })).toHaveCount(0);
    expect(await clipMarks(attacker)).toEqual([]);
    expect(await readablePassages(attacker)).toEqual([]);

    // Control: the same question about the real page, with a tracking parameter, finds the passage.
    const real = await context.newPage();
    await real.goto(`${victim}?utm_source=feed`);
    await waitForMarking(real);
    const realTab = await tabIdOf(ext, `${victim}?utm_source=feed`);
    expect(await ask(popup, { type: 'passages:count', tabId: realTab })).toEqual({ ok: true, count: 1 });
    await popup.close();
    await attacker.close();
    await real.close();
  });

  test('a content script cannot ask for passages or the collection', async ({ ext, page, server }) => {
    const url = server.url('/news-article.html');
    const saving = await saveArticleAndPassage(ext, page, url, PASSAGE);
    await saving.close();
    await page.reload();
    await waitForMarking(page);
    // A content script's own message, sent from the extension's isolated world in the page (what a
    // compromised renderer could send): refused, whatever tab it names.
    const tabId = await tabIdOf(ext, url);
    const answers = await ext.worker.evaluate(async (id) => {
      type Chrome = { scripting: { executeScript(o: object): Promise<{ result: unknown }[]> } };
      const { chrome } = globalThis as unknown as { chrome: Chrome };
      const [r] = await chrome.scripting.executeScript({
        target: { tabId: id },
        world: 'ISOLATED',
        func: async (tab: number) => {
          const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } })
            .chrome.runtime;
          return Promise.all([
            rt.sendMessage({ type: 'passages:show', tabId: tab }),
            rt.sendMessage({ type: 'clips:list', query: '', filters: {}, offset: 0, limit: 10 }),
            rt.sendMessage({ type: 'clips:for-page', url: location.href }),
            rt.sendMessage({ type: 'settings:get' }),
          ]);
        },
        args: [id],
      });
      return r?.result;
    }, tabId);
    expect(answers).toEqual(
      Array(4).fill({ ok: false, error: { name: 'RefusedError', message: 'The extension refused this request.' } }),
    );
    expect(await clipMarks(page)).toEqual([]);
  });

  test('content scripts read no address of the pages and sites where the reader unmarked names', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    const tabId = await tabIdOf(ext, url);
    const popup = await PopupPage.open(ext, tabId);
    expect(
      await ask(popup, {
        type: 'settings:put',
        settings: {
          enabled: true,
          disabledSites: ['clinic-secret.example'],
          suppressed: [
            { entity: 'nikolai-patrushev', scope: 'page', key: `${server.origin}/news-article.html` },
            { entity: 'csto', scope: 'page', key: 'https://clinic-secret.example/results/123' },
          ],
        },
      }),
    ).toMatchObject({ ok: true });
    // This page applies its own entry at once (marking restarts: the screen is marked again in the next
    // frame, so the state to wait for is both at once)…
    await expect
      .poll(async () => {
        const texts = await markTexts(page);
        return { patrushev: texts.includes('Nikolai Patrushev'), csto: texts.some((t) => t.includes('CSTO')) };
      })
      .toEqual({ patrushev: false, csto: true });
    // …and everything storage shows the content script names no address.
    const readable = await ext.worker.evaluate(async (id) => {
      type Chrome = { scripting: { executeScript(o: object): Promise<{ result: unknown }[]> } };
      const { chrome } = globalThis as unknown as { chrome: Chrome };
      const [r] = await chrome.scripting.executeScript({
        target: { tabId: id },
        world: 'ISOLATED',
        func: async () =>
          JSON.stringify(
            await (
              globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }
            ).chrome.storage.local.get(null),
          ),
      });
      return r?.result as string;
    }, tabId);
    expect(readable).toContain('nikolai-patrushev');
    for (const secret of ['clinic-secret', 'results/123', 'news-article', 'localhost', '127.0.0.1'])
      expect(readable).not.toContain(secret);
    await popup.close();
  });

  test('a settings change restarts marking only in the tabs it concerns', async ({ ext, page, server }) => {
    const a = server.url('/news-article.html');
    const b = `${server.otherOrigin}/news-article.html?other=1`;
    await page.goto(a);
    await waitForMarking(page);
    const other = await ext.context.newPage();
    await other.goto(b);
    await waitForMarking(other);
    // Page script of tab B keeps the Highlight objects it can see; a restart replaces them.
    await other.evaluate(() => {
      (window as unknown as { before: unknown[] }).before = [
        ...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.values(),
      ];
    });
    const popup = await PopupPage.open(ext, await tabIdOf(ext, a));
    await ask(popup, {
      type: 'settings:put',
      settings: {
        enabled: true,
        disabledSites: [],
        suppressed: [{ entity: 'nikolai-patrushev', scope: 'site', key: new URL(a).hostname }],
      },
    });
    await expect.poll(async () => (await markTexts(page)).includes('Nikolai Patrushev')).toBe(false);
    // A round trip to tab B's content script, so that it has heard the change too.
    const bTab = await tabIdOf(ext, b);
    await ext.worker.evaluate(
      (id) =>
        (
          globalThis as unknown as {
            chrome: { tabs: { sendMessage(i: number, m: object, o: object): Promise<unknown> } };
          }
        ).chrome.tabs.sendMessage(id, { type: 'page:entities' }, { frameId: 0 }),
      bTab,
    );
    const same = await other.evaluate(() => {
      const now = [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.values()];
      const before = (window as unknown as { before: unknown[] }).before;
      return before.length > 0 && now.length === before.length && now.every((h, i) => h === before[i]);
    });
    expect(same).toBe(true);
    expect(await markTexts(other)).toContain('Nikolai Patrushev');
    await popup.close();
    await other.close();
  });
});
