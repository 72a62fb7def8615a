import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { importFile } from '../import/import-file';
import { importDemo } from '../demo/import-demo';
import type { ImportProgress } from '../import/import-records';
import type { JobSpec } from './job-messages';

/** Runs one job against a connection of its own; the same code serves workers and the CLI. */
export function runJob(
  db: Db,
  spec: JobSpec,
  hooks: { isCancelled: () => boolean; onProgress: (p: ImportProgress) => void },
): Promise<JobResult> {
  switch (spec.kind) {
    case 'import':
      return importFile(db, spec.file, hooks);
    case 'demo':
      return importDemo(db, spec.count, spec.seed, hooks);
  }
}
