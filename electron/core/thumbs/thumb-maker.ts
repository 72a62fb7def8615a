import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
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
  make(input: string | Uint8Array, size: number): Promise<Uint8Array>;
};

type Pending = { resolve: (b: Uint8Array) => void; reject: (e: Error) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; up: Promise<void> };

/**
 * A small pool of thumbnail threads. Requests go to the thread with the fewest waiting, so a
 * slow file does not hold up the others; a thread that dies fails its requests and is replaced.
 */
export class ThumbMaker implements Maker {
  private threads: (Thread | null)[];
  private seq = 0;
  private closed = false;

  constructor(
    private readonly script: WorkerScript = NODE_THUMB_WORKER,
    size = Math.min(2, Math.max(1, availableParallelism())),
  ) {
    this.threads = Array.from({ length: size }, () => null);
  }

  /** How many requests keep every thread busy without queueing much behind them. */
  get parallelism(): number {
    return this.threads.length * 2;
  }

  make(input: string | Uint8Array, size: number): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the thumbnail threads are closed'));
    const index = this.threads.reduce<number>((best, t, i) => ((t?.pending.size ?? 0) < (this.threads[best]?.pending.size ?? 0) ? i : best), 0);
    const thread = this.thread(index);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, input, size } satisfies ThumbRequest);
    });
  }

  /** Starts every thread and waits until each has loaded the decoder (a first screen waits less). */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((_, i) => this.thread(i).up));
  }

  async close(): Promise<void> {
    this.closed = true;
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
    });
    const fail = (err: Error) => {
      started();
      if (this.threads[i] === thread) this.threads[i] = null;
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a thumbnail thread stopped (exit code ${code})`)));
    // Referenced only while it has work: an idle pool must not keep a CLI run alive.
    this.threads[i] = thread;
    return thread;
  }
}
