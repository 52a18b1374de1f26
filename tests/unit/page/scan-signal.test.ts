import { describe, expect, it } from 'vitest';
import { scanSignal, scanState } from '../../../lib/page/scan-signal';

describe('scan signal', () => {
  it('keeps how far marking got in the content script, and puts nothing on the page’s performance timeline', () => {
    expect(scanState()).toEqual({ done: false, rescans: 0 });
    scanSignal('context-reader:start');
    expect(scanState().done).toBe(false);
    scanSignal('context-reader:done');
    scanSignal('context-reader:rescan-done');
    scanSignal('context-reader:rescan-done');
    expect(scanState()).toEqual({ done: true, rescans: 2 });
    expect(performance.getEntriesByType('mark').filter((e) => e.name.startsWith('context-reader:'))).toEqual([]);
  });

  it('hands out a copy, so a caller cannot change the state', () => {
    const s = scanState();
    s.done = !s.done;
    expect(scanState().done).not.toBe(s.done);
  });
});
