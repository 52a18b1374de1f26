/**
 * `npm start`: serves the bundled demo news page on localhost and opens it in Chromium with the built
 * extension. With a display, a window opens for you to hover names; without one (a server, CI), it runs
 * headless, hovers a mention, saves a screenshot of the card and prints its path.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { askScanStateInExtension, readScanState, scanProbeInPage } from '../tests/e2e/driver/scan-state';
import { launchWithExtension } from '../tests/support/browser';
import { startServer } from '../tests/support/server';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
const server = await startServer();
const url = server.url('/news-article.html');
const ext = await launchWithExtension({ headless: !headed });
const page = await ext.context.newPage();
await page.goto(url);
// Asked through the extension (the page sees no signal of it), re-read until marked.
for (const end = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 100))) {
  const state = await readScanState(
    () => page.evaluate(scanProbeInPage),
    (name) => ext.worker.evaluate(askScanStateInExtension, name),
  );
  if (state?.done) break;
  if (Date.now() > end) throw new Error('the demo page was not marked within 15 s');
}
const marked = await page.evaluate(() =>
  [...CSS.highlights.keys()]
    .filter((k) => /^[a-z][0-9a-z]{10}$/.test(k))
    .reduce((n, k) => n + CSS.highlights.get(k)!.size, 0),
);
console.log(`Demo page: ${url}\nMarked ${marked} mentions.`);

if (headed) {
  console.log(
    'Chromium is open with the extension loaded: hover a highlighted name. Close the window (or press Ctrl+C) to stop.',
  );
  await new Promise<void>((r) => ext.context.on('close', () => r()));
} else {
  // Hover "Patrushev" in the first paragraph that names him.
  const point = await page.evaluate(() => {
    const w = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const i = (n as Text).data.indexOf('Patrushev');
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 'Patrushev'.length);
      (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      const b = r.getClientRects()[0]!;
      return { x: b.left + 10, y: b.top + b.height / 2 };
    }
    return null;
  });
  if (!point) throw new Error('demo page has no Patrushev mention');
  await page.mouse.move(point.x - 40, point.y - 40);
  await page.mouse.move(point.x, point.y, { steps: 5 });
  // The card is drawn in the extension's own frame (card.html), which Playwright can enter and pages cannot.
  let frame = page
    .mainFrame()
    .childFrames()
    .find((f) => f.url().includes('/card.html'));
  for (let i = 0; !frame && i < 100; i++) {
    await page.waitForTimeout(50);
    frame = page
      .mainFrame()
      .childFrames()
      .find((f) => f.url().includes('/card.html'));
  }
  if (!frame) throw new Error('no card frame appeared');
  const card = frame.locator('.card h2');
  await card.waitFor({ state: 'visible', timeout: 10_000 });
  const fact = await frame.locator('.facts li').first().innerText();
  const dir = resolve('demo-output');
  mkdirSync(dir, { recursive: true });
  const shot = resolve(dir, 'card.png');
  await page.screenshot({ path: shot });
  console.log(
    `Card: ${await card.innerText()}\nFirst grounded fact:\n  ${fact.replace(/\n+/g, '\n  ')}\nScreenshot of the card: ${shot}`,
  );
  await ext.close();
}
await server.close();
