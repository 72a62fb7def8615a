import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LoupeError } from '../../../shared/errors';
import type { WorkerScript } from '../jobs/job-manager';
import type { ThumbReply, ThumbRequest } from './thumb-messages';

/** The thumbnail thread as plain Node (CLI, tests, benchmarks) runs it: the source through tsx. */
export const NODE_THUMB_WORKER: WorkerScript = {
  path: resolve(__dirname, 'thumb-worker.ts'),
  execArgv: ['--import', 'tsx'],
};

/** A decode that fails: the message is libvips' reason ("VipsJpeg: premature end of…"). */
export class ThumbFailure extends Error {}

/** What makes thumbnails for a run: the thread pool, or a job's own thread. */
export type Maker = {
  /** How many requests to keep in flight. */
  readonly parallelism: number;
  /** `signal` drops a request whose decode has not started yet (see ThumbMaker). */
  make(input: string | Uint8Array, size: number, signal?: AbortSignal): Promise<Uint8Array>;
};

type Pending = { resolve: (b: Uint8Array) => void; reject: (e: Error) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; up: Promise<void> };
type Queued = Pending & { input: string | Uint8Array; size: number; signal: AbortSignal | undefined; drop: () => void };

/** Requests handed to one thread at a time: enough to keep libvips busy, few enough to drop. */
const PER_THREAD = 2;

const dropped = () => new LoupeError('CANCELLED', 'The thumbnail was no longer wanted before its decode started.');

/**
 * A small pool of thumbnail threads. Each thread holds at most PER_THREAD requests; the rest
 * wait here, in order, for the thread with the fewest, so a slow file does not hold up the
 * others. A waiting request whose signal fires is dropped without being decoded. A decode that
 * has started runs to its end: sharp offers no way to interrupt libvips inside an operation,
 * and ending the thread would kill the other decode it holds and cost a restart of libvips;
 * its thumbnail is still stored (the next look at that tile is a hit), only no longer sent.
 * A thread that dies fails its requests and is replaced.
 */
export class ThumbMaker implements Maker {
  private threads: (Thread | null)[];
  private seq = 0;
  private closed = false;
  private readonly queue: Queued[] = [];
  /** Requests dropped before their decode started (tests and the note's figures read it). */
  droppedCount = 0;

  constructor(
    private readonly script: WorkerScript = NODE_THUMB_WORKER,
    size = Math.min(2, Math.max(1, availableParallelism())),
  ) {
    this.threads = Array.from({ length: size }, () => null);
  }

  /** How many requests keep every thread busy without queueing much behind them. */
  get parallelism(): number {
    return this.threads.length * PER_THREAD;
  }

  make(input: string | Uint8Array, size: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the thumbnail threads are closed'));
    if (signal?.aborted) {
      this.droppedCount++;
      return Promise.reject(dropped());
    }
    return new Promise((resolve, reject) => {
      const q: Queued = {
        input,
        size,
        signal,
        resolve,
        reject,
        drop: () => {
          const i = this.queue.indexOf(q);
          if (i < 0) return;
          this.queue.splice(i, 1);
          this.droppedCount++;
          reject(dropped());
        },
      };
      signal?.addEventListener('abort', q.drop, { once: true });
      this.queue.push(q);
      this.pump();
    });
  }

  /** Hands waiting requests to threads with room, fewest held first. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let index = -1;
      for (let i = 0; i < this.threads.length; i++) {
        const held = this.threads[i]?.pending.size ?? 0;
        if (held < PER_THREAD && (index < 0 || held < (this.threads[index]?.pending.size ?? 0))) index = i;
      }
      if (index < 0) return;
      const q = this.queue.shift() as Queued;
      q.signal?.removeEventListener('abort', q.drop);
      const thread = this.thread(index);
      const id = ++this.seq;
      thread.pending.set(id, { resolve: q.resolve, reject: q.reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, input: q.input, size: q.size } satisfies ThumbRequest);
    }
  }

  /** Starts every thread and waits until each has loaded the decoder (a first screen waits less). */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((_, i) => this.thread(i).up));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('the thumbnail threads are closed'));
    await Promise.all(this.threads.map((t) => t?.worker.terminate()));
    this.threads = this.threads.map(() => null);
  }

  private thread(i: number): Thread {
    const existing = this.threads[i];
    if (existing) return existing;
    const worker = new Worker(this.script.path, { execArgv: this.script.execArgv ?? [] });
    let started = () => {};
    const thread: Thread = { worker, pending: new Map(), up: new Promise<void>((resolve) => (started = resolve)) };
    worker.on('message', (m: ThumbReply) => {
      if ('ready' in m) {
        started();
        if (thread.pending.size === 0) worker.unref();
        return;
      }
      const p = thread.pending.get(m.id);
      if (!p) return;
      thread.pending.delete(m.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if ('bytes' in m) p.resolve(m.bytes);
      else p.reject(new ThumbFailure(m.error));
      this.pump();
    });
    const fail = (err: Error) => {
      started();
      if (this.threads[i] === thread) this.threads[i] = null;
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a thumbnail thread stopped (exit code ${code})`)));
    // Referenced only while it has work: an idle pool must not keep a CLI run alive.
    this.threads[i] = thread;
    return thread;
  }
}
