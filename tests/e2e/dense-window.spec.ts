/**
 * A page dense with names (past the 600 mentions beyond which only what is near the screen is registered
 * as highlights, lib/page/highlight-window.ts), in the real browser: the screen is marked wherever the
 * reader goes, far-away mentions are not registered, a fixed sidebar stays marked while the page scrolls
 * under it, and a box placed halfway down the page but last in the source (out of document order: only a
 * hit test finds it) is marked when the reader gets there.
 */
import type { ExtensionBrowser } from '../support/browser';
import { generateDenseArticlePage } from '../support/generate-pages';
import { tabIdOf } from './clips-helpers';
import { expect, test, waitForMarking } from './fixtures';
import { registeredInPage } from './registered';

const SIDEBAR =
  '<aside id="side" style="position:fixed;top:90px;right:8px;width:170px;background:#fff;font:14px serif">' +
  'Also read: the Collective Security Treaty Organization in brief</aside>' +
  '<aside id="mid" style="position:absolute;right:8px;width:170px;height:500px;background:#fff;font:14px serif">' +
  'Background: Nikolai Patrushev</aside>' +
  '<script>mid.style.top = document.documentElement.scrollHeight / 2 + "px"</script>';

/** The fixed sidebar and the box halfway down the page but last in the source. */
const IDS = ['side', 'mid'];

async function mentionsOnPage(ext: ExtensionBrowser, url: string): Promise<number> {
  const id = await tabIdOf(ext, url);
  const res = (await ext.worker.evaluate(
    ([id]) =>
      (
        globalThis as unknown as {
          chrome: { tabs: { sendMessage(i: number, m: object, o: object): Promise<unknown> } };
        }
      ).chrome.tabs.sendMessage(id, { type: 'page:entities' }, { frameId: 0 }),
    [id] as const,
  )) as { entities: { count: number }[] };
  return res.entities.reduce((n, e) => n + e.count, 0);
}

test('a page dense with names: the screen is marked wherever the reader goes, and only what is near it is registered', async ({
  page,
  server,
  ext,
}) => {
  test.setTimeout(60_000);
  const url = server.url('/dense-300k.html');
  server.route('/dense-300k.html', {
    body: generateDenseArticlePage({ textChars: 300_000, seed: 21 }).replace('</body>', `${SIDEBAR}</body>`),
  });
  await page.goto(url);
  await waitForMarking(page);
  const total = await mentionsOnPage(ext, url);
  expect(total).toBeGreaterThan(1500);

  const top = await page.evaluate(registeredInPage, IDS);
  expect(top.onScreen).toBeGreaterThan(3);
  expect(top.inside.side).toBe(1);
  expect(top.inside.mid).toBe(0);
  expect(top.near + top.far).toBeLessThan(total / 3);

  // Jumps: to the middle, near the end, back to the top. Each lands on a marked screen, the fixed
  // sidebar stays marked, and the mentions left behind go (with the next batch).
  for (const at of [0.5, 0.9, 0]) {
    await page.evaluate((at) => scrollTo(0, at * (document.documentElement.scrollHeight - innerHeight)), at);
    await expect
      .poll(() => page.evaluate(registeredInPage, IDS), { message: `after a jump to ${at * 100}%` })
      .toMatchObject({ far: 0, inside: { side: 1, mid: at === 0.5 ? 1 : 0 } });
    expect((await page.evaluate(registeredInPage, IDS)).onScreen).toBeGreaterThan(3);
  }

  // Scrolled by the wheel, a screen at a time: the sidebar never leaves, the screen is never unmarked.
  await page.mouse.move(300, 400);
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 700);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await page.evaluate(registeredInPage, IDS);
    expect(now.inside.side).toBe(1);
    expect(now.onScreen).toBeGreaterThan(3);
  }
});
