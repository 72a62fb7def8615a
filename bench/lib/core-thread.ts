import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/channels';
import { LoupeError, type Envelope } from '../../shared/errors';
import type { Handlers } from '../../electron/core/ipc/dispatch';

export type CoreThreadRequest =
  | { type: 'create' }
  | { type: 'call'; id: number; channel: ChannelName; input: unknown }
  | { type: 'stop' };

export type LoopFigures = { loop_max_ms: number; loop_p99_ms: number; stalled_s: number; stalls_over_100ms: number };

export type CoreThreadReply =
  | { type: 'loaded' }
  | { type: 'created' }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'answer'; id: number; envelope: Envelope<unknown> }
  | { type: 'stopped'; figures: LoopFigures };

/** Lateness of a 10 ms timer on a loop: the stalls a user feels as a frozen app. */
export function stallMeter() {
  let last = performance.now();
  let stalled = 0;
  let over100 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - 10;
    last = now;
    if (late > 16) stalled += late;
    if (late > 100) over100++;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return { stalled_s: stalled / 1000, over100 };
    },
  };
}

/**
 * The benchmark's side of a core running on its own thread (core-thread-worker.ts): handlers
 * that forward each call as a message and unwrap the envelope, and the thread's own loop figures
 * at the end.
 */
export class CoreThread {
  private readonly worker: Worker;
  private seq = 0;
  private pending = new Map<number, (e: Envelope<unknown>) => void>();
  private waiters = new Map<string, (m: CoreThreadReply) => void>();
  onEvent: (event: string, payload: unknown) => void = () => {};

  constructor(cachePath: string) {
    this.worker = new Worker(join(__dirname, 'core-thread-worker.ts'), { workerData: { cachePath }, execArgv: ['--import', 'tsx'] });
    this.worker.on('message', (m: CoreThreadReply) => {
      if (m.type === 'event') this.onEvent(m.event, m.payload);
      else if (m.type === 'answer') {
        this.pending.get(m.id)?.(m.envelope);
        this.pending.delete(m.id);
      } else this.waiters.get(m.type)?.(m);
    });
  }

  /** Resolves with the thread's next message of `type`. */
  private next(type: CoreThreadReply['type']): Promise<CoreThreadReply> {
    return new Promise((ok) => this.waiters.set(type, ok));
  }

  /** The thread has loaded its modules (so a cold start times the core, not the TypeScript loader). */
  loaded(): Promise<unknown> {
    return this.next('loaded');
  }

  create(): Promise<unknown> {
    const created = this.next('created');
    this.worker.postMessage({ type: 'create' } satisfies CoreThreadRequest);
    return created;
  }

  /** Handlers as bindCore wants them: each call crosses to the core's thread and back. */
  handlers(): Handlers {
    const out: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const channel of CHANNEL_NAMES) {
      out[channel] = (input) =>
        new Promise((ok, fail) => {
          const id = ++this.seq;
          this.pending.set(id, (e) => (e.ok ? ok(e.data) : fail(new LoupeError(e.error.code, e.error.message, e.error.details))));
          this.worker.postMessage({ type: 'call', id, channel, input } satisfies CoreThreadRequest);
        });
    }
    return out as unknown as Handlers;
  }

  async stop(): Promise<LoopFigures> {
    const stopped = this.next('stopped');
    this.worker.postMessage({ type: 'stop' } satisfies CoreThreadRequest);
    const m = (await stopped) as Extract<CoreThreadReply, { type: 'stopped' }>;
    await this.worker.terminate();
    return m.figures;
  }
}
