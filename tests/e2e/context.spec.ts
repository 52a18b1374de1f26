import { chromium, type Locator, type Page } from '@playwright/test';
import { PRIVATE_HOST_STYLE } from '../../lib/page/private-marks';
import type { ExtensionBrowser } from '../support/browser';
import { chromiumPath } from '../support/browser';
import {
  test,
  expect,
  CARD_HOST,
  cardFrame,
  cardLocator,
  hoverMention,
  marks,
  markTexts,
  pointOf,
  restPointer,
  waitForMarking,
  type WorkerGlobal,
} from './fixtures';

type TabsGlobal = WorkerGlobal & {
  chrome: {
    tabs: {
      query(q: object): Promise<{ id?: number; url?: string }[]>;
      sendMessage(id: number, m: object): Promise<unknown>;
    };
  };
};

test('text added after load is marked: appended, edited, and swapped in', async ({ page, server }) => {
  await page.goto(server.url('/traps-tech-news.html'));
  await waitForMarking(page);
  // Infinite scroll: a new article block.
  await page.evaluate(() => {
    const s = document.createElement('section');
    s.innerHTML =
      '<h2>Live</h2><p>Security council secretary <b>Nikolai</b> Patrushev met the CSTO secretary general.</p>';
    document.querySelector('main')!.append(s);
  });
  await expect.poll(() => markTexts(page)).toEqual(['Nikolai Patrushev', 'CSTO']);
  // A live blog editing text in place.
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('p')].at(-1)!;
    (p.lastChild as Text).data = ' Patrushev met officials of the Shanghai Cooperation Organisation.';
  });
  await expect.poll(() => markTexts(page)).toEqual(['Nikolai Patrushev', 'Shanghai Cooperation Organisation']);
  // Removed text loses its marks.
  await page.evaluate(() => document.querySelector('main > section:last-of-type')!.remove());
  await expect.poll(() => markTexts(page)).toEqual([]);
});

test('the page DOM is unchanged apart from the two host elements', async ({ page, server }) => {
  const url = server.url('/news-article.html');
  const plain = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  const ref = await plain.newPage();
  await ref.goto(url);
  const expected = await ref.evaluate(() => document.documentElement.outerHTML);
  await plain.close();

  await page.goto(url);
  await waitForMarking(page);
  await hoverMention(page, 'Patrushev');
  const after = await page.evaluate((sel) => {
    const hosts = [...document.querySelectorAll(sel)];
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    clone.querySelectorAll(sel).forEach((h) => h.remove());
    return {
      html: clone.outerHTML,
      hosts: hosts.map((h) => ({
        parent: h.parentElement?.tagName,
        attributes: h.getAttributeNames(),
        open: h.shadowRoot !== null,
        children: h.childNodes.length,
        // The private marks' host has no box: nothing a page can measure of what it holds.
        box: [h.scrollWidth, h.scrollHeight, h.getClientRects().length],
      })),
    };
  }, `${CARD_HOST}, div[style="${PRIVATE_HOST_STYLE}"]`);
  // The card's host and the private marks' host (the hovered mention is drawn there): no attribute a
  // page could look for, shadow roots the page cannot open, no children it can see.
  expect(after.hosts).toHaveLength(2);
  for (const h of after.hosts) {
    expect(h.attributes).toEqual(['style']);
    expect(h.open).toBe(false);
    expect(h.parent).toBe('HTML');
    expect(h.children).toBe(0);
  }
  expect(after.hosts.find((h) => h.box[2] === 0)?.box).toEqual([0, 0, 0]);
  // The card's host measures nothing of the card shown beside it: a frame placed inside the host (a
  // transformed block) made its scroll size the card's corner and size, readable by any script.
  expect(after.hosts.find((h) => h.box[2] === 1)?.box).toEqual([0, 0, 1]);
  expect(after.html).toBe(expected);
  // The page's own script still works, and text selection is the page's own.
  await page.click('.comments button');
  expect(await page.evaluate(() => (window as unknown as { pageCounter: number }).pageCounter)).toBe(1);
});

test('in the reader page the card shows in its frame and a citation moves the reader to the passage', async ({
  page,
  server,
  ext,
}) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'Kanal');
  await expect(card.locator('h2')).toHaveText('Operation Kanal (Channel)');
  const quote = (await card.locator('.facts blockquote').first().innerText()).replace(/^“|”$/g, '');
  const [reader] = await Promise.all([ext.context.waitForEvent('page'), card.locator('.facts a.cite').first().click()]);
  await reader.waitForLoadState();
  expect(reader.url()).toContain(`chrome-extension://${ext.extensionId}/reader.html#doc=`);
  await expect
    .poll(async () => (await marks(reader)).filter((m) => m.layer === 'quote').map((m) => m.text))
    .toEqual([quote]);
  const inView = await reader.evaluate(() => {
    const p = document.querySelector('p[data-quoted]')!.getBoundingClientRect();
    return p.top >= 0 && p.top < innerHeight;
  });
  expect(inView).toBe(true);
  // The reader marks the document's own mentions and shows the same cards; there a citation moves the
  // reader page itself to the passage.
  await waitForMarking(reader);
  expect((await markTexts(reader)).length).toBeGreaterThan(5);
  const readerCard = await hoverMention(reader, 'CSTO');
  const before = reader.url();
  await readerCard.locator('.facts a.cite').first().click();
  await expect.poll(() => reader.url()).not.toBe(before);
  expect(reader.url()).toMatch(/#doc=[^&]+&start=\d+&end=\d+/);
  await reader.close();
});

test('related entities switch the card; pin keeps it; Escape closes it', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'Nikolai Patrushev');
  await card.locator('.related button', { hasText: 'CIS' }).first().click();
  await expect(card.locator('h2')).toHaveText('Commonwealth of Independent States (CIS)');
  await card.getByRole('button', { name: 'Pin' }).click();
  await restPointer(page, { x: 5, y: 790 });
  await expect(card.locator('h2')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
});

test('the card is announced to screen readers', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'Stanislav Zas');
  await expect(card).toHaveAttribute('role', 'dialog');
  await expect(card).toHaveAttribute('aria-labelledby', 'cr-title');
  await expect((await cardFrame(page)).locator('[role="status"]')).toContainText('Stanislav Zas');
});

test('the keyboard shortcut shows the card for the name at the selection', async ({ page, server, ext }) => {
  const url = server.url('/news-article.html');
  await page.goto(url);
  await waitForMarking(page);
  await page.evaluate(() => {
    const w = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const i = (n as Text).data.indexOf('Bordyuzha'.slice(0, 3));
      if (i >= 0 && (n as Text).data.includes('Bor')) {
        getSelection()!.setBaseAndExtent(n, i + 1, n, i + 1);
        return;
      }
    }
  });
  // Scrolled away: the card must still open next to its mention, in view.
  await page.evaluate(() => {
    document.body.style.paddingBottom = '3000px';
    scrollTo(0, document.documentElement.scrollHeight);
  });
  const before = await page.evaluate(() => getSelection()!.getRangeAt(0).getBoundingClientRect().bottom);
  expect(before).toBeLessThan(0);
  await pressCommand(page, ext, { type: 'page:card-at-selection' });
  const card = await cardLocator(page);
  await expect(card.locator('h2')).toHaveText('Nikolai Bordyuzha');
  await expect(card.locator('h2')).toBeFocused();
  await expectInView(page, card);
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
});

/**
 * Sends the tab message the background relays a keyboard command as (Playwright cannot press browser
 * commands; entrypoints/background/handlers.ts maps show-card and show-previous-card to these).
 */
async function pressCommand(page: Page, ext: ExtensionBrowser, msg: object): Promise<void> {
  await page.bringToFront();
  await ext.worker.evaluate(async (m) => {
    // Without the "tabs" permission the worker cannot read tab URLs: the test page is the active tab.
    const g = globalThis as unknown as TabsGlobal;
    const [tab] = await g.chrome.tabs.query({ active: true, lastFocusedWindow: true });
    await g.chrome.tabs.sendMessage(tab!.id!, m);
  }, msg);
}

async function expectInView(page: Page, card: Locator): Promise<void> {
  const box = (await card.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
}

test('with nothing selected the shortcuts step through the marked names; Escape returns focus', async ({
  page,
  server,
  ext,
}) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  await page.locator('.comments button').focus();
  await page.evaluate(() => {
    getSelection()!.removeAllRanges();
    scrollTo(0, 0);
  });
  await pressCommand(page, ext, { type: 'page:card-at-selection' });
  const card = await cardLocator(page);
  // The first name in view at the top of the page: the headline's CSTO.
  await expect(card.locator('h2')).toHaveText('Collective Security Treaty Organization (CSTO)');
  await expect(card.locator('h2')).toBeFocused();
  await pressCommand(page, ext, { type: 'page:card-at-selection' });
  await expect(card.locator('h2')).not.toHaveText('Collective Security Treaty Organization (CSTO)');
  const second = await card.locator('h2').innerText();
  await pressCommand(page, ext, { type: 'page:card-step', direction: 1 });
  await expect(card.locator('h2')).not.toHaveText(second);
  await pressCommand(page, ext, { type: 'page:card-step', direction: -1 });
  await expect(card.locator('h2')).toHaveText(second);
  await expect(card.locator('h2')).toBeFocused();
  await expectInView(page, card);
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(page.locator('.comments button')).toBeFocused();
});

test('"stop marking" from the card applies at once and persists', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'ISIS');
  await card.locator('details.suppress summary').click();
  await card.getByRole('button', { name: 'Stop marking Islamic State (ISIS)' }).click();
  // Marking restarts without it: wait for the state where ISIS is gone and the rest is marked again.
  await expect
    .poll(async () => {
      const texts = await markTexts(page);
      return { isis: texts.includes('ISIS'), csto: texts.includes('CSTO') };
    })
    .toEqual({ isis: false, csto: true });
  await page.reload();
  await waitForMarking(page);
  expect((await markTexts(page)).includes('ISIS')).toBe(false);
});

test("the card's host hides no part of the page from the page's own visibility checks", async ({ page, server }) => {
  // IntersectionObserver v2 (trackVisibility) reports an element hidden when anything is over it, even a
  // box that takes no pointer events: pages use it to refuse clicks on buttons an overlay could be
  // hiding. A host over the whole viewport made every such element "not visible" once the card's host
  // existed, on every page.
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'Patrushev');
  await restPointer(page, { x: 1270, y: 790 });
  await expect(card.locator('h2')).toBeHidden();
  const seen = await page.evaluate(async () => {
    const spots: [string, number, number][] = [
      ['top left, where the hidden card frame waits', 20, 300],
      ['centre', innerWidth / 2, innerHeight / 2],
      ['bottom right', innerWidth - 80, innerHeight - 80],
    ];
    const boxes = spots.map(([name, x, y]) => {
      const el = document.createElement('button');
      el.textContent = name;
      el.style.cssText = `position: fixed; left: ${x}px; top: ${y}px; width: 60px; height: 30px; z-index: 1000;`;
      document.body.append(el);
      return el;
    });
    // A new observer reports every target's state once, straight away.
    const entries = await new Promise<IntersectionObserverEntry[]>((resolve) => {
      const io = new IntersectionObserver(
        (es) => {
          io.disconnect();
          resolve(es);
        },
        { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
      );
      for (const b of boxes) io.observe(b);
    });
    return entries.map((e) => [
      e.target.textContent,
      (e as IntersectionObserverEntry & { isVisible: boolean }).isVisible,
    ]);
  });
  expect(await page.locator(CARD_HOST).count()).toBe(1);
  expect(seen).toEqual([
    ['top left, where the hidden card frame waits', true],
    ['centre', true],
    ['bottom right', true],
  ]);
});

test("the card's frame is ready before the reader first moves the pointer, and shows nothing", async ({
  page,
  server,
}) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  // No pointer has moved over the page: the frame was made at an idle moment after marking.
  const frame = await cardFrame(page);
  await expect(frame.locator('.card')).toHaveCount(0);
  await expect(page.locator(CARD_HOST)).toHaveCount(1);
});

test('hovering text that is not a mention shows nothing', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const p = await pointOf(page, 'Tajik-Afghan');
  await restPointer(page, p);
  // The pointer moved over a page with marks, so the card frame exists (warm), but it shows no card.
  await expect(await cardLocator(page)).toHaveCount(0);
});

test('a page that finds no matcher pack asks the background for one and is marked when it lands', async ({
  ext,
  page,
  server,
}) => {
  // As on a fresh profile, or after an update, before the background has written the pack for this
  // catalogue: the content script carries the catalogue's rules but not its forms (lib/entities/pack.ts).
  type Local = { remove(k: string): Promise<void>; get(k: string): Promise<Record<string, unknown>> };
  type Chrome = { chrome: { storage: { local: Local } } };
  const stored = () =>
    ext.worker.evaluate(
      async () => (await (globalThis as unknown as Chrome).chrome.storage.local.get('entities:pack'))['entities:pack'],
    );
  // The background's start has written one (a page loaded before that asks for it too) …
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  await expect.poll(async () => (await stored()) !== undefined).toBe(true);
  // … which is gone now, with the background still running: only the page's request brings it back.
  await ext.worker.evaluate(() => (globalThis as unknown as Chrome).chrome.storage.local.remove('entities:pack'));
  await page.reload();
  await waitForMarking(page);
  expect(await markTexts(page)).toContain('CSTO');
  expect(await stored()).toMatchObject({ v: 3, rules: [] });
});
