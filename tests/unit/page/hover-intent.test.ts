import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HoverIntent, PAGE_PREVIEWS_DELAYS } from '../../../lib/page/hover-intent';

describe('HoverIntent (Page Previews timing)', () => {
  let events: string[];
  let intent: HoverIntent<string>;
  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    intent = new HoverIntent<string>({
      prefetch: (t) => events.push(`prefetch ${t}`),
      show: (t) => events.push(`show ${t}`),
      hide: () => events.push('hide'),
    });
  });

  it('prefetches at 150 ms and shows at 500 ms of rest', () => {
    intent.over('a');
    vi.advanceTimersByTime(149);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['prefetch a']);
    vi.advanceTimersByTime(PAGE_PREVIEWS_DELAYS.show - 150);
    expect(events).toEqual(['prefetch a', 'show a']);
  });

  it('does not show when the pointer passes by', () => {
    intent.over('a');
    vi.advanceTimersByTime(100);
    intent.over(null);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([]);
  });

  it('hides 300 ms after the pointer leaves, unless it reaches the card', () => {
    intent.over('a');
    vi.advanceTimersByTime(500);
    intent.over(null);
    vi.advanceTimersByTime(299);
    expect(events.at(-1)).toBe('show a');
    vi.advanceTimersByTime(1);
    expect(events.at(-1)).toBe('hide');

    intent.over('b');
    vi.advanceTimersByTime(500);
    intent.over(null);
    vi.advanceTimersByTime(200);
    intent.enterCard();
    vi.advanceTimersByTime(1000);
    expect(events.at(-1)).toBe('show b');
    intent.leaveCard();
    vi.advanceTimersByTime(300);
    expect(events.at(-1)).toBe('hide');
  });

  it('keeps a pinned card open and closes it on request', () => {
    intent.over('a');
    vi.advanceTimersByTime(500);
    intent.setPinned(true);
    intent.over(null);
    vi.advanceTimersByTime(5000);
    expect(events.at(-1)).toBe('show a');
    intent.over('b');
    vi.advanceTimersByTime(600);
    expect(events.filter((e) => e.startsWith('show'))).toEqual(['show a']);
    intent.close();
    expect(events.at(-1)).toBe('hide');
    expect(intent.isPinned).toBe(false);
  });

  it('returning to the shown mention cancels the hide', () => {
    intent.over('a');
    vi.advanceTimersByTime(500);
    intent.over(null);
    vi.advanceTimersByTime(100);
    intent.over('a');
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['prefetch a', 'show a']);
  });
});
