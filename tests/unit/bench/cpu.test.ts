/**
 * The extension's share of a CPU profile (scripts/bench/cpu.ts): samples with one of our frames on the
 * stack, in wall time and, with the trace's running share, in CPU time.
 */
import { describe, expect, it } from 'vitest';
import { extensionCpu, extensionMsBetween, type CpuProfile } from '../../../scripts/bench/cpu';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

/** root → page code (2) and root → our script (3) → a DOM call (4) with no URL. */
const profile = (samples: number[], timeDeltas: number[]): CpuProfile => ({
  nodes: [
    frame(1, '(root)', '', [2, 3]),
    frame(2, 'pageWork', 'http://localhost/app.js'),
    frame(3, 'walkText', 'chrome-extension://abc/content-main.js', [4]),
    frame(4, 'nextNode', ''),
  ],
  startTime: 1_000_000,
  samples,
  timeDeltas,
});

describe('extensionCpu', () => {
  // Sample times: 1,000,250, 1,000,500, 1,003,500, 1,003,750, 1,004,000 µs; each counts until the next.
  const p = profile([3, 4, 2, 3, 2], [250, 250, 3_000, 250, 250]);

  it('counts the samples under our frames, native calls inside them too, in wall time', () => {
    const cpu = extensionCpu(p);
    // 0.25 (3) + 3.0 (4: the 3 ms gap after it) + 0.25 (3 at 1,003,750) = 3.5 ms; sample 2 is the page's.
    expect(cpu.totalMs).toBeCloseTo(3.5);
    expect(cpu.cpuMs).toBeCloseTo(3.5);
    expect(cpu.longestRunMs).toBeCloseTo(3.25);
    expect(cpu.longestRunCappedMs).toBeCloseTo(1.25);
  });

  it("counts each sample for the share of its time in which the thread ran, read at the sample's middle", () => {
    const seen: number[] = [];
    // The thread ran a third of the time from 1,001,000 µs to 1,003,500 µs (the 3 ms gap's middle is
    // 1,002,000), and all of it elsewhere.
    const cpu = extensionCpu(p, {
      running: (ts) => {
        seen.push(ts);
        return ts >= 1_001_000 && ts < 1_003_500 ? 1 / 3 : 1;
      },
    });
    expect(cpu.totalMs).toBeCloseTo(3.5);
    expect(cpu.cpuMs).toBeCloseTo(0.25 + 1 + 0.25);
    expect(seen).toEqual([1_000_375, 1_002_000, 1_003_875]);
  });

  it('counts our sampled time between two moments, each sample for its part inside them', () => {
    // Ours: 1,000,250–1,000,500 (3), 1,000,500–1,003,500 (4), 1,003,750–1,004,000 (3).
    expect(extensionMsBetween(p, 0, 2_000_000)).toBeCloseTo(3.5);
    expect(extensionMsBetween(p, 1_000_400, 1_001_000)).toBeCloseTo(0.1 + 0.5);
    expect(extensionMsBetween(p, 1_003_500, 1_003_750)).toBe(0); // the page's sample
    expect(extensionMsBetween(p, 0, 2_000_000, (url) => url.endsWith('app.js'))).toBeCloseTo(0.25);
  });

  it('takes what is ours from the caller', () => {
    expect(extensionCpu(p, { isOurs: (url) => url.endsWith('app.js') }).totalMs).toBeCloseTo(0.25);
  });
});
