import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LoupeError, type AppError } from '../../../shared/errors';
import type { WorkerScript } from '../jobs/job-manager';
import {
  CANCEL_SLOTS,
  type FacetsNotice,
  type ReadChannel,
  type ReaderInput,
  type ReaderReply,
  type ReaderRequest,
  type ReadInput,
  type ReadOutput,
} from './read-messages';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Reader = { worker: Worker; pending: Map<number, Pending>; up: Promise<void> };

/**
 * Which reader serves a channel. Views live in the temporary tables of one connection, so
 * every view call goes to reader 0; facets, the catalogue, checks and histograms go to the
 * other reader (when the machine has one to spare), so Enter's view and its facets are worked out side by side.
 */
function readerFor(channel: ReadChannel, size: number): number {
  const side: readonly ReadChannel[] = ['facets:get', 'search:catalogue', 'checks:summary', 'stats:histograms'];
  return side.includes(channel) ? 1 % size : 0;
}

/** Readers for this machine: two where there are two cores to run them, else one. */
export function defaultReaderCount(): number {
  return Math.min(2, Math.max(1, availableParallelism()));
}

/**
 * Main's side of the reader threads: it only routes. Each call is posted to its reader and
 * answered when the reader answers. A call made in a lane (the table's view, the facet panel,
 * the detail panel) supersedes the lane's previous call: that one is rejected CANCELLED at
 * once, its late answer is dropped, and the reader skips it if it has not started it or stops
 * its background counting at the next step.
 *
 * The threads start when the pool is made (or its cache is upgraded), not at the first call,
 * so the first rows after start-up do not wait for a thread and its connection to boot;
 * starting them does not block main (a Worker boots on its own thread).
 */
export class ReadPool {
  private readers: (Reader | null)[];
  private seq = 0;
  private lanes = new Map<string, number>();
  private cancelled = new Int32Array(new SharedArrayBuffer(CANCEL_SLOTS * 4));
  private closed = false;
  private started: Promise<void> = Promise.resolve();

  constructor(
    private readonly cachePath: string,
    private readonly script: WorkerScript,
    /** Background facet counting's progress and end, passed on to the windows. */
    private readonly onFacets: (notice: FacetsNotice) => void,
    size = defaultReaderCount(),
    /** The threads start when this settles (after a cache upgrade); nothing calls before. */
    startAfter?: Promise<unknown>,
  ) {
    this.readers = Array.from({ length: size }, () => null);
    const start = () => {
      if (this.closed) return;
      for (let i = 0; i < size; i++) this.reader(i);
    };
    if (startAfter) this.started = startAfter.then(start, () => undefined);
    else start();
  }

  /**
   * The thread ids of the running readers, once each has its connection open; rejects if one
   * fails to start. It only watches: the threads were started by the constructor, not by asking.
   */
  async ready(): Promise<number[]> {
    await this.started;
    const running = this.readers.filter((r): r is Reader => r !== null);
    await Promise.all(running.map((r) => r.up));
    return running.map((r) => r.worker.threadId);
  }

  call<C extends ReadChannel>(channel: C, input: ReadInput<C>, lane?: string): Promise<ReadOutput<C>> {
    if (this.closed) return Promise.reject(new LoupeError('INTERNAL', 'The cache is closing.'));
    const id = ++this.seq;
    if (lane !== undefined) {
      const previous = this.lanes.get(lane);
      if (previous !== undefined) this.cancel(previous);
      this.lanes.set(lane, id);
    }
    const reader = this.reader(readerFor(channel, this.readers.length));
    return new Promise<ReadOutput<C>>((resolve, reject) => {
      reader.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      reader.worker.postMessage({ type: 'call', id, channel, input } satisfies ReaderRequest);
    });
  }

  /** The cache changed: every reader drops its views and counted facets. */
  invalidate(): void {
    for (const r of this.readers) r?.worker.postMessage({ type: 'invalidate' } satisfies ReaderRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.readers.map((r) => r?.worker.terminate()));
  }

  private cancel(id: number): void {
    Atomics.store(this.cancelled, id % CANCEL_SLOTS, id);
    for (const r of this.readers) {
      const p = r?.pending.get(id);
      if (!p) continue;
      r?.pending.delete(id);
      p.reject(new LoupeError('CANCELLED', 'A newer request took the place of this one.'));
    }
  }

  private reader(index: number): Reader {
    const existing = this.readers[index];
    if (existing) return existing;
    const worker = new Worker(this.script.path, {
      workerData: { cachePath: this.cachePath, cancelled: this.cancelled.buffer as SharedArrayBuffer } satisfies ReaderInput,
      execArgv: this.script.execArgv ?? [],
    });
    let up = () => {};
    let down = (_err: unknown) => {};
    const reader: Reader = {
      worker,
      pending: new Map(),
      up: new Promise<void>((ok, fail) => ((up = ok), (down = fail))),
    };
    // Nobody need ask whether the readers are up: a reader that never starts fails its calls.
    reader.up.catch(() => undefined);
    worker.on('message', (m: ReaderReply) => {
      if (m.type === 'up') {
        up();
        return;
      }
      if (m.type === 'facets:ready' || m.type === 'facets:progress') {
        this.onFacets(m);
        return;
      }
      // A superseded call was answered already (CANCELLED): its late answer goes nowhere.
      const p = reader.pending.get(m.id);
      if (!p) return;
      reader.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(fromAppError(m.error));
    });
    // A reader that dies fails what it held; the next call starts a fresh one.
    const fail = (err: unknown) => {
      if (this.readers[index] === reader) this.readers[index] = null;
      const error = new LoupeError('INTERNAL', `A cache reader stopped: ${(err as Error)?.message ?? String(err)}`);
      down(error);
      for (const p of reader.pending.values()) p.reject(error);
      reader.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.readers[index] = reader;
    return reader;
  }
}

function fromAppError(e: AppError): LoupeError {
  return new LoupeError(e.code, e.message, e.details);
}
