/**
 * Pages that try to break it (issue 6), part 2: shadow roots, frames, editable regions and form fields,
 * right-to-left text, and a page that replaces the built-ins it might expect us to use.
 */
import type { Frame, Page } from '@playwright/test';
import {
  afterPendingTasks,
  cardHeading,
  expect,
  highlightRanges,
  inPlain,
  markTexts,
  pointAt,
  pointIn,
  snapshot,
  test,
  waitForMarking,
  waitForMarkingIn,
  type ErrorWatch,
  CARD_HOST,
  cardLocator,
} from './support-hostile';

async function expectPageOk(frame: Page | Frame, errors: ErrorWatch): Promise<void> {
  expect(await frame.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
  expect(errors.extension).toEqual([]);
}

test.describe('hostile pages: shadow roots', () => {
  test('open shadow roots are marked, closed ones are left alone, nothing breaks', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    await page.goto(server.url('/hostile-shadow.html'));
    await waitForMarking(page);
    await expect
      .poll(async () => (await highlightRanges(page)).map((r) => `${r.shadow}|${r.text}`))
      .toEqual([
        '|CSTO',
        'declarative|Stanislav Zas',
        'open-host|Nikolai Patrushev',
        'open-host|Russia’s Security Council',
      ]);
    // The closed root's text is not marked (the page's own reference shows it is there).
    expect(
      await page.evaluate(() => (window as unknown as { closedRoot: ShadowRoot }).closedRoot.textContent),
    ).toContain('Shanghai Cooperation Organisation');

    // A component added later is marked too.
    await page.evaluate(() => (window as unknown as { addLate(): void }).addLate());
    await expect
      .poll(async () => (await highlightRanges(page)).filter((r) => r.shadow === 'late-host').map((r) => r.text), {
        timeout: 3_000,
      })
      .toEqual(['Collective Security Treaty Organization']);

    // A hover in the light DOM works on this page.
    await pointAt(page, await pointIn(page, page.mainFrame(), 'CSTO'));
    await expect(await cardHeading(page)).toBeVisible();
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(
      await inPlain(plain, server.url('/hostile-shadow.html'), snapshot, (p) =>
        p.evaluate(() => (window as unknown as { addLate(): void }).addLate()),
      ),
    );
  });

  test('a shadow root inside content added later is marked', async ({ page, server, errors }) => {
    await page.goto(server.url('/hostile-shadow.html'));
    await waitForMarking(page);
    await page.evaluate(() => (window as unknown as { addWrapped(): void }).addWrapped());
    await expect
      .poll(async () => (await highlightRanges(page)).filter((r) => r.shadow === 'wrapped-host').map((r) => r.text), {
        timeout: 3_000,
      })
      .toEqual(['Shanghai Cooperation Organisation']);
    expect(errors.extension).toEqual([]);
  });

  test('hovering a mention inside an open shadow root shows its card', async ({ page, server, errors }) => {
    await page.goto(server.url('/hostile-shadow.html'));
    await waitForMarking(page);
    await expect.poll(async () => (await highlightRanges(page)).some((r) => r.shadow === 'open-host')).toBe(true);
    await pointAt(page, await pointIn(page, page.mainFrame(), 'Patrushev'));
    await expect(await cardHeading(page)).toHaveText('Nikolai Patrushev');
    expect(errors.extension).toEqual([]);
  });
});

test.describe('hostile pages: frames', () => {
  test('same-origin, cross-origin and srcdoc frames are each marked inside the frame', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    await page.goto(server.url('/hostile-iframes.html'));
    await waitForMarking(page);
    // The page's three frames, found by address: each marked document also holds the card's frame,
    // made at an idle moment after marking, so the frames are not counted.
    const find = (pred: (u: string) => boolean) => page.frames().find((f) => pred(f.url()));
    const pageFrames = () => [
      find((u) => u === server.url('/hostile-frame-child.html')),
      find((u) => u.startsWith(server.otherOrigin)),
      find((u) => u === 'about:srcdoc'),
    ];
    await expect.poll(() => pageFrames().every(Boolean)).toBe(true);
    const [same, cross, srcdoc] = pageFrames() as [Frame, Frame, Frame];

    expect(await markTexts(page)).toEqual(['CSTO']);
    for (const f of [same, cross]) {
      await waitForMarkingIn(f);
      expect(await markTexts(f)).toEqual(['Collective Security Treaty Organization', 'Nikolai Patrushev']);
      await expectPageOk(f, errors);
    }
    await waitForMarkingIn(srcdoc);
    expect(await markTexts(srcdoc)).toEqual(['Stanislav Zas']);

    // A card opens inside the cross-origin frame, in that frame's document.
    await pointAt(page, await pointIn(page, cross, 'Patrushev'));
    await expect(await cardHeading(cross)).toHaveText('Nikolai Patrushev');
    // The top document may hold its own (warm) card frame, but it shows no card.
    expect(await page.locator(CARD_HOST).count()).toBeLessThanOrEqual(1);
    if (await page.locator(CARD_HOST).count()) await expect(await cardLocator(page)).toHaveCount(0);

    await expectPageOk(page, errors);
    const mine = [await snapshot(page), await snapshot(same), await snapshot(cross), await snapshot(srcdoc)];
    const theirs = await inPlain(plain, server.url('/hostile-iframes.html'), async (p) => {
      await expect.poll(() => p.frames().length).toBe(4);
      const f = (pred: (u: string) => boolean) => p.frames().find((x) => pred(x.url()))!;
      const c = f((u) => u.startsWith(server.otherOrigin));
      await c.waitForLoadState('load');
      return [
        await snapshot(p),
        await snapshot(f((u) => u === server.url('/hostile-frame-child.html'))),
        await snapshot(c),
        await snapshot(f((u) => u === 'about:srcdoc')),
      ];
    });
    expect(mine).toEqual(theirs);
  });

  test('a frameset: each frame is marked, the frameset document is left alone', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    await page.goto(server.url('/hostile-frameset.html'));
    // The frameset's two frames; a card's frame, made in each marked frame, is a grandchild.
    await expect.poll(() => page.mainFrame().childFrames().length).toBe(2);
    for (const f of page.mainFrame().childFrames()) {
      await waitForMarkingIn(f);
      expect(await markTexts(f)).toEqual(['Collective Security Treaty Organization', 'Nikolai Patrushev']);
      await expectPageOk(f, errors);
    }
    const right = page.frame({ name: 'right' })!;
    await pointAt(page, await pointIn(page, right, 'Patrushev'));
    await expect(await cardHeading(right)).toHaveText('Nikolai Patrushev');
    await afterPendingTasks(page);
    expect(await markTexts(page)).toEqual([]);
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(await inPlain(plain, server.url('/hostile-frameset.html'), snapshot));
  });
});

test.describe('hostile pages: editable regions and form fields', () => {
  const type = async (p: Page) => {
    await p.locator('#ta').click();
    await p.keyboard.press('End');
    await p.keyboard.type(' and the CSTO met Patrushev');
    await p.locator('#in').click();
    await p.keyboard.press('End');
    await p.keyboard.type(' Nikolai Patrushev');
    await p.locator('#ce b').click();
    await p.keyboard.press('End');
    await p.keyboard.type(' CSTO Patrushev');
    await p.keyboard.press('Enter');
    await p.keyboard.type('Shanghai Cooperation Organisation');
    await p.locator('#pt').click();
    await p.keyboard.press('End');
    await p.keyboard.type(' CSTO');
  };
  const read = (p: Page) =>
    p.evaluate(() => ({
      ta: (document.getElementById('ta') as HTMLTextAreaElement).value,
      in: (document.getElementById('in') as HTMLInputElement).value,
      ce: document.getElementById('ce')!.innerHTML,
      pt: document.getElementById('pt')!.innerHTML,
      active: document.activeElement?.id,
    }));

  test('never marked, never disturbed while typing', async ({ page, server, plain, errors }) => {
    const url = server.url('/hostile-editable.html');
    await page.goto(url);
    await waitForMarking(page);
    const isEditable = (r: { editable: boolean; text: string }) => r.editable;
    expect((await highlightRanges(page)).filter(isEditable)).toEqual([]);
    expect(await markTexts(page)).toEqual(['CSTO', 'Collective Security Treaty Organization']);

    await type(page);
    await afterPendingTasks(page); // past the scanner's mutation flush
    const mine = await read(page);
    const theirs = await inPlain(plain, url, read, type);
    expect(mine).toEqual(theirs);
    expect((await highlightRanges(page)).filter(isEditable)).toEqual([]);

    // A card shown while someone types does not take the focus away, and typing goes on in the field.
    await page.locator('#ta').focus();
    await pointAt(page, await pointIn(page, page.mainFrame(), 'CSTO'));
    await expect(await cardHeading(page)).toBeVisible();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ta');
    await page.keyboard.type('!');
    expect(await page.locator('#ta').inputValue()).toBe(`${theirs.ta}!`);
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(await inPlain(plain, url, snapshot, type));
  });

  test('a region that becomes editable after marking loses its marks', async ({ page, server, errors }) => {
    await page.goto(server.url('/hostile-editable.html'));
    await waitForMarking(page);
    expect(await markTexts(page)).toContain('Collective Security Treaty Organization');
    await page.evaluate(() => (window as unknown as { makeEditable(): void }).makeEditable());
    await expect
      .poll(async () => (await highlightRanges(page)).filter((r) => r.editable).map((r) => r.text), { timeout: 3_000 })
      .toEqual([]);
    expect(errors.extension).toEqual([]);
  });
});

test.describe('hostile pages: right-to-left', () => {
  test('Arabic and Hebrew page: Latin and Cyrillic names marked, cards inside the viewport', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    await page.goto(server.url('/hostile-rtl.html'));
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual(['CSTO', 'ОДКБ', 'CSTO', 'CSTO']);
    const viewport = page.viewportSize()!;
    for (const nth of [0, 2]) {
      await page.mouse.move(640, 780);
      await expect(await cardHeading(page)).toBeHidden({ timeout: 3_000 });
      await pointAt(page, await pointIn(page, page.mainFrame(), 'CSTO', nth));
      await expect(await cardHeading(page)).toBeVisible();
      const box = (await (await cardLocator(page)).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    }
    await pointAt(page, await pointIn(page, page.mainFrame(), 'ОДКБ'));
    await expect(await cardHeading(page)).toBeVisible();
    await expectPageOk(page, errors);
    expect(await snapshot(page)).toBe(await inPlain(plain, server.url('/hostile-rtl.html'), snapshot));
  });
});

test.describe('hostile pages: overridden built-ins', () => {
  test('main-world traps on MutationObserver, ranges, shadow DOM, DOM insertion and CSS.highlights do not reach the extension', async ({
    page,
    server,
    plain,
    errors,
  }) => {
    const url = server.url('/hostile-overrides.html');
    await page.goto(url);
    // Asked through the extension, polled with plain evaluations (Playwright's waitForFunction polls with
    // main-world rAF and listeners, which are trapped).
    await waitForMarking(page);
    // Hover with the traps in place: the card needs attachShadow, append, getClientRects, rAF, …
    const box = (await page.locator('#hover-me').boundingBox())!;
    await pointAt(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    await expect(await cardHeading(page)).toHaveText('Collective Security Treaty Organization (CSTO)');
    // The traps throw at whoever calls them; no caller may be the extension.
    // (Read as one string: Playwright's main-world serializer of arrays uses the trapped Map.get.)
    const callers = (
      await page.evaluate(() => (window as unknown as { trapCallers: string[] }).trapCallers.join('\n@@\n'))
    ).split('\n@@\n');
    expect(callers.filter((c) => c.includes('chrome-extension://'))).toEqual([]);
    expect(await page.evaluate(() => (window as { pageOk?: boolean }).pageOk)).toBe(true);
    await page.evaluate(() => (window as unknown as { restoreBuiltins(): void }).restoreBuiltins());
    expect(await markTexts(page)).toEqual(['Nikolai Patrushev', 'CSTO', 'Collective Security Treaty Organization']);
    expect(errors.extension).toEqual([]);
    expect(errors.all).toEqual([]);
    expect(await snapshot(page)).toBe(
      await inPlain(plain, url, snapshot, (p) =>
        p.evaluate(() => (window as unknown as { restoreBuiltins(): void }).restoreBuiltins()),
      ),
    );
  });
});
