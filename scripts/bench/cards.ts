/**
 * Hover cards: from the hover delay elapsing ('context-reader:card-due', set in the page's content script
 * when HoverIntent calls show) to the card painted. The card is drawn in its own frame (card.html, another
 * process), so "painted" is the later of two marks, compared on the shared clock (timeOrigin + startTime):
 * the page's 'context-reader:card-painted' (rAF after the frame element was placed and revealed with the
 * size of a card that has its data) and the frame's 'context-reader:card-frame-painted' (rAF after the
 * frame showed the card with data). Marks exist only in the bench build (WXT_BENCH=1).
 * Hovers different mentions in turn, moving the pointer away and waiting for the card to close between
 * them, so that each one is a fresh show.
 */
import type { BrowserContext, Frame, Page } from '@playwright/test';
import type { BenchGlobal } from './browsers';

export interface CardHover {
  text: string;
  ms: number;
}

/** Points of up to `n` mentions with different texts, scrolled to one at a time by `pointOf`. */
/**
 * Up to `n` distinct mentions to hover: first the first occurrence of each of `texts` (the reader's own
 * names, which are drawn where no page script can list them), then the catalogue's marks in document order,
 * read from the page's highlight registry.
 */
async function mentionTexts(page: Page, n: number, texts: string[]): Promise<number[]> {
  return page.evaluate(
    ([n, texts]) => {
      const seen = new Set<string>();
      const picks: number[] = [];
      const all: Range[] = [];
      const walker = document.createTreeWalker(
        document.querySelector('article') ?? document.body,
        NodeFilter.SHOW_TEXT,
      );
      const own: Range[] = [];
      for (
        let t = walker.nextNode() as Text | null;
        t && own.length < texts.length;
        t = walker.nextNode() as Text | null
      ) {
        for (const text of texts) {
          const at = t.data.indexOf(text);
          if (at < 0 || own.some((r) => r.toString() === text)) continue;
          const r = document.createRange();
          r.setStart(t, at);
          r.setEnd(t, at + text.length);
          own.push(r);
        }
      }
      for (const [k, h] of CSS.highlights) {
        // Entity-type layers only: a random 10-character prefix and a one-digit layer index (lib/page/highlights.ts).
        if (!/^[a-z][0-9a-z]{9}[0-9]$/.test(k)) continue;
        for (const r of h as unknown as Iterable<AbstractRange>) {
          const live = document.createRange();
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          all.push(live);
        }
      }
      all.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      for (const r of own) {
        picks.push(all.length);
        seen.add(r.toString());
        all.push(r);
      }
      const article = document.querySelector('article');
      all.forEach((r, i) => {
        const t = r.toString().replace(/\s+/g, ' ');
        if (picks.length >= n || seen.has(t) || (article && !article.contains(r.startContainer))) return;
        seen.add(t);
        picks.push(i);
      });
      (window as unknown as { __benchRanges: Range[] }).__benchRanges = all;
      return picks;
    },
    [n, texts] as const,
  );
}

async function pointOf(page: Page, index: number): Promise<{ x: number; y: number; text: string } | null> {
  return page.evaluate((i) => {
    const r = (window as unknown as { __benchRanges: Range[] }).__benchRanges[i]!;
    (r.startContainer.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
    const rect = r.getClientRects()[0];
    if (!rect) return null;
    return { x: rect.left + Math.min(rect.width / 2, 10), y: rect.top + rect.height / 2, text: r.toString() };
  }, index);
}

export async function measureCards(
  context: BrowserContext,
  url: string,
  hovers: number,
  ownTexts: string[] = [],
): Promise<CardHover[]> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    await page.waitForFunction(() => (window as unknown as { __bench: BenchGlobal }).__bench.paintedAt >= 0, null, {
      timeout: 180_000,
      polling: 50,
    });
    const picks = await mentionTexts(page, hovers, ownTexts);
    const out: CardHover[] = [];
    const cardFrame = (): Frame | undefined =>
      page
        .mainFrame()
        .childFrames()
        .find((f) => f.url().includes('/card.html'));
    const frameMarks = async (): Promise<number[]> =>
      (await cardFrame()?.evaluate(() =>
        performance
          .getEntriesByName('context-reader:card-frame-painted')
          .map((e) => performance.timeOrigin + e.startTime),
      )) ?? [];
    for (const i of picks) {
      // Away from any text (the page margin right of the sidebar), then wait for the card to close.
      await page.mouse.move(1275, 5);
      await cardFrame()
        ?.locator('.card')
        .waitFor({ state: 'detached', timeout: 5_000 })
        .catch(() => undefined);
      const p = await pointOf(page, i);
      if (!p) continue;
      const before = await page.evaluate(() => performance.getEntriesByName('context-reader:card-painted').length);
      const framesBefore = (await frameMarks()).length;
      await page.mouse.move(p.x - 30, p.y - 30);
      await page.mouse.move(p.x, p.y, { steps: 4 });
      const ok = await page
        .waitForFunction((n) => performance.getEntriesByName('context-reader:card-painted').length > n, before, {
          timeout: 5_000,
          polling: 20,
        })
        .then(() => true)
        .catch(() => false);
      if (!ok) continue;
      let inFrame: number[] = [];
      for (let tries = 0; tries < 100 && inFrame.length <= framesBefore; tries++) {
        inFrame = await frameMarks();
        if (inFrame.length <= framesBefore) await page.waitForTimeout(20);
      }
      if (inFrame.length <= framesBefore) continue;
      const { due, painted } = await page.evaluate(() => ({
        due: performance.timeOrigin + performance.getEntriesByName('context-reader:card-due').at(-1)!.startTime,
        painted: performance.timeOrigin + performance.getEntriesByName('context-reader:card-painted').at(-1)!.startTime,
      }));
      out.push({ text: p.text, ms: Math.max(painted, inFrame.at(-1)!) - due });
    }
    return out;
  } finally {
    await page.close();
  }
}
