import type { AppError } from '../../../shared/errors';
import type { ImportProblem, JobResult } from '../../../shared/jobs';
import type { SyncJobSpec } from '../sync/sync-job';
import type { ExportJob } from '../export/run-export';
import type { ThumbnailJobSpec } from '../thumbs/thumbnail-job';

/** What a job asks a worker to do. */
export type JobSpec =
  | { kind: 'import'; path: string; skipBad: boolean }
  | { kind: 'demo'; count: number; seed: number }
  | { kind: 'remove-source'; sourceId: number }
  | SyncJobSpec
  | { kind: 'export'; job: ExportJob }
  | { kind: 'cache-move'; dest: string; from: string; userData: string }
  | ThumbnailJobSpec
  | { kind: 'upgrade' };

export type WorkerInput = { spec: JobSpec; cachePath: string; cancel: SharedArrayBuffer };

/** Messages a worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; records: number; fraction: number | null }
  | { type: 'problem'; problem: ImportProblem }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: AppError };
