import { chromium } from '@playwright/test';
import { chromiumPath } from '../support/browser';
import { test, expect, hoverMention, markTexts, pointOf, restPointer, waitForMarking } from './fixtures';

test('text added after load is marked: appended, edited, and swapped in', async ({ page, server }) => {
  await page.goto(server.url('/traps-tech-news.html'));
  await waitForMarking(page);
  // Infinite scroll: a new article block.
  await page.evaluate(() => {
    const s = document.createElement('section');
    s.innerHTML = '<h2>Live</h2><p>Security council secretary <b>Nikolai</b> Patrushev met the CSTO secretary general.</p>';
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

test('the page DOM is unchanged apart from the one host element', async ({ page, server }) => {
  const url = server.url('/news-article.html');
  const plain = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  const ref = await plain.newPage();
  await ref.goto(url);
  const expected = await ref.evaluate(() => document.documentElement.outerHTML);
  await plain.close();

  await page.goto(url);
  await waitForMarking(page);
  await hoverMention(page, 'Patrushev');
  const after = await page.evaluate(() => {
    const hosts = document.querySelectorAll('[data-context-reader-host]');
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-context-reader-host]').forEach((h) => h.remove());
    return { hosts: hosts.length, parent: hosts[0]?.parentElement?.tagName, html: clone.outerHTML };
  });
  expect(after.hosts).toBe(1);
  expect(after.parent).toBe('HTML');
  expect(after.html).toBe(expected);
  // The page's own script still works, and text selection is the page's own.
  await page.click('.comments button');
  expect(await page.evaluate(() => (window as unknown as { pageCounter: number }).pageCounter)).toBe(1);
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
  await expect(page.locator('[data-context-reader-host] [role="status"]')).toContainText('Stanislav Zas');
});

test('"stop marking" from the card applies at once and persists', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const card = await hoverMention(page, 'ISIS');
  await card.locator('details.suppress summary').click();
  await card.getByRole('button', { name: 'Stop marking Islamic State (ISIS)' }).click();
  await expect.poll(async () => (await markTexts(page)).includes('ISIS')).toBe(false);
  expect((await markTexts(page)).includes('CSTO')).toBe(true);
  await page.reload();
  await waitForMarking(page);
  expect((await markTexts(page)).includes('ISIS')).toBe(false);
});

test('hovering text that is not a mention shows nothing', async ({ page, server }) => {
  await page.goto(server.url('/news-article.html'));
  await waitForMarking(page);
  const p = await pointOf(page, 'Tajik-Afghan');
  await restPointer(page, p);
  await expect(page.locator('[data-context-reader-host] .card')).toHaveCount(0);
});
