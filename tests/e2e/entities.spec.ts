/**
 * The reader's own entities in real Chromium with the built extension: tracked from the library's
 * entities view, marked in a tab that was already open and in a new one (Latin and Russian case forms),
 * re-marked without a reload when an alias changes, gone on delete and back on undo.
 */
import type { Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import {
  PopupPage,
  clearClips,
  clearObjectStore,
  openLibrary,
  savePageFromPopup,
  selectText,
  tabIdOf,
} from './clips-helpers';
import { expect, highlightRanges, hoverMention, marks, markTexts, test, waitForMarking } from './fixtures';

const clearEntities = (ext: ExtensionBrowser) => clearObjectStore(ext, 'entities');

async function track(library: Page, name: string, aliases: string[]): Promise<void> {
  const form = library.getByRole('form', { name: 'Track a new name' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Aliases').fill(aliases.join('\n'));
  await form.getByRole('button', { name: 'Track' }).click();
  await expect(library.locator('.entity-list')).toContainText(name);
}

/**
 * Saves the page at `url` from the popup, tracks Imangali Tasmagambetov under `aliases` and waits until
 * the re-scan has put him on the clip (the progress line is gone). Returns the library, still open.
 */
async function saveAndTrack(ext: ExtensionBrowser, page: Page, url: string, aliases: string[]): Promise<Page> {
  await clearClips(ext);
  const popup = await savePageFromPopup(ext, page, url);
  await popup.close();
  const library = await openLibrary(ext, ext.context, '#entities');
  await track(library, 'Imangali Tasmagambetov', aliases);
  await expect(library.locator('.rescan')).toHaveCount(0);
  return library;
}

const NAMES = ['Tasmagambetov', 'Tasmagambetov', 'Тасмагамбетову', 'Тасмагамбетова'];
const isOwn = (t: string) => /Tasmagambetov|Тасмагамбетов|Imangali/.test(t);

test.describe("the reader's entities", () => {
  test.beforeEach(async ({ ext }) => {
    await clearEntities(ext);
  });
  test.afterEach(async ({ ext }) => {
    await clearEntities(ext);
  });

  test('tracked from the entities view: marked in an open tab and a new one, edited, deleted and restored without reloads', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/new-name.html');
    await page.goto(url);
    await waitForMarking(page);
    const before = await markTexts(page);
    expect(before).toContain('CSTO');
    expect(before.filter(isOwn)).toEqual([]);

    const library = await openLibrary(ext, ext.context, '#entities');
    await expect(library.getByRole('heading', { name: 'Your entities' })).toBeVisible();
    await track(library, 'Imangali Tasmagambetov', ['Tasmagambetov', 'Тасмагамбетов']);
    await expect(library.locator('.entity-row .badge')).toHaveText('Yours');

    // The tab open before: marked without a reload, Latin and Russian case forms, the catalogue still there.
    await expect.poll(async () => (await markTexts(page)).filter(isOwn)).toEqual(NAMES);
    expect(await markTexts(page)).toContain('CSTO');
    // Drawn where the page cannot read them: the page's own script lists the highlight registry and finds
    // the catalogue's names there, and none of the reader's.
    const readable = (await highlightRanges(page)).map((r) => r.text);
    expect(readable).toContain('CSTO');
    expect(readable.filter(isOwn)).toEqual([]);
    const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    expect(navigations).toBe(1);

    // A new tab reads the list from storage on load.
    const fresh = await ext.context.newPage();
    await fresh.goto(url);
    await waitForMarking(fresh);
    // The reader's marks are boxes the private layer draws in the frame after they are found, which
    // can come after the scan's end (as the import test below waits for them too).
    await expect.poll(async () => (await markTexts(fresh)).filter(isOwn)).toEqual(NAMES);
    await fresh.close();

    // Edit: the aliases become the given name only; the open tab follows.
    await library.getByRole('button', { name: 'Edit Imangali Tasmagambetov' }).click();
    const edit = library.getByRole('form', { name: 'Edit Imangali Tasmagambetov' });
    await edit.getByLabel('Aliases').fill('Imangali');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(library.locator('.entity-aliases')).toHaveText('Imangali');
    await expect.poll(async () => (await markTexts(page)).filter(isOwn)).toEqual(['Imangali']);

    // Delete, then undo.
    await library.getByRole('button', { name: 'Delete Imangali Tasmagambetov' }).click();
    await expect(library.locator('.entity-list')).toHaveCount(0);
    await expect.poll(async () => (await markTexts(page)).filter(isOwn)).toEqual([]);
    await library.getByRole('button', { name: 'Undo' }).click();
    await expect(library.locator('.entity-list')).toContainText('Imangali Tasmagambetov');
    await expect.poll(async () => (await markTexts(page)).filter(isOwn)).toEqual(['Imangali']);
    await library.close();
  });

  test('bad input gets a plain message and stores nothing; a catalogue clash lets the reader choose', async ({
    ext,
  }) => {
    const library = await openLibrary(ext, ext.context, '#entities');
    const form = library.getByRole('form', { name: 'Track a new name' });
    await form.getByLabel('Name').fill('Said');
    await form.getByLabel('Aliases').fill('said\nX');
    await form.getByRole('button', { name: 'Track' }).click();
    const alert = form.getByRole('alert');
    await expect(alert).toContainText('"said" is too common a word to mark on its own');
    await expect(alert).toContainText('"X" is too short: an alias needs at least two letters.');
    await expect(library.getByText('You track no names yet.')).toBeVisible();

    await form.getByLabel('Name').fill('My treaty body');
    await form.getByLabel('Aliases').fill('CSTO');
    await form.getByRole('button', { name: 'Track' }).click();
    await expect(form.getByRole('alert')).toContainText('“CSTO” already names');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(library.getByText('You track no names yet.')).toBeVisible();
    await form.getByRole('button', { name: 'Track' }).click();
    await form.getByRole('button', { name: 'Use mine on my pages' }).click();
    await expect(library.locator('.entity-list')).toContainText('My treaty body');
    await library.close();
  });

  test('the collection learns a tracked name retroactively: saved clips are found by it', async ({
    ext,
    page,
    server,
  }) => {
    await clearClips(ext);
    const popup = await savePageFromPopup(ext, page, server.url('/new-name.html'));
    await popup.close();
    const library = await openLibrary(ext, ext.context, '#entities');
    await track(library, 'Imangali Tasmagambetov', ['Тасмагамбетов']);
    // The re-scan runs in the background; the clips view shows the name once it is through.
    await library.goto(library.url().replace(/#.*$/, '#'));
    const chip = library.locator('.chip[data-filter="entity"]', { hasText: 'Imangali Tasmagambetov' });
    await expect
      .poll(async () => {
        await library.reload();
        await expect(library.locator('.top h1')).toBeVisible();
        return chip.count();
      })
      .toBe(1);
    await expect(chip.locator('.badge')).toHaveText('Yours');
    await chip.click();
    await expect(library.locator('li.clip')).toHaveCount(1);
    await expect(library.locator('li.clip')).toContainText('New CSTO Secretary General takes office');
    await library.close();
    await clearClips(ext);
  });

  test('tracked from a selection through the popup: the editor opens with the name, Track marks it', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/new-name.html');
    await page.goto(url);
    await waitForMarking(page);
    await selectText(page, 'Imangali Tasmagambetov');
    const popup = await PopupPage.open(ext, await tabIdOf(ext, url));
    const opened = ext.context.waitForEvent('page');
    await popup.page.getByRole('button', { name: 'Track “Imangali Tasmagambetov”' }).click();
    const library = await opened;
    const form = library.getByRole('form', { name: 'Track a new name' });
    await expect(form.getByLabel('Name')).toHaveValue('Imangali Tasmagambetov');
    await form.getByRole('button', { name: 'Track' }).click();
    await expect(library.locator('.entity-list')).toContainText('Imangali Tasmagambetov');
    await expect.poll(async () => (await markTexts(page)).filter(isOwn)).toEqual(['Imangali Tasmagambetov']);
    await popup.page.close();
    await library.close();
  });

  test('suggests a name repeated across saved clips; Track opens the editor with it, Dismiss keeps it away', async ({
    ext,
    page,
    server,
  }) => {
    await clearClips(ext);
    for (const path of ['/new-name.html', '/new-name-2.html']) {
      const popup = await savePageFromPopup(ext, page, server.url(path));
      await popup.close();
    }
    const library = await openLibrary(ext, ext.context, '#entities');
    await library.getByRole('button', { name: 'Find recurring names in my clips' }).click();
    const list = library.getByRole('region', { name: 'Suggested names' });
    const named = (name: string) =>
      list.locator('.suggestion').filter({ has: library.locator('strong', { hasText: new RegExp(`^${name}$`) }) });
    const item = named('Tasmagambetov');
    await expect(item).toContainText('in 2 clips');
    await expect(item.locator('blockquote')).toHaveCount(2);
    await expect(named('CSTO')).toHaveCount(0); // the catalogue's own names are not suggested
    await item.getByRole('button', { name: 'Track Tasmagambetov' }).click();
    await expect(library.getByRole('form', { name: 'Track a new name' }).getByLabel('Name')).toHaveValue(
      'Tasmagambetov',
    );

    const astana = named('Astana');
    await astana.getByRole('button', { name: 'Dismiss Astana' }).click();
    await expect(astana).toHaveCount(0);
    await library.reload();
    await library.getByRole('button', { name: 'Find recurring names in my clips' }).click();
    await expect(named('Tasmagambetov')).toBeVisible();
    await expect(named('Astana')).toHaveCount(0);
    await library.close();
    await clearClips(ext);
  });

  test("hovering the reader's name shows its card with the saved passage, which opens the clip", async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/new-name.html');
    const library = await saveAndTrack(ext, page, url, ['Tasmagambetov', 'Тасмагамбетов']);
    await library.close();

    await page.reload();
    await waitForMarking(page);
    const card = await hoverMention(page, 'Тасмагамбетову');
    await expect(card.locator('h2')).toHaveText('Imangali Tasmagambetov');
    // The hovered mention is drawn as active, but not in the registry a page reads: pointing at a name the
    // page planted must not tell it the reader tracks that name.
    expect((await marks(page)).filter((m) => m.layer === 'active').map((m) => m.text)).toEqual(['Тасмагамбетову']);
    expect((await highlightRanges(page)).filter((r) => r.layer === 'active' || isOwn(r.text))).toEqual([]);
    await expect(card.locator('.yours')).toHaveText('Yours');
    // No empty corpus sections on a name the corpus does not know: the reader's clips are its context.
    await expect(card.getByRole('heading', { name: 'Key facts' })).toHaveCount(0);
    await expect(card.locator('.counts')).toHaveCount(0);
    const passages = card.locator('.own-passages li');
    await expect(
      passages.filter({ hasText: 'Tasmagambetov said the organisation would focus on the Tajik-Afghan border.' }),
    ).toHaveCount(1);
    await expect(
      passages.filter({ hasText: 'Российские агентства сообщили, что полномочия перешли к Тасмагамбетову.' }),
    ).toHaveCount(1);
    await expect(passages.first().locator('a')).toContainText(
      'New CSTO Secretary General takes office · Steppe Observer',
    );
    const opened = ext.context.waitForEvent('page');
    await passages.first().locator('a').click();
    const clip = await opened;
    await expect(clip.locator('.reader h2')).toHaveText('New CSTO Secretary General takes office');
    await clip.close();
    await clearClips(ext);
  });

  test('a card with many passages shows 20, "Show more" loads the rest from the keyboard, and a passage opens the clip scrolled to it, wide and narrow', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/new-name-long.html');
    const library = await saveAndTrack(ext, page, url, ['Tasmagambetov']);
    await library.close();

    await page.reload();
    await waitForMarking(page);
    const card = await hoverMention(page, 'Tasmagambetov', 3);
    await card.getByRole('button', { name: 'Pin', exact: true }).click();
    const passages = card.locator('.own-passages li');
    await expect(passages).toHaveCount(20);
    await expect(card.locator('.passage-count')).toHaveText('20 of 26 passages');
    const more = card.getByRole('button', { name: 'Show 6 more' });
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('card-with-more.png') });
    // From the keyboard: focus on the button, Enter (a trusted activation), focus lands on the first new passage.
    await more.focus();
    await more.press('Enter');
    await expect(passages).toHaveCount(26);
    await expect(card.locator('.passage-count')).toHaveText('26 of 26 passages');
    await expect(card.getByRole('button', { name: /more$/ })).toHaveCount(0);
    await expect(passages.nth(20).locator('a')).toBeFocused();

    // A catalogue card lists the reader's passages the same way, with the same "Show more".
    await card.getByRole('button', { name: 'Unpin', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);
    const csto = await hoverMention(page, 'CSTO', 4);
    await expect(csto.locator('h2')).toHaveText('Collective Security Treaty Organization (CSTO)');
    await expect(csto.locator('.passage-count')).toHaveText('20 of 25 passages');
    await csto.getByRole('button', { name: 'Show 5 more' }).focus();
    await csto.getByRole('button', { name: 'Show 5 more' }).press('Enter');
    await expect(csto.locator('.passage-count')).toHaveText('25 of 25 passages');
    await expect(csto.locator('.own-passages li')).toHaveCount(25);
    await page.keyboard.press('Escape');
    const again = await hoverMention(page, 'Tasmagambetov', 3);
    await again.getByRole('button', { name: 'Pin', exact: true }).click();
    await again.getByRole('button', { name: 'Show 6 more' }).click();
    await expect(passages).toHaveCount(26);

    const last = 'In closing, Tasmagambetov promised a report on the Kanal operation by December.';
    await expect(passages.last().locator('p')).toHaveText(last);
    const opened = ext.context.waitForEvent('page');
    await passages.last().locator('a').click();
    const clip = await opened;
    await expect(clip.locator('.reader h2')).toHaveText('Tasmagambetov sets out his first year at the CSTO');
    expect(new URL(clip.url()).hash).toMatch(/^#clip=[^&]+&at=\d+-\d+$/);

    for (const width of [1280, 700]) {
      await clip.setViewportSize({ width, height: 800 });
      if (width !== 1280) await clip.reload();
      await expect(clip.locator('.reader h2')).toBeVisible();
      const body = clip.frameLocator('iframe.reader-body');
      const mark = body.locator('#cr-passage');
      await expect(mark).toHaveText(last);
      // Scrolled to it: the passage at the end is in view, the article's first paragraph is not.
      await expect(mark).toBeInViewport();
      await expect(body.locator('p', { hasText: 'item 1 of the CSTO plan' })).not.toBeInViewport();
      await expect(clip.locator('iframe.reader-body')).toBeInViewport();
      await clip.screenshot({ path: test.info().outputPath(`reading-at-passage-${width}.png`) });
    }
    await clip.close();
    await clearClips(ext);
  });

  test('export with entities, import into a fresh profile: the entity is listed, marked on a page, and its card shows the saved passage', async ({
    ext,
    page,
    server,
  }) => {
    const url = server.url('/new-name.html');
    const library = await saveAndTrack(ext, page, url, ['Tasmagambetov', 'Тасмагамбетов']);
    await library.goto(library.url().replace(/#.*$/, '#'));
    await expect(library.locator('li.clip')).toHaveCount(1);
    const dir = await mkdtemp(join(tmpdir(), 'cr-entities-export-'));
    const file = join(dir, 'export.json');
    const download = library.waitForEvent('download');
    await library.getByRole('button', { name: 'Export JSON' }).click();
    await (await download).saveAs(file);
    await library.close();
    await clearClips(ext);

    // A new persistent context: its own profile, its own extension storage, nothing from the first one.
    const other = await launchWithExtension();
    try {
      const lib2 = await openLibrary(other, other.context, '#entities');
      await expect(lib2.getByText('You track no names yet.')).toBeVisible();
      await lib2.goto(lib2.url().replace(/#.*$/, '#'));
      await expect(lib2.locator('.top h1')).toBeVisible();
      await lib2.locator('input[type="file"]').setInputFiles(file);
      await expect(lib2.locator('.notice.success')).toContainText('1 new clip, 0 merged');
      await lib2.goto(lib2.url().replace(/#.*$/, '#entities'));
      await expect(lib2.locator('.entity-list')).toContainText('Imangali Tasmagambetov');
      await expect(lib2.locator('.entity-aliases')).toContainText('Tasmagambetov');

      const tab = await other.context.newPage();
      await tab.goto(url);
      await waitForMarking(tab);
      await expect.poll(async () => (await markTexts(tab)).filter(isOwn)).toEqual(NAMES);
      const card = await hoverMention(tab, 'Тасмагамбетову');
      await expect(card.locator('h2')).toHaveText('Imangali Tasmagambetov');
      await expect(card.locator('.yours')).toHaveText('Yours');
      await expect(
        card
          .locator('.own-passages li')
          .filter({ hasText: 'Tasmagambetov said the organisation would focus on the Tajik-Afghan border.' }),
      ).toHaveCount(1);
    } finally {
      await other.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
