import { test, expect, afterPendingTasks, hoverMention, waitForMarking } from './fixtures';
import {
  PASSAGE,
  PopupPage,
  TITLE,
  clearClips,
  clipMarks,
  openLibrary,
  savePageFromPopup,
  selectText,
  tabIdOf,
} from './clips-helpers';

test.describe('saving and finding clips', () => {
  test.beforeEach(async ({ ext }) => clearClips(ext));

  test('saves a selection, and marks it again on revisit once the reader asks in the popup', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    await selectText(page, PASSAGE);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    await popup.saveSelection();
    await expect(popup.notice).toHaveText(/Passage saved/);
    await expect(popup.clip(PASSAGE)).toHaveAttribute('data-kind', 'selection');
    await expect.poll(() => clipMarks(page)).toEqual([PASSAGE]);
    await popup.close();

    await page.evaluate(() => getSelection()?.removeAllRanges());
    await page.reload();
    await waitForMarking(page);
    // Nothing of the collection reaches the page on load (the content script does not even ask).
    expect(await clipMarks(page)).toEqual([]);
    const again = await PopupPage.open(ext, await tabIdOf(ext, url));
    await again.page.getByRole('button', { name: 'Show your 1 saved passage here' }).click();
    await expect(again.page.locator('.passages-offer')).toHaveText('Your saved passage is marked on the page.');
    await expect.poll(() => clipMarks(page)).toEqual([PASSAGE]);
    await again.close();
  });

  test('edits note and tags, deletes with undo', async ({ ext, page, server }) => {
    const url = server.url('/news-article.html');
    await page.goto(url);
    await waitForMarking(page);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    await popup.savePage();
    const clip = popup.clip(TITLE);
    await clip.getByRole('button', { name: 'Edit note & tags' }).click();
    await clip.getByLabel('Note').fill('Read before the briefing');
    await clip.getByLabel(/Tags/).fill('security, Central Asia');
    await clip.getByRole('button', { name: 'Save' }).click();
    await expect(clip.locator('.note')).toHaveText('Read before the briefing');
    await expect(clip.locator('.chip.tag')).toHaveText(['#security', '#Central Asia']);
    await popup.search('briefing');
    await expect(popup.clips).toHaveCount(1);
    await popup.search('');

    await clip.getByRole('button', { name: 'Delete' }).click();
    await expect(popup.clips).toHaveCount(0);
    await expect(popup.notice).toContainText('Deleted');
    await popup.page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
    await expect(popup.clips).toHaveCount(1);
    await expect(popup.clip(TITLE).locator('.note')).toHaveText('Read before the briefing');
    await popup.close();
  });

  test('a page without an article saves its visible text', async ({ ext, page, server }) => {
    server.route('/clip-links.html', {
      body: '<!doctype html><title>Link list</title><body><ul><li><a href="/a">CSTO summit notes</a></li><li><a href="/b">Weather</a></li></ul></body>',
    });
    const url = server.url('/clip-links.html');
    const popup = await savePageFromPopup(ext, page, url);
    await popup.search('summit');
    await expect(popup.clip('Link list')).toHaveCount(1);
    await popup.close();
  });

  // The card lives in a frame of the extension's origin, so kb:card answers it with the reader's clips;
  // the content script never holds them (the attacker suite checks the page cannot read them).
  test('the frame card lists the clip saved from the page, after a real hover', async ({ ext, page, server }) => {
    const url = server.url('/news-article.html');
    const popup = await savePageFromPopup(ext, page, url);
    await popup.close();
    await page.bringToFront();
    const card = await hoverMention(page, 'Patrushev');
    await expect(card.locator('ul.clips li')).toHaveCount(1);
    await expect(card.locator('ul.clips li')).toContainText(TITLE);
  });

  test('clip content from a hostile page runs no script in the popup or the library', async ({ ext, page, server }) => {
    const url = server.url('/clip-hostile.html');
    const popup = await savePageFromPopup(ext, page, url);
    await expect(popup.clips.first()).toContainText('<img src=x onerror=');
    expect(await popup.page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await popup.close();

    const library = await openLibrary(ext);
    await library.locator('li.clip .clip-title').first().click();
    const frame = library.locator('iframe.reader-body');
    await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    const body = library.frameLocator('iframe.reader-body').locator('body');
    await expect(body).toContainText('The CSTO met again');
    await expect(body.locator('script, img, iframe, form, [onerror], [onclick]')).toHaveCount(0);
    const hrefs = await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.every((h) => h === null || /^https?:/.test(h))).toBe(true);
    await afterPendingTasks(library);
    expect(await library.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await library.close();
  });
});
