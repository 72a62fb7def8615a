import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import type { ImportProgress } from '../import/import-records';
import { runSync } from './sync-engine';
import type { SyncTuning } from './sync-types';

/**
 * A sync as a job. The token travels to the worker inside its workerData (memory of this
 * process only) and goes no further than the client: the job's title, progress, result and
 * errors never carry it.
 */
export type SyncJobSpec = {
  kind: 'sync';
  sourceId: number;
  projectIds: number[];
  full: boolean;
  token: string;
  tuning?: Partial<SyncTuning>;
};

export async function runSyncJob(
  db: Db,
  spec: SyncJobSpec,
  hooks: { isCancelled: () => boolean; onProgress: (p: ImportProgress) => void },
): Promise<JobResult> {
  const out = await runSync(
    db,
    { sourceId: spec.sourceId, projectIds: spec.projectIds, full: spec.full },
    spec.token,
    { ...hooks, log: (line) => console.warn(`[sync] ${line}`) },
    spec.tuning,
  );
  return {
    records: out.records,
    inserted: out.added,
    updated: out.updated,
    unchanged: out.unchanged,
    deleted: out.deleted,
    source_id: spec.sourceId,
    skipped: 0,
    problems: [],
    warnings: out.failed.map((f) => f.message),
  };
}
