/**
 * A counting semaphore: at most `max` holders at once, the rest wait in arrival order. One
 * limiter is shared by every request of a sync, so several projects or parallel pages together
 * never exceed the cap (supervisely-api.md §6: keep ≤ 5 parallel requests).
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The highest number of holders seen at once (tests assert the cap). */
  peak = 0;

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error('a limiter needs max ≥ 1');
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((ok) => this.waiting.push(ok));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never dips below a queue.
      if (next) next();
      else this.active--;
    }
  }
}
