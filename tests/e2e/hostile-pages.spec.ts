/**
 * Pages that try to break it (issue 6), part 1: strict CSP, required Trusted Types, a huge DOM, a page
 * that never stops rewriting its text, and a single-page app that swaps its body. For each: the
 * extension throws nothing, the page's own script still works, mentions are marked, and the DOM is what
 * the same page has in a Chromium without the extension (the card's host element aside).
 */
import type { Page } from '@playwright/test';
import {
  cardHeading,
  expect,
  inPlain,
  note,
  markTexts,
  pointAt,
  pointIn,
  scanStateOf,
  snapshot,
  snapshotHash,
  taskSeconds,
  test,
  waitForMarking,
  type ErrorWatch,
  CARD_HOST,
} from './support-hostile';

/** Waits for `n` more updates of the ticker page (hostile-mutating.html); returns the page-clock seconds they took. */
async function ticks(page: Page, n: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const el = document.getElementById('ticker')!;
        const count = () => Number(/Update (\d+)/.exec(el.textContent ?? '')?.[1] ?? 0);
        const from = count();
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (count() < from + n) return;
          obs.disconnect();
          resolve((performance.now() - t0) / 1000);
        });
        obs.observe(el, { childList: true, characterData: true, subtree: true });
      }),
    n,
  );
}

/** Waits for `n` rendered frames of a page that has stopped changing; returns the page-clock seconds they took. */
async function frames(page: Page, n: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        let i = 0;
        const step = () => (++i >= n ? resolve((performance.now() - t0) / 1000) : requestAnimationFrame(step));
        requestAnimationFrame(step);
      }),
    n,
  );
}

async function expectPageOk(page: Page, errors: ErrorWatch): Promise<void> {
  expect(await page.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
  expect(errors.extension).toEqual([]);
}

async function hover(page: Page, text: string, nth = 0) {
  await pointAt(page, await pointIn(page, page.mainFrame(), text, nth));
  await expect(await cardHeading(page)).toBeVisible();
}

test.describe('hostile pages: policies', () => {
  test('strict Content-Security-Policy: marked, card works, no violation, DOM unchanged', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    const response = await page.goto(server.url('/hostile-csp.html'));
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual([
      'Nikolai Patrushev',
      'Russia’s Security Council',
      'CSTO',
      'Collective Security Treaty Organization',
      'ОДКБ',
    ]);
    await hover(page, 'Patrushev');
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    // The host's inline style and the card's constructed sheet must apply under style-src 'self'.
    const host = page.locator(CARD_HOST);
    expect(await host.evaluate((h) => getComputedStyle(h).position)).toBe('fixed');
    expect(await page.evaluate(() => (window as { cspViolations?: unknown[] }).cspViolations)).toEqual([]);
    expect(errors.all).toEqual([]);
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(await inPlain(plain, server.url('/hostile-csp.html'), snapshot));
  });

  test("require-trusted-types-for 'script': marked, card works, no violation", async ({
    page,
    server,
    plain,
    errors,
  }) => {
    await page.goto(server.url('/hostile-trusted-types.html'));
    expect(await page.evaluate(() => (window as { ttEnforced?: boolean }).ttEnforced)).toBe(true);
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual(['CSTO', 'Shanghai Cooperation Organisation', 'Nikolai Patrushev']);
    await hover(page, 'Patrushev');
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    // The page's own probe (an innerHTML string, refused on purpose) is the only violation allowed.
    const violations = await page.evaluate(
      () => (window as unknown as { ttViolations: { sample: string }[] }).ttViolations,
    );
    expect(violations.filter((v) => !v.sample.includes('<b>x</b>'))).toEqual([]);
    expect(errors.all.filter((e) => !/TrustedHTML/.test(e))).toEqual([]);
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(await inPlain(plain, server.url('/hostile-trusted-types.html'), snapshot));
  });
});

test.describe('hostile pages: size and churn', () => {
  test('a 200,000-element DOM is marked completely, page unchanged', async ({ page, server, plain, errors }) => {
    test.setTimeout(60_000);
    const rows: string[] = [];
    const ROWS = 22_300; // 9 elements a row
    let expected = 0;
    for (let i = 0; i < ROWS; i++) {
      const name = i % 500 === 5 ? 'the CSTO' : 'a committee';
      if (i % 500 === 5) expected++;
      rows.push(
        `<div class="r"><p>Row ${i}: <span>${name}</span> <em>met</em> <a href="#r${i}">here</a> <b>b</b> <i>i</i> <small>s</small> <code>c</code></p></div>`,
      );
    }
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Huge</title></head><body>${rows.join('\n')}<script>window.pageOk = document.getElementsByTagName('*').length;</script></body></html>`;
    server.route('/hostile-huge.html', { body });
    const started = Date.now();
    await page.goto(server.url('/hostile-huge.html'));
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThan(200_000);
    await waitForMarking(page);
    const elapsed = Date.now() - started;
    const texts = await markTexts(page);
    expect(texts).toHaveLength(expected);
    expect(new Set(texts)).toEqual(new Set(['CSTO']));
    expect(await page.evaluate(() => (window as { pageOk?: number }).pageOk)).toBeGreaterThan(200_000);
    expect(errors.extension).toEqual([]);
    // The first mention is on screen: no scrolling a 200k-element page before the hover.
    const hoverStart = Date.now();
    await pointAt(page, await pointIn(page, page.mainFrame(), 'CSTO'));
    await expect(await cardHeading(page)).toBeVisible({ timeout: 20_000 });
    note(
      'timing',
      `marked in ${elapsed} ms; card shown ${Date.now() - hoverStart} ms after the pointer arrived (500 ms of it hover intent)`,
    );
    const mine = await snapshotHash(page);
    const theirs = await inPlain(plain, server.url('/hostile-huge.html'), snapshotHash);
    expect(mine).toEqual(theirs);
  });

  test('text rewritten every 16 ms: marked, no feedback loop, bounded CPU', async ({ page, server, plain, errors }) => {
    test.setTimeout(45_000);
    const url = server.url('/hostile-mutating.html');
    // Windows end after a count of the page's own updates (one every 16 ms), not after a sleep; CPU is
    // compared as seconds of main-thread work per second elapsed between the two metric reads.
    const SETTLE = 30;
    const WINDOW = 120;

    // Baseline: the same page in a Chromium without the extension, churning and then stopped; the
    // extension's figures below are read over the same windows.
    const baseline = await inPlain(plain, url, async (p) => {
      await ticks(p, SETTLE);
      const read = await taskSeconds(p);
      const a = await read();
      await ticks(p, WINDOW);
      const b = await read();
      await p.evaluate(() => (window as unknown as { stopTicker(): number }).stopTicker());
      await frames(p, 18);
      const c = await read();
      await frames(p, 42);
      const d = await read();
      return {
        task: (b.task - a.task) / b.seconds(a),
        script: (b.script - a.script) / b.seconds(a),
        idle: (d.task - c.task) / d.seconds(c),
      };
    });

    await page.goto(url);
    await waitForMarking(page);
    await ticks(page, SETTLE);
    const read = await taskSeconds(page);
    const a = await read();
    await ticks(page, WINDOW);
    const b = await read();
    const withExt = { task: (b.task - a.task) / b.seconds(a), script: (b.script - a.script) / b.seconds(a) };
    const added = withExt.task - baseline.task;
    note(
      'cpu',
      `per second: baseline ${JSON.stringify(baseline)}, with extension ${JSON.stringify(withExt)}, added ${(added * 100).toFixed(1)}% of a core`,
    );
    expect(added).toBeLessThan(0.3);

    // Mentions in the churning text are marked while it churns.
    const during = await markTexts(page);
    expect(during).toContain('Collective Security Treaty Organization');
    expect(during.filter((t) => t !== 'Collective Security Treaty Organization').length).toBeGreaterThan(0);

    // Once the page stops, the final text is marked (after at most one budget window) and work stops.
    const n = await page.evaluate(() => (window as unknown as { stopTicker(): number }).stopTicker());
    await expect
      .poll(() => markTexts(page), { timeout: 3_000 })
      .toEqual([
        'CSTO',
        'Nikolai Patrushev',
        'Shanghai Cooperation Organisation',
        'ОДКБ',
        'Collective Security Treaty Organization',
      ]);
    await frames(page, 18);
    const c = await read();
    const rescans = (await scanStateOf(page))?.rescans;
    await frames(page, 42);
    const d = await read();
    // Idle: nothing of ours keeps running. No pass over the page's changes ends in the window (a loop of
    // marks setting off the observer would end one every few frames), and the main thread is within 5%
    // of a core of the plain page's over the same frames (both read 2-4% here; an absolute bound of 7%
    // failed once on a loaded CI machine, at 7.1%, with nothing of ours running).
    const idle = (d.task - c.task) / d.seconds(c);
    note(
      'idle',
      `main thread busy ${(idle * 100).toFixed(1)}% with the extension, ${(baseline.idle * 100).toFixed(1)}% without`,
    );
    expect(rescans).toBeGreaterThanOrEqual(0);
    expect((await scanStateOf(page))?.rescans).toBe(rescans);
    expect(idle - baseline.idle).toBeLessThan(0.05);

    await expectPageOk(page, errors);
    await pointAt(page, await pointIn(page, page.mainFrame(), 'Patrushev'));
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    expect(await snapshot(page)).toBe(await inPlain(plain, `${url}#freeze=${n}`, snapshot));
  });

  test('a single-page app that swaps its body and pushes history', async ({ page, server, plain, errors }) => {
    const url = server.url('/hostile-spa.html');
    await page.goto(url);
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual(['CSTO']);
    await hover(page, 'CSTO');
    await page.mouse.move(5, 700);
    await page.evaluate(() => (window as unknown as { swap(): void }).swap());
    expect(page.url()).toBe(`${url}?page=2`);
    await expect.poll(() => markTexts(page)).toEqual(['Nikolai Patrushev', 'Shanghai Cooperation Organisation']);
    await hover(page, 'Patrushev');
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    expect(await page.locator(CARD_HOST).count()).toBe(1);
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(
      await inPlain(plain, url, snapshot, (p) => p.evaluate(() => (window as unknown as { swap(): void }).swap())),
    );
  });
});
