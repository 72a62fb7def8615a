import { LoupeError } from '../../../shared/errors';

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

  /**
   * Runs `fn` when a slot is free. A caller whose `signal` fires while it waits leaves the queue
   * at once (a thumbnail scrolled away must not hold a place behind the visible ones).
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelled();
    if (this.active >= this.max) await this.wait(signal);
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

  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((ok, fail) => {
      const go = () => {
        signal?.removeEventListener('abort', leave);
        ok();
      };
      const leave = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        fail(cancelled());
      };
      this.waiting.push(go);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}

const cancelled = () => new LoupeError('CANCELLED', 'The request was cancelled before it was sent.');
