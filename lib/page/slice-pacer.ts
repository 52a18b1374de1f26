/**
 * Paces the scanner's slices so that each one stops near its budget, whatever the page.
 *
 * A fixed window of text per step did not: on pages dense with names a 32 K-character window (matching
 * plus the mentions it adds: ranges, store, evidence) took 20–35 ms, so a 12 ms slice that started one
 * just before its deadline ran to 30–42 ms. Here each window is sized from the throughput measured so
 * far on this page (characters per ms, all of a window's work included) and from the time left in the
 * slice, so the slice ends close to its deadline on a sparse article and on a dense one alike.
 *
 * Slices also run back to back when the page has nothing to do (background-priority tasks follow each
 * other with a few microseconds between them), and a CPU profile then shows two or three slices as one
 * unbroken run of 36–54 ms. So the pacer counts a run across slices separated by less than `gapMs`, and
 * asks for a rest (a real pause of the thread) before a slice that would take the run past `runMs`.
 * Our own work between slices is part of the run (`ranUntil`): on a long page each slice adds blocks
 * the highlight window checks in the next frame, and traced on the dense 5 MB page every slice was
 * followed by that check (0.7–1.0 ms, in the frame) and then the next slice. The pacer, which saw a
 * 1 ms gap, started a new run at each slice; the profile read slice, check, slice as one run of
 * 25–27 ms, and with a wrapper-map stall in one of them, past 30.
 */
export interface SlicePacerOptions {
  /** Largest window (characters). */
  maxChars?: number;
  /** Smallest window worth its fixed cost (the matcher reads 512 characters past every window). */
  minChars?: number;
  /**
   * Window before anything is measured: small, since the first slice runs cold (the matcher not yet
   * compiled by the JIT) and sits right in front of the page's next frame.
   */
  firstChars?: number;
  /**
   * Budget of one slice. 8: on the dense 5 MB page V8's incremental marking steps (5–21 ms each,
   * tracing the page's whole DOM) land inside our slices, and with 12 ms slices the longest unbroken
   * run read 25.6–30.7 ms in four loads (33.3 in a full bench run); with 8, 17.3–27.9, with no more
   * JS in all (`scripts/bench/ab.ts`, loads interleaved; the `<pre>`, one-paragraph, thread and dense
   * 100 KB pages' runs 20.0–21.2 against 20.8–26.1 at their medians of three).
   */
  sliceMs?: number;
  /**
   * Budget of slices that follow each other with no pause between them. 14 with 8 ms slices: a second
   * slice follows only one that stopped short (the end of a root's walk), never a full one.
   */
  runMs?: number;
  /** A pause shorter than this does not end a run (nothing of the page's could have run in it). */
  gapMs?: number;
}

/** Throughput samples shorter than this are pooled: the clock's resolution is 0.1 ms in pages. */
const SAMPLE_MS = 1;

export class SlicePacer {
  readonly maxChars: number;
  readonly minChars: number;
  readonly sliceMs: number;
  private readonly firstChars: number;
  private readonly runMs: number;
  private readonly gapMs: number;
  /** Characters per ms, all of a window's work included; 0 until measured. */
  private rate = 0;
  private cold = true;
  private poolChars = 0;
  private poolMs = 0;
  private runStart = -1;
  private lastEnd = -Infinity;

  constructor(o: SlicePacerOptions = {}) {
    this.maxChars = o.maxChars ?? 32_768;
    this.minChars = Math.min(this.maxChars, o.minChars ?? 2048);
    this.firstChars = Math.min(this.maxChars, o.firstChars ?? 2048);
    this.sliceMs = o.sliceMs ?? 8;
    this.runMs = o.runMs ?? 14;
    this.gapMs = o.gapMs ?? 1;
  }

  /** Characters per ms measured so far (0: nothing measured yet). */
  get charsPerMs(): number {
    return this.rate;
  }

  /**
   * The next window for `leftMs` of the slice, or 0 when even the smallest window would overrun it by
   * more than half (the slice should end now rather than start a window it cannot finish).
   */
  windowChars(leftMs: number): number {
    if (!this.rate) return this.firstChars;
    const fits = Math.floor(this.rate * leftMs);
    if (fits < this.minChars / 2) return 0;
    return Math.max(this.minChars, Math.min(this.maxChars, fits));
  }

  /**
   * Records a window's cost. A slower sample is believed at once (a dense stretch of text must not
   * overrun the next slice); a faster one moves the estimate a quarter of the way. The first window's
   * is left out: it runs the matcher cold, before the JIT has compiled it, and says little of the text
   * (on the 2 MB paragraph 2 K characters took 2.4–8.6 ms, the next 10 K under 1 ms); believed, it left
   * the frame's slice too little rate to finish the screen, which then waited for another frame.
   * So is a window the caller knows ran code for the first time (`cold`): the scanner's first window
   * that found a name runs the mention path cold (2–15 ms for the 92 and 806 characters of such a
   * window on the 1 MB article and the dense 100 KB page, where the warm windows after it took 0.0–0.3
   * ms each), and believed, its rate ended the frame's slice with most of the screen unmarked and 1–6
   * ms of its budget left.
   */
  measured(chars: number, ms: number, cold = false): void {
    if (this.cold || cold) {
      this.cold = false;
      return;
    }
    this.poolChars += chars;
    this.poolMs += ms;
    if (this.poolMs < SAMPLE_MS) return;
    const sample = this.poolChars / this.poolMs;
    this.poolChars = 0;
    this.poolMs = 0;
    this.rate = !this.rate || sample < this.rate ? sample : this.rate + (sample - this.rate) / 4;
  }

  /** Whether a slice starting at `now` must first rest, so that the run it continues stays within budget. */
  mustRest(now: number): boolean {
    if (now - this.lastEnd >= this.gapMs) this.runStart = now;
    return now - this.runStart + this.sliceMs > this.runMs;
  }

  /**
   * Work of ours ended at `now`: a slice, or the highlight window's check in the frame between two
   * slices, which a CPU profile reads as one run with the slices on either side of it.
   */
  ranUntil(now: number): void {
    this.lastEnd = now;
  }

  /** After a rest the next slice starts a run of its own. */
  rested(now: number): void {
    this.runStart = now;
    this.lastEnd = -Infinity;
  }
}
