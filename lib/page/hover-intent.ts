/**
 * When to show and hide a card, the way Wikipedia's Page Previews feels: work starts once the pointer
 * has rested briefly (prefetch), the card appears after a fixed delay so it always feels the same, and
 * leaving starts a grace period in which the pointer may travel into the card. A pinned card stays.
 * Timers are injected so tests can drive time.
 */
export interface HoverDelays {
  prefetch: number;
  show: number;
  hide: number;
}

export const PAGE_PREVIEWS_DELAYS: HoverDelays = { prefetch: 150, show: 500, hide: 300 };

export interface HoverCallbacks<T> {
  prefetch(target: T): void;
  show(target: T): void;
  hide(): void;
}

interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (id: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

export class HoverIntent<T> {
  private candidate: T | null = null;
  private shown: T | null = null;
  private inCard = false;
  private pinned = false;
  private showTimer: unknown;
  private prefetchTimer: unknown;
  private hideTimer: unknown;

  constructor(
    private readonly cb: HoverCallbacks<T>,
    private readonly delays: HoverDelays = PAGE_PREVIEWS_DELAYS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The target the pointer rests on while its show delay runs. */
  get pending(): T | null {
    return this.candidate;
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  /** The pointer is over `target` (a mention), or over nothing of ours (null). */
  over(target: T | null): void {
    if (target !== null && target === this.shown) {
      this.cancelPending();
      this.cancelHide();
      return;
    }
    if (target !== null && target === this.candidate) return;
    this.cancelPending();
    this.candidate = target;
    if (target !== null) {
      this.prefetchTimer = this.timers.set(() => this.cb.prefetch(target), this.delays.prefetch);
      this.showTimer = this.timers.set(() => this.showNow(target), this.delays.show);
    }
    if (this.shown !== null && !this.pinned && !this.inCard) this.scheduleHide();
  }

  /** Shows at once (keyboard shortcut, focus). */
  showNow(target: T): void {
    this.cancelPending();
    this.cancelHide();
    this.candidate = null;
    if (this.pinned && this.shown !== null && target !== this.shown) return;
    this.shown = target;
    this.cb.show(target);
  }

  enterCard(): void {
    this.inCard = true;
    this.cancelHide();
  }

  leaveCard(): void {
    this.inCard = false;
    if (this.shown !== null && !this.pinned) this.scheduleHide();
  }

  setPinned(pinned: boolean): void {
    this.pinned = pinned;
    if (pinned) this.cancelHide();
  }

  /** Closes now, pinned or not (Escape, the close button). */
  close(): void {
    this.cancelPending();
    this.cancelHide();
    this.pinned = false;
    this.inCard = false;
    this.candidate = null;
    if (this.shown !== null) {
      this.shown = null;
      this.cb.hide();
    }
  }

  private scheduleHide(): void {
    if (this.hideTimer !== undefined) return;
    this.hideTimer = this.timers.set(() => {
      this.hideTimer = undefined;
      if (this.pinned || this.inCard) return;
      this.shown = null;
      this.cb.hide();
    }, this.delays.hide);
  }

  private cancelHide(): void {
    if (this.hideTimer !== undefined) this.timers.clear(this.hideTimer);
    this.hideTimer = undefined;
  }

  private cancelPending(): void {
    if (this.showTimer !== undefined) this.timers.clear(this.showTimer);
    if (this.prefetchTimer !== undefined) this.timers.clear(this.prefetchTimer);
    this.showTimer = this.prefetchTimer = undefined;
    this.candidate = null;
  }
}
