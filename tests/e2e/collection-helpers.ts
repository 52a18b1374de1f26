/**
 * Steps for the collection layout tests: widths and browser zoom, a collection seeded through the
 * library's own import, and "does anything stick out" checks.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Browser zoom, as Chromium applies it: a window `width` × `height` device pixels at `zoom` lays out
 * a viewport of width/zoom CSS pixels with devicePixelRatio multiplied by zoom, so media queries,
 * wrapping and fixed positions all see the narrower page. (CSS `zoom` on the root would not change
 * media queries, so it would not show what a reader at 200% sees.)
 */
export async function setWindow(page: Page, width: number, height: number, zoom = 1): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: Math.round(width / zoom),
    height: Math.round(height / zoom),
    deviceScaleFactor: zoom,
    mobile: false,
  });
  await expect
    .poll(() => page.evaluate(() => [innerWidth, devicePixelRatio]))
    .toEqual([Math.round(width / zoom), zoom]);
}

export const uuidN = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A valid stored clip (export shape), every field a reader sees filled. */
export function clipN(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const t = Date.UTC(2026, 0, 1) + n * 60_000;
  return {
    id: uuidN(n),
    kind: n % 4 === 0 ? 'selection' : 'page',
    url: `https://news${n % 5}.example.com/story/${n}`,
    urlKey: `https://news${n % 5}.example.com/story/${n}`,
    title: `Story ${n}: the CSTO and the border`,
    siteName: `News ${n % 5}`,
    excerpt: `Excerpt of story ${n}, about Patrushev and the Collective Security Treaty Organization.`,
    text: `Story ${n}. Nikolai Patrushev met CSTO officials.`,
    html: `<p>Story ${n}. Nikolai Patrushev met CSTO officials.</p>`,
    markdown: `Story ${n}. Nikolai Patrushev met CSTO officials.`,
    entities: n % 2 ? ['csto', 'patrushev'] : ['csto'],
    note: '',
    tags: n % 3 ? ['security'] : [],
    savedAt: t,
    updatedAt: t,
    ...overrides,
  };
}

export function exportText(clips: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ format: 'context-reader-clips', version: 1, exportedAt: new Date().toISOString(), clips });
}

/** Writes `text` to a temporary file and returns its path (for setInputFiles). */
export async function tempFile(name: string, data: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cr-collection-'));
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

/** Imports `clips` through the library page's own import, as a reader restoring a backup would. */
export async function importClips(library: Page, clips: readonly Record<string, unknown>[]): Promise<void> {
  await library
    .locator('input[type="file"]')
    .setInputFiles({ name: 'seed.json', mimeType: 'application/json', buffer: Buffer.from(exportText(clips)) });
  await expect(library.locator('.notice.success .notice-text')).toContainText(`${clips.length} new clip`, {
    timeout: 30_000,
  });
}

/** Nothing sticks out sideways: the page cannot be scrolled horizontally. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'page wider than its window').toBeLessThanOrEqual(client);
}

/** `target` is inside the viewport and is what a click at its centre reaches (not covered by a header). */
export async function expectPressable(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  const view = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(view.h);
  expect(box.x + box.width).toBeLessThanOrEqual(view.w);
  const hit = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return at === el || el.contains(at);
  });
  expect(hit, 'something covers it').toBe(true);
}
