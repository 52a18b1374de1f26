/**
 * Reading the hover card and finding its controls: the one place tests look into the card. The card is
 * drawn in the extension's own frame (card.html) inside the page, so both drivers read it through their
 * browser's frame tree (Tab.inCardFrame): Playwright's in Chromium, WebDriver BiDi's browsing contexts
 * through puppeteer in Firefox. Page script cannot do either.
 */
import type { Point, Tab } from './types';

export interface CardView {
  heading: string;
  role: string | null;
  labelledBy: string | null;
  /** Texts of the facts' quotes, quotation marks included. */
  quotes: string[];
  /** How many facts carry a citation link. */
  cites: number;
  /** The related entities' buttons. */
  related: string[];
  /** Titles of the reader's clips the card lists. */
  clips: string[];
  /** The screen-reader announcement beside the card. */
  status: string;
  /** Whether keyboard focus is on the card's heading. */
  headingFocused: boolean;
}

/** The card shown on `tab`, or null when none is (a hidden, pre-rendered card counts as none). */
export async function readCard(tab: Tab): Promise<CardView | null> {
  const read = await tab.inCardFrame(() => {
    const root = document.getElementById('card');
    const card = root?.querySelector('.card');
    const h2 = card?.querySelector('h2');
    if (!root || !card || !h2) return null;
    // Rendered ahead of the hover delay but not shown yet.
    if (getComputedStyle(root).visibility === 'hidden') return null;
    if (card.getBoundingClientRect().width === 0) return null;
    const texts = (css: string) => [...card.querySelectorAll(css)].map((e) => (e.textContent ?? '').trim());
    return {
      heading: (h2.textContent ?? '').trim(),
      role: card.getAttribute('role'),
      labelledBy: card.getAttribute('aria-labelledby'),
      quotes: [...card.querySelectorAll('.facts blockquote')].map((e) => (e as HTMLElement).innerText.trim()),
      cites: card.querySelectorAll('.facts a.cite').length,
      related: texts('.related button'),
      clips: texts('ul.clips li'),
      status: (document.getElementById('status')?.textContent ?? '').trim(),
      headingFocused: document.activeElement === h2,
    };
  }, undefined);
  return read?.shown ? read.result : null;
}

/**
 * Centre, in the page's viewport, of the first element in the card matching `css` whose text contains
 * `text`, scrolled into view, once the card has stopped moving (its clips and position may settle a
 * frame or two after it shows).
 */
export async function cardPoint(tab: Tab, css: string, text?: string): Promise<Point> {
  const locate = async (args: { css: string; text: string | undefined }) => {
    // Each read spans two rendering frames of the card, so that two equal reads mean it has settled.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const card = document.querySelector('#card .card');
    const el = [...(card?.querySelectorAll(args.css) ?? [])].find(
      (e) => args.text === undefined || (e.textContent ?? '').includes(args.text),
    ) as HTMLElement | undefined;
    if (!el) return null;
    el.scrollIntoView({ block: 'nearest' });
    // The first line box: an inline link that wraps has its bounding box's centre between lines.
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  };
  const at = async () => {
    const read = await tab.inCardFrame(locate, { css, text });
    if (!read?.shown || !read.result) return null;
    return { x: read.offset.x + read.result.x, y: read.offset.y + read.result.y };
  };
  let last = await at();
  for (let i = 0; i < 30 && last; i++) {
    const now = await at();
    if (now && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  if (!last) throw new Error(`no ${css}${text ? ` with "${text}"` : ''} in the card`);
  return last;
}
