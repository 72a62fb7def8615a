import type { AppError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';

/** What a job asks a worker to do. */
export type JobSpec =
  | { kind: 'import'; file: string }
  | { kind: 'demo'; count: number; seed: number };

export type WorkerInput = { spec: JobSpec; cachePath: string; cancel: SharedArrayBuffer };

/** Messages a worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; records: number; fraction: number | null }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: AppError };
