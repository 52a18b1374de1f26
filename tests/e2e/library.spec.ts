import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../support/browser';
import { test, expect, waitForMarking } from './fixtures';
import {
  PASSAGE,
  PopupPage,
  TITLE,
  clearClips,
  clipMarks,
  exportedClips,
  openLibrary,
  saveArticleAndPassage,
  savePageFromPopup,
  tabIdOf,
} from './clips-helpers';

test.describe('the library page', () => {
  test.beforeEach(async ({ ext }) => clearClips(ext));

  test('refuses a malformed import with a message and leaves the collection unchanged', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/news-article.html');
    const popup = await savePageFromPopup(ext, page, url);
    await popup.close();

    const library = await openLibrary(ext);
    const before = await exportedClips(library);
    const good = before[0]!;
    const bad = {
      format: 'context-reader-clips',
      version: 1,
      exportedAt: new Date().toISOString(),
      // A valid new clip first: all or nothing means it must not be stored either.
      clips: [
        {
          ...good,
          id: '11111111-1111-4111-8111-111111111111',
          url: 'https://example.org/new',
          urlKey: 'https://example.org/new',
        },
        { ...good, id: 'not-a-uuid', url: 'javascript:alert(1)' },
      ],
    };
    await library
      .locator('input[type="file"]')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const message = library.locator('.notice.error .notice-text');
    await expect(message).toHaveText(/^Clip 2 in this file cannot be imported .*Nothing was imported\./);
    const details = library.locator('.notice.error .notice-details');
    await details.getByText('Details').click();
    await expect(details.locator('pre')).toContainText('clips[1].id');
    await expect(details.locator('pre')).toContainText('clips[1].url: must be an http(s) URL');

    await library.locator('input[type="file"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "context-reader-clips", '),
    });
    await expect(message).toHaveText(/^This export is damaged or incomplete/);
    expect(await exportedClips(library)).toEqual(before);
    await library.close();
  });

  test('upgrades a database written by schema version 1', async () => {
    const ext = await launchWithExtension();
    try {
      // A page that does not open the collection, so that the database can be written at version 1.
      const page = await ext.context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/reader.html`);
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            // Dexie stores version n as IndexedDB version n * 10; v1: clips 'id, urlKey, savedAt, *tags, *entities'.
            const req = indexedDB.open('context-reader', 10);
            req.onupgradeneeded = () => {
              const store = req.result.createObjectStore('clips', { keyPath: 'id' });
              store.createIndex('urlKey', 'urlKey');
              store.createIndex('savedAt', 'savedAt');
              store.createIndex('tags', 'tags', { multiEntry: true });
              store.createIndex('entities', 'entities', { multiEntry: true });
            };
            req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction('clips', 'readwrite');
              const base = { html: '', markdown: '', note: '', selection: undefined };
              tx.objectStore('clips').put({
                ...base,
                id: '00000000-0000-4000-8000-000000000001',
                kind: 'page',
                url: 'https://example.org/old-one',
                urlKey: 'https://example.org/old-one',
                title: 'Old clip about Bordyuzha',
                siteName: 'Old Site',
                text: 'Nikolai Bordyuzha spoke about the Collective Security Treaty Organization.',
                entities: ['csto'],
                tags: ['legacy'],
                savedAt: Date.UTC(2023, 0, 2),
                updatedAt: Date.UTC(2023, 0, 2),
              });
              tx.objectStore('clips').put({
                ...base,
                id: '00000000-0000-4000-8000-000000000002',
                kind: 'page',
                url: 'https://example.org/old-two',
                urlKey: 'https://example.org/old-two',
                title: 'Second old clip',
                text: 'Operation Kanal in Tajikistan.',
                entities: [],
                tags: [],
                savedAt: Date.UTC(2023, 0, 3),
                updatedAt: Date.UTC(2023, 0, 3),
              });
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
            };
          }),
      );
      await page.close();

      const library = await openLibrary(ext, ext.context);
      await expect(library.locator('.timeline li.clip .clip-title')).toHaveText([
        'Second old clip',
        'Old clip about Bordyuzha',
      ]);
      // Words and site were computed by the upgrades (v1 → v2 → … → v6): search and the site filter find old clips.
      await library.getByRole('searchbox', { name: 'Search your clips' }).fill('bordyu');
      await expect(library.locator('.timeline li.clip .clip-title')).toHaveText(['Old clip about Bordyuzha']);
      await library.getByRole('searchbox', { name: 'Search your clips' }).fill('');
      await library.locator('.sidebar [data-filter="site"][data-value="Old Site"]').click();
      await expect(library.locator('.timeline li.clip .clip-title')).toHaveText(['Old clip about Bordyuzha']);
      expect(
        await library.evaluate(
          () =>
            new Promise<number>((r) => {
              const q = indexedDB.open('context-reader');
              q.onsuccess = () => {
                r(q.result.version);
                q.result.close();
              };
            }),
        ),
      ).toBe(60);
    } finally {
      await ext.close();
    }
  });

  test('keeps clips across a browser restart', async ({ server }) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'cr-profile-'));
    const url = server.url('/news-article.html');
    try {
      let ext = await launchWithExtension({ userDataDir });
      let page = await ext.context.newPage();
      let popup = await saveArticleAndPassage(ext, page, url, PASSAGE);
      await ext.close();

      ext = await launchWithExtension({ userDataDir });
      page = await ext.context.newPage();
      await page.goto(url);
      await waitForMarking(page);
      popup = await PopupPage.open(ext, await tabIdOf(ext, url));
      await expect(popup.status).toHaveText(/Saved in your collection/);
      await popup.page.getByRole('button', { name: 'Show your 1 saved passage here' }).click();
      await expect.poll(() => clipMarks(page)).toEqual([PASSAGE]);
      await popup.search('tonnes narcot');
      await expect(popup.clips).toHaveCount(2);
      await popup.search('');
      await popup.page.locator('.filters [data-filter="entity"][data-value="csto"]').click();
      await expect(popup.clips).toHaveCount(1);
      await expect(popup.clips.first()).toContainText(TITLE);
      await ext.close();
    } finally {
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
