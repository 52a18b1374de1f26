/**
 * One giant block (a `<pre>` holding one text node, a paragraph holding every word of the page), in the
 * real browser: past 200 mentions in one block, only its mentions near the screen are registered, found
 * by their rects from a guess and kept from the block's top (lib/page/highlight-window.ts). Wherever the
 * reader jumps or scrolls, the screen is marked and nothing far from it is registered; after the window
 * narrows (every line wraps anew, every kept position is wrong), the same holds.
 */
import type { Page } from '@playwright/test';
import { generateOneParagraphPage, generatePrePage } from '../support/generate-pages';
import { expect, test, waitForMarking } from './fixtures';
import { registeredInPage } from './registered';

async function expectScreenMarked(page: Page, what: string): Promise<void> {
  await expect.poll(() => page.evaluate(registeredInPage, []), { message: what }).toMatchObject({ far: 0 });
  const now = await page.evaluate(registeredInPage, []);
  expect(now.onScreen, what).toBeGreaterThan(2);
  expect(now.near, what).toBeLessThan(400);
}

const PAGES = {
  '<pre> of one text node': () => generatePrePage({ textChars: 300_000, seed: 31 }),
  'one paragraph': () => generateOneParagraphPage({ textChars: 300_000, seed: 32 }),
};

for (const [name, html] of Object.entries(PAGES)) {
  test(`a giant block (${name}): the screen is marked wherever the reader goes, and after the window narrows`, async ({
    page,
    server,
  }) => {
    test.setTimeout(60_000);
    const path = `/giant-${name.length}.html`;
    server.route(path, { body: html() });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url(path));
    await waitForMarking(page);
    await expectScreenMarked(page, 'at the top');

    for (const at of [0.5, 0.9, 0.2]) {
      await page.evaluate((at) => scrollTo(0, at * (document.documentElement.scrollHeight - innerHeight)), at);
      await expectScreenMarked(page, `after a jump to ${at * 100}%`);
    }

    // Read on by the wheel, a screen at a time: the screen is never unmarked.
    await page.mouse.move(300, 400);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, 700);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect((await page.evaluate(registeredInPage, [])).onScreen, `wheel step ${i + 1}`).toBeGreaterThan(2);
    }

    // Narrower: the text wraps anew, the block grows, each mention moves down.
    await page.setViewportSize({ width: 640, height: 800 });
    await expectScreenMarked(page, 'after the window narrowed');
    await page.evaluate(() => scrollTo(0, 0.7 * (document.documentElement.scrollHeight - innerHeight)));
    await expectScreenMarked(page, 'after the window narrowed, and a jump to 70%');
  });
}
