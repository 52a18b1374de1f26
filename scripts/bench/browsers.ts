/**
 * The two browsers of a run: Chromium with the built extension (tests/support/browser.ts) and the same
 * Chromium, same flags, without it, for the baselines. Both get the same main-world init script, which
 * records long tasks and long animation frames from before navigation, and the time the first frame
 * after the extension's 'context-reader:done' mark was painted.
 */
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/support/browser';

export async function launchPlain(): Promise<BrowserContext> {
  const executablePath = chromiumPath();
  return chromium.launchPersistentContext('', {
    ...(executablePath ? { executablePath } : {}),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: CHROMIUM_ARGS,
  });
}

export interface BenchGlobal {
  longtasks: {
    start: number;
    duration: number;
    attribution: { name: string; containerType: string; containerSrc: string }[];
  }[];
  loaf: {
    start: number;
    duration: number;
    blocking: number;
    scripts: { src: string; invoker: string; type: string; start: number; duration: number }[];
  }[];
  /** performance.now() of the first rAF + setTimeout after the 'context-reader:done' mark. */
  paintedAt: number;
  doneSeen: number;
}

/** Runs in every page's main world before any of its own scripts (context.addInitScript). */
export function benchInitScript(): void {
  const g = window as unknown as { __bench: BenchGlobal };
  const b: BenchGlobal = { longtasks: [], loaf: [], paintedAt: -1, doneSeen: -1 };
  g.__bench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        attribution?: { name: string; containerType: string; containerSrc: string }[];
      })[]) {
        b.longtasks.push({
          start: e.startTime,
          duration: e.duration,
          attribution: (e.attribution ?? []).map((a) => ({
            name: a.name,
            containerType: a.containerType,
            containerSrc: a.containerSrc,
          })),
        });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Not supported: the report says so (no entries).
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        blockingDuration: number;
        scripts: { sourceURL: string; invoker: string; invokerType: string; startTime: number; duration: number }[];
      })[]) {
        b.loaf.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: e.scripts.map((s) => ({
            src: s.sourceURL,
            invoker: s.invoker,
            type: s.invokerType,
            start: s.startTime,
            duration: s.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // Chromium < 123.
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name !== 'context-reader:done' || b.doneSeen >= 0) continue;
        b.doneSeen = performance.now();
        requestAnimationFrame(() => setTimeout(() => (b.paintedAt = performance.now()), 0));
      }
    }).observe({ type: 'mark' });
  } catch {
    // Marks from the content script's isolated world are not observed: bench.ts falls back to polling.
  }
}
