import type { ImportProblem, JobResult } from '../../../shared/jobs';
import { removeSource } from '../cache/source-store';
import { bringUpToDate, type Db } from '../cache/open-cache';
import { importPath } from '../import/import-path';
import { importDemo } from '../demo/import-demo';
import type { ImportProgress } from '../import/import-records';
import { runSyncJob } from '../sync/sync-job';
import { runExport } from '../export/run-export';
import type { JobSpec } from './job-messages';
import { copyCache } from '../cache/cache-copy';
import { recordCacheMove } from '../desktop/cache-location';
import { thumbnailJob } from '../thumbs/thumbnail-job';

/** Runs one job against a connection of its own; the same code serves workers and the CLI. */
export function runJob(
  db: Db,
  spec: JobSpec,
  hooks: {
    isCancelled: () => boolean;
    onProgress: (p: ImportProgress) => void;
    onProblem: (p: ImportProblem) => void;
  },
): Promise<JobResult> {
  switch (spec.kind) {
    case 'import':
      return importPath(db, spec.path, { ...hooks, skipBad: spec.skipBad });
    case 'demo':
      return importDemo(db, spec.count, spec.seed, hooks);
    case 'remove-source':
      return Promise.resolve(removeSource(db, spec.sourceId, hooks.isCancelled));
    case 'sync':
      return runSyncJob(db, spec, hooks);
    case 'export':
      return runExport(db, spec.job, hooks);
    case 'cache-move':
      return moveCache(db, spec, hooks);
    case 'thumbnails':
      return thumbnailJob(db, spec, hooks);
    case 'upgrade':
      return Promise.resolve(upgradeCache(db, hooks.onProgress));
  }
}

async function moveCache(db: Db, spec: Extract<JobSpec, { kind: 'cache-move' }>, hooks: Parameters<typeof copyCache>[2]): Promise<JobResult> {
  const records = await copyCache(db, spec.dest, hooks);
  recordCacheMove(spec.userData, spec.dest, spec.from);
  return { records, inserted: 0, updated: 0, unchanged: records, source_id: null };
}

/** An older cache brought to the current schema; `records` counts the steps (migrations and indexes). */
function upgradeCache(db: Db, onProgress: (p: ImportProgress) => void): JobResult {
  let steps = 0;
  bringUpToDate(db, db.name, (done, total) => {
    steps = total;
    onProgress({ records: done, fraction: done / total });
  });
  return { records: steps, inserted: 0, updated: 0, unchanged: 0, source_id: null };
}
