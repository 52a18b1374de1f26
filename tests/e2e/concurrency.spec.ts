import { launchWithExtension } from '../support/browser';
import { test, expect, hoverMention, waitForMarking } from './fixtures';
import { PopupPage, clearClips, tabIdOf } from './clips-helpers';

/** Rows in the clips store, counted in the extension's own IndexedDB from the service worker. */
async function storedClips(ext: Parameters<typeof clearClips>[0]): Promise<{ kind: string; urlKey: string }[]> {
  return ext.worker.evaluate(
    () =>
      new Promise<{ kind: string; urlKey: string }[]>((resolve, reject) => {
        const req = indexedDB.open('context-reader');
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('clips').objectStore('clips').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { kind: string; urlKey: string }[]).map(({ kind, urlKey }) => ({ kind, urlKey })));
          };
          all.onerror = () => reject(all.error ?? new Error('IndexedDB request failed'));
        };
      }),
  );
}

test.describe('saving from several places at once', () => {
  test.beforeEach(async ({ ext }) => clearClips(ext));

  test('two tabs saving the same article at the same moment store it once', async ({ ext, server }) => {
    const url = server.url('/news-article.html');
    const a = await ext.context.newPage();
    const b = await ext.context.newPage();
    await a.goto(url);
    await b.goto(`${url}?utm_campaign=twice`);
    await Promise.all([waitForMarking(a), waitForMarking(b)]);
    const idA = await tabIdOf(ext, url);
    const idB = await tabIdOf(ext, `${url}?utm_campaign=twice`);
    expect(idA).not.toBe(idB);
    // The popup open in two windows at once, both saving.
    const [p1, p2] = await Promise.all([PopupPage.open(ext, idA), PopupPage.open(ext, idB)]);
    await Promise.all([p1.savePage(), p2.savePage()]);
    await expect(p1.notice).toHaveText(/saved|Updated/);
    await expect(p2.notice).toHaveText(/saved|Updated/);
    const rows = await storedClips(ext);
    expect(rows.filter((r) => r.kind === 'page')).toHaveLength(1);
    await expect(p1.clips).toHaveCount(1);
    await Promise.all([p1.close(), p2.close(), a.close(), b.close()]);
  });

  test('many saves in parallel lose nothing', async ({ ext, server }) => {
    const pages = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const p = await ext.context.newPage();
        await p.goto(server.url(`/traps-tech-news.html?copy=${i}`));
        return p;
      }),
    );
    await Promise.all(pages.map((p) => waitForMarking(p)));
    const ids = await Promise.all(pages.map((_, i) => tabIdOf(ext, server.url(`/traps-tech-news.html?copy=${i}`))));
    const popups = await Promise.all(ids.map((id) => PopupPage.open(ext, id)));
    await Promise.all(popups.map((p) => p.savePage()));
    for (const p of popups) await expect(p.notice).toHaveText(/saved|Updated/);
    // ?copy=N is not a tracking parameter and the page names no canonical URL: four pages, four clips.
    const rows = await storedClips(ext);
    expect(new Set(rows.map((r) => r.urlKey)).size).toBe(4);
    expect(rows).toHaveLength(4);
    await Promise.all([...popups.map((p) => p.close()), ...pages.map((p) => p.close())]);
  });
});

test.describe('when storage fails', () => {
  test('a full disk: a clear message, nothing half-saved, cards still work, saving works again after', async ({
    ext,
    page,
    server,
  }) => {
    await clearClips(ext);
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    // The disk fills up: every write to the real IndexedDB fails as Chromium reports it.
    await ext.worker.evaluate(() => {
      const g = globalThis as unknown as { __put?: unknown; IDBObjectStore: typeof IDBObjectStore };
      // Kept (unbound) only to be put back on the prototype later.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      g.__put = g.IDBObjectStore.prototype.put;
      g.IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await popup.savePage();
    await expect(popup.notice).toContainText("Your browser's storage is full");
    expect(await storedClips(ext)).toEqual([]);
    // Reading goes on: the hover card does not need storage.
    const card = await hoverMention(page, 'Patrushev');
    await expect(card.locator('h2')).toHaveText('Nikolai Patrushev');
    await ext.worker.evaluate(() => {
      const g = globalThis as unknown as { __put: IDBObjectStore['put']; IDBObjectStore: typeof IDBObjectStore };
      g.IDBObjectStore.prototype.put = g.__put;
    });
    await popup.savePage();
    await expect(popup.notice).toHaveText(/Page saved to your collection/);
    expect((await storedClips(ext)).filter((r) => r.kind === 'page')).toHaveLength(1);
    await popup.close();
  });

  test('IndexedDB unavailable (as in some private windows): a clear message, cards still work', async ({ server }) => {
    // A browser of its own, so the background has not opened its database yet.
    const own = await launchWithExtension();
    try {
      await own.worker.evaluate(() => {
        const g = globalThis as unknown as { IDBFactory: typeof IDBFactory };
        g.IDBFactory.prototype.open = function () {
          throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
        };
      });
      const url = server.url('/news-article.html');
      const tab = await own.context.newPage();
      await tab.goto(url);
      await waitForMarking(tab);
      const popup = await PopupPage.open(own, await tabIdOf(own, url));
      await popup.savePage();
      await expect(popup.notice).toContainText('The clip collection cannot be opened');
      const card = await hoverMention(tab, 'Patrushev');
      await expect(card.locator('h2')).toHaveText('Nikolai Patrushev');
    } finally {
      await own.close();
    }
  });
});
