/**
 * Reading the hover card and finding its controls: the one place tests look into the card, so that when
 * the card moves (into an extension-origin frame) only this file changes.
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
export function readCard(tab: Tab): Promise<CardView | null> {
  return tab.evaluate(() => {
    const host = document.querySelector('[data-context-reader-host]');
    const root = host?.shadowRoot;
    const card = root?.querySelector('.card');
    const h2 = card?.querySelector('h2');
    if (!root || !card || !h2) return null;
    const frame = card.closest('.frame') as HTMLElement | null;
    if (frame && getComputedStyle(frame).visibility === 'hidden') return null;
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
      status: (root.querySelector('[role="status"]')?.textContent ?? '').trim(),
      headingFocused: root.activeElement === h2,
    };
  }, undefined);
}

/**
 * Centre of the first element in the card matching `css` whose text contains `text`, scrolled into view,
 * once the card has stopped moving (its clips and position may settle a frame or two after it shows).
 */
export async function cardPoint(tab: Tab, css: string, text?: string): Promise<Point> {
  const p = await tab.evaluate(
    async ({ css, text }) => {
      const locate = () => {
        const card = document.querySelector('[data-context-reader-host]')?.shadowRoot?.querySelector('.card');
        const el = [...(card?.querySelectorAll(css) ?? [])].find((e) => text === undefined || (e.textContent ?? '').includes(text)) as HTMLElement | undefined;
        if (!el) return null;
        el.scrollIntoView({ block: 'nearest' });
        // The first line box: an inline link that wraps has its bounding box's centre between lines.
        const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      };
      let last = locate();
      for (let i = 0; i < 30 && last; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        const now = locate();
        if (now && now.x === last.x && now.y === last.y) return now;
        last = now;
      }
      return last;
    },
    { css, text },
  );
  if (!p) throw new Error(`no ${css}${text ? ` with "${text}"` : ''} in the card`);
  return p;
}
