import { Worker } from 'node:worker_threads';
import { LoupeError, type AppError } from '../../../shared/errors';
import { jobResultSchema, type ImportProblem, type Job, type JobResult } from '../../../shared/jobs';
import type { JobSpec, WorkerMessage } from './job-messages';

/** Where the worker entry lives: the built .js in Electron, the .ts source (via tsx) in Node. */
export type WorkerScript = { path: string; execArgv?: string[] };

type Running = { job: Job; cancel: Int32Array; worker: Worker | null };

/**
 * Jobs that hold the cache's write lock for long (one import is one transaction; a sync
 * commits page after page). Two at once would make the second wait on SQLite's busy timeout
 * and fail when the first holds the lock longer, so they run one after the other.
 */
const WRITERS: ReadonlySet<JobSpec['kind']> = new Set(['import', 'demo', 'remove-source', 'sync']);

/** Skipped records kept per job for the saved report; past this, only counted. */
const MAX_KEPT_PROBLEMS = 100_000;

export type JobListener = (job: Job) => void;

/** At most this many progress events a second per job reach the UI. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Starts jobs in worker threads (each with its own cache connection, so the main thread never
 * blocks on a long write), tracks their progress, rate and ETA, and cancels them on request.
 */
export class JobManager {
  private jobs = new Map<string, Running | { job: Job }>();
  private problems = new Map<string, ImportProblem[]>();
  private seq = 0;
  /** The writing job running now, and the ones waiting for it (started in order). */
  private writer: string | null = null;
  private waiting: { id: string; launch: () => void }[] = [];

  constructor(
    private readonly cachePath: string,
    private readonly script: WorkerScript,
    private readonly onUpdate: JobListener,
    private readonly onFinished: (job: Job) => void,
  ) {}

  list(): Job[] {
    return [...this.jobs.values()].map((r) => r.job);
  }

  start(spec: JobSpec, title: string): Job {
    const id = `job-${++this.seq}`;
    const startedAt = Date.now();
    const job: Job = {
      id,
      kind: spec.kind,
      title,
      state: 'running',
      done: 0,
      // A demo load knows its size before the first record: the bar counts from the start.
      total: spec.kind === 'demo' ? spec.count : null,
      rate_per_s: 0,
      eta_s: null,
      started_at: new Date(startedAt).toISOString(),
      finished_at: null,
      error: null,
      result: null,
    };
    const cancelBuf = new SharedArrayBuffer(4);
    const running: Running = { job, cancel: new Int32Array(cancelBuf), worker: null };
    this.jobs.set(id, running);
    const writes = WRITERS.has(spec.kind);
    let lastEmit = 0;
    const finish = (patch: Partial<Job>) => {
      if (running.job.state !== 'running') return;
      running.job = { ...running.job, ...patch, finished_at: new Date().toISOString(), eta_s: 0 };
      this.jobs.set(id, { job: running.job });
      this.onUpdate(running.job);
      this.onFinished(running.job);
      if (writes) this.nextWriter(id);
    };
    const launch = () => {
      if (running.job.state !== 'running') return;
      if (writes) this.writer = id;
      running.worker = this.spawn(spec, cancelBuf, finish, (m) => {
        const secs = (Date.now() - startedAt) / 1000;
        const rate = secs > 0 ? m.records / secs : 0;
        const total = m.fraction && m.fraction > 0 ? Math.round(m.records / m.fraction) : null;
        const eta = m.fraction && m.fraction > 0 ? (secs * (1 - m.fraction)) / m.fraction : null;
        running.job = { ...running.job, done: m.records, total, rate_per_s: rate, eta_s: eta };
        // The last count before indexing always shows, so the bar does not stop short of it.
        if (Date.now() - lastEmit >= PROGRESS_INTERVAL_MS || m.fraction === 1) {
          lastEmit = Date.now();
          this.onUpdate(running.job);
        }
      }, id);
    };
    if (writes && this.writer !== null) this.waiting.push({ id, launch });
    else launch();
    this.onUpdate(job);
    return job;
  }

  /** The writing job `done` ended: the next waiting one starts. */
  private nextWriter(done: string): void {
    this.waiting = this.waiting.filter((w) => w.id !== done);
    if (this.writer !== done) return;
    this.writer = null;
    this.waiting.shift()?.launch();
  }

  private spawn(
    spec: JobSpec,
    cancelBuf: SharedArrayBuffer,
    finish: (patch: Partial<Job>) => void,
    progress: (m: Extract<WorkerMessage, { type: 'progress' }>) => void,
    id: string,
  ): Worker {
    const worker = new Worker(this.script.path, {
      workerData: { spec, cachePath: this.cachePath, cancel: cancelBuf },
      execArgv: this.script.execArgv ?? [],
    });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'problem') {
        const list = this.problems.get(id) ?? [];
        if (list.length < MAX_KEPT_PROBLEMS) list.push(m.problem);
        this.problems.set(id, list);
      } else if (m.type === 'progress') {
        progress(m);
      } else if (m.type === 'done') {
        finish(doneFields(m.result));
      } else {
        finish(failedFields(m.error));
      }
    });
    worker.on('error', (err) => finish(failedFields({ code: 'INTERNAL', message: err.message })));
    worker.on('exit', (code) => {
      if (code !== 0) {
        finish(failedFields({ code: 'INTERNAL', message: `The job stopped unexpectedly (exit ${code}).` }));
      }
    });
    return worker;
  }

  /** Every record a job skipped (up to MAX_KEPT_PROBLEMS), for the report the user saves. */
  problemsOf(id: string): { problems: ImportProblem[]; skipped: number } {
    const r = this.jobs.get(id);
    if (!r) throw new LoupeError('NOT_FOUND', `There is no job ${id}.`);
    return { problems: this.problems.get(id) ?? [], skipped: r.job.result?.skipped ?? 0 };
  }

  cancel(id: string): boolean {
    const r = this.jobs.get(id);
    if (!r) throw new LoupeError('NOT_FOUND', `There is no job ${id}.`);
    if (!('cancel' in r) || r.job.state !== 'running') return false;
    Atomics.store(r.cancel, 0, 1);
    if (r.worker === null) {
      // Still waiting for the write lock: it never starts.
      r.job = { ...r.job, state: 'cancelled', finished_at: new Date().toISOString(), eta_s: 0, error: { code: 'CANCELLED', message: 'The job was cancelled before it started.' } };
      this.jobs.set(id, { job: r.job });
      this.waiting = this.waiting.filter((w) => w.id !== id);
      this.onUpdate(r.job);
      this.onFinished(r.job);
    }
    return true;
  }

  /** Waits until a job is no longer running (for the CLI and tests). */
  async settle(id: string): Promise<Job> {
    for (;;) {
      const r = this.jobs.get(id);
      if (!r) throw new LoupeError('NOT_FOUND', `There is no job ${id}.`);
      if (r.job.state !== 'running') return r.job;
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.jobs.values()].map((r) => ('worker' in r ? r.worker?.terminate() : undefined)),
    );
  }
}

function doneFields(result: JobResult): Partial<Job> {
  return { state: 'done', result: jobResultSchema.parse(result), done: result.records, total: result.records };
}

function failedFields(error: AppError): Partial<Job> {
  return { state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error };
}
