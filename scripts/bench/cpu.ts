/**
 * The extension's share of the page's main thread, read from a CDP CPU profile: the content script runs
 * in an isolated world of the page's own isolate, so its frames are sampled with the page's. A sample
 * counts as the extension's when any frame of its stack comes from a chrome-extension:// script (time
 * the page spends in GC or layout that our code triggers counts only when our frame is on the stack:
 * a forced layout inside our call does, a GC between tasks does not).
 */
import type { CDPSession } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ExtensionCpu {
  /** Sampled ms with an extension frame on the stack (wall clock: each sample counts until the next). */
  totalMs: number;
  /**
   * The same samples, each counted for the share of its task's wall time in which the page's main thread
   * was running (the task's CPU time from a trace, `runningShare`): the CPU time our code took. Equal to
   * `totalMs` when no trace is given.
   */
  cpuMs: number;
  /** Longest run of consecutive samples with an extension frame on the stack (wall clock). */
  longestRunMs: number;
  /**
   * The same run with each sample counted for at most `SAMPLE_CAP_MS`: on a machine whose cores are
   * shared, the sampler thread is starved too, and one sample can stand for 30 ms in which our thread
   * was not running. This is the figure for our own code; the wall-clock one is what the page felt.
   */
  longestRunCappedMs: number;
  /** Top functions by self time inside those samples, for the README's reading of a miss. */
  top: { fn: string; ms: number }[];
  /** Top functions by self time inside the longest run. */
  longestRunTop: { fn: string; ms: number }[];
}

/** Four sampling intervals: longer gaps between samples are the machine's, not our code's. */
export const SAMPLE_CAP_MS = 1;

export async function startProfile(cdp: CDPSession, intervalUs = 250): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  return profile;
}

const fromExtension = (url: string) => url.startsWith('chrome-extension://');

/** Whether a sample's node has one of our frames on its stack (itself or an ancestor), and the nodes by id. */
function ourNodes(profile: CpuProfile, isOurs: (url: string) => boolean) {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const ours = new Map<number, boolean>();
  const under = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const v = isOurs(n.callFrame.url) || (parent.has(id) ? under(parent.get(id)!) : false);
    ours.set(id, v);
    return v;
  };
  return { under, byId };
}

/**
 * Sampled ms with one of our frames on the stack between two times on the profile's clock (µs), each
 * sample counted for the part of its interval (to the next sample) that lies between them.
 */
export function extensionMsBetween(
  profile: CpuProfile,
  from: number,
  until: number,
  isOurs: (url: string) => boolean = fromExtension,
): number {
  const { under } = ourNodes(profile, isOurs);
  let ms = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const end = at + (profile.timeDeltas[i + 1] ?? 0);
    if (end <= from || at >= until || !under(id)) return;
    ms += (Math.min(end, until) - Math.max(at, from)) / 1000;
  });
  return ms;
}

export function extensionCpu(
  profile: CpuProfile,
  {
    isOurs = fromExtension,
    running = () => 1,
  }: {
    isOurs?: (url: string) => boolean;
    /** Share of wall time the thread ran at a time on the profile's clock (µs); see `runningShare`. */
    running?: (ts: number) => number;
  } = {},
): ExtensionCpu {
  const { under, byId } = ourNodes(profile, isOurs);
  let total = 0;
  let cpu = 0;
  let run = 0;
  let longest = 0;
  let runCapped = 0;
  let longestCapped = 0;
  const self = new Map<string, number>();
  let runSelf = new Map<string, number>();
  let longestSelf = runSelf;
  // A sample's time: the profile's start plus the deltas up to it; it stands for the time to the next one.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (under(id)) {
      total += dt;
      cpu += dt * running(at + (dt * 1000) / 2);
      run += dt;
      runCapped += Math.min(dt, SAMPLE_CAP_MS);
      longestCapped = Math.max(longestCapped, runCapped);
      const cf = byId.get(id)!.callFrame;
      const key = cf.functionName || (cf.url ? cf.url.split('/').pop()! : '(native)');
      self.set(key, (self.get(key) ?? 0) + dt);
      runSelf.set(key, (runSelf.get(key) ?? 0) + dt);
      if (run > longest) {
        longest = run;
        longestSelf = runSelf;
      }
    } else {
      run = 0;
      runCapped = 0;
      runSelf = new Map();
    }
  });
  const topOf = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10 }));
  return {
    totalMs: total,
    cpuMs: cpu,
    longestRunMs: longest,
    longestRunCappedMs: longestCapped,
    top: topOf(self),
    longestRunTop: topOf(longestSelf),
  };
}
