/**
 * Pages that try to break it (issue 6), part 3: documents that are not ordinary HTML — an SVG image
 * document, a text/plain document, an XHTML document, about:blank and a data: URL.
 */
import {
  afterPendingTasks,
  cardHeading,
  expect,
  highlightRanges,
  inPlain,
  markTexts,
  pointAt,
  pointIn,
  restPointer,
  snapshot,
  test,
  waitForMarking,
  CARD_HOST,
  EXTENSION_HOSTS,
} from './support-hostile';

test.describe('hostile documents', () => {
  test('an SVG document (image/svg+xml): no error, its script runs, nothing marked, hovering its text breaks nothing', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    const url = server.url('/hostile-svg.svg');
    const response = await page.goto(url);
    expect(response?.headers()['content-type']).toBe('image/svg+xml');
    expect(await page.evaluate(() => document.documentElement.namespaceURI)).toBe('http://www.w3.org/2000/svg');
    await waitForMarking(page);
    // SVG text is not prose (lib/page/skip.ts skips <svg>); were it marked, the card's host would be a
    // namespace-less element here (createElement in a non-HTML document) with no .style to position.
    expect(await markTexts(page)).toEqual([]);
    await restPointer(page, await pointIn(page, page.mainFrame(), 'CSTO'));
    expect(errors.extension).toEqual([]);
    expect(await page.locator(CARD_HOST).count()).toBe(0);
    expect(await page.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
    expect(await snapshot(page)).toBe(await inPlain(plain, url, snapshot));
  });

  test('a text/plain document: marked, card works, no error', async ({ page, server, plain, errors }) => {
    const url = server.url('/hostile-plain.txt');
    await page.goto(url);
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual(['Nikolai Patrushev', 'CSTO', 'Collective Security Treaty Organization']);
    await pointAt(page, await pointIn(page, page.mainFrame(), 'Patrushev'));
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    expect(errors.extension).toEqual([]);
    expect(await snapshot(page)).toBe(await inPlain(plain, url, snapshot));
  });

  test('an XHTML document: form fields, editors and scripts are skipped, names do not run across paragraphs', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    const url = server.url('/hostile-xhtml.xhtml');
    await page.goto(url);
    expect(await page.evaluate(() => document.contentType)).toBe('application/xhtml+xml');
    await waitForMarking(page);
    const ranges = await highlightRanges(page);
    expect
      .soft(
        ranges.filter((r) => r.editable || r.ancestors.includes('script')).map((r) => `${r.ancestors[0]}: ${r.text}`),
      )
      .toEqual([]);
    expect.soft(await markTexts(page)).toEqual(['CSTO', 'Patrushev']);
    await pointAt(page, await pointIn(page, page.mainFrame(), 'CSTO'));
    await expect(await cardHeading(page)).toBeVisible();
    expect(errors.extension).toEqual([]);
    expect(await page.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
    expect(await snapshot(page)).toBe(await inPlain(plain, url, snapshot));
  });

  test('about:blank and a data: URL: no error', async ({ page, errors }) => {
    await page.goto('about:blank');
    await afterPendingTasks(page);
    await page.goto(
      'data:text/html,<!doctype html><p>The CSTO and Nikolai Patrushev.</p><script>window.pageOk = true</script>',
    );
    await afterPendingTasks(page);
    expect(await page.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
    expect(await page.evaluate((hosts) => document.querySelectorAll(hosts).length, EXTENSION_HOSTS)).toBe(0);
    // An about:blank frame the page writes into (match_about_blank): no error either.
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      document.body.append(f);
      f.contentDocument!.body.innerHTML = '<p>Blank frame: the CSTO.</p>';
    });
    await afterPendingTasks(page.frames()[1]!);
    await afterPendingTasks(page);
    expect(errors.extension).toEqual([]);
  });
});
