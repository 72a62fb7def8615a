import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { importRecords, type ImportOptions } from '../import/import-records';
import { demoSidecar } from './demo-project';
import { generateDemo } from './generate-demo';

/** Loads generated demo records straight into the cache as the "demo" source. */
export function importDemo(
  db: Db,
  count: number,
  seed: number,
  hooks: Pick<ImportOptions, 'isCancelled' | 'onProgress'> = {},
): Promise<JobResult> {
  function* records() {
    let line = 0;
    for (const value of generateDemo(count, seed)) yield { line: ++line, value };
  }
  return importRecords(
    db,
    { kind: 'demo', uri: `demo:seed=${seed}`, label: 'Demo data' },
    records(),
    demoSidecar(),
    {
      label: 'demo data',
      estimatedRecords: count,
      fraction: (n) => n / count,
      ...hooks,
    },
  );
}
