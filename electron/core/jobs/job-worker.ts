import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../../shared/errors';
import { BULK_WRITER, openCache } from '../cache/open-cache';
import type { WorkerInput, WorkerMessage } from './job-messages';
import { runJob } from './run-job';

/** Worker-thread entry: one job, one connection, messages to the parent, then exit. */
async function main(): Promise<void> {
  const { spec, cachePath, cancel } = workerData as WorkerInput;
  const flag = new Int32Array(cancel);
  const post = (m: WorkerMessage) => parentPort?.postMessage(m);
  let db;
  try {
    // The upgrade job migrates itself, step by step; every other job finds the cache current.
    db = openCache(cachePath, spec.kind === 'upgrade' ? { ...BULK_WRITER, migrated: true } : BULK_WRITER);
    const result = await runJob(db, spec, {
      isCancelled: () => Atomics.load(flag, 0) === 1,
      onProgress: (p) => post({ type: 'progress', records: p.records, fraction: p.fraction }),
      onProblem: (problem) => post({ type: 'problem', problem }),
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'failed', error: toAppError(err) });
  } finally {
    db?.close();
  }
}

void main();
