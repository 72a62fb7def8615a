import { join, resolve } from 'node:path';
import type { EventName } from '../shared/contract';
import { createCore, type Core } from '../electron/core/app-core';
import type { WorkerScript } from '../electron/core/jobs/job-manager';
import { memorySecretStore, type SecretStore } from '../electron/core/sync/secret-store';
import type { SyncTuning } from '../electron/core/sync/sync-types';

/** The worker entry as plain Node runs it: the TypeScript source through tsx. */
export const NODE_WORKER: WorkerScript = {
  path: resolve(__dirname, '../electron/core/jobs/job-worker.ts'),
  execArgv: ['--import', 'tsx'],
};

/** The reader-thread entry as plain Node runs it. */
export const NODE_READER: WorkerScript = {
  path: resolve(__dirname, '../electron/core/reads/read-worker.ts'),
  execArgv: ['--import', 'tsx'],
};

/**
 * A core on a fresh cache in `dir`, recording the events it emits. The dialog port answers with
 * what `pick` returns (the same answer for files, folders and save paths). Tokens go to an
 * in-memory secret store unless the test passes its own.
 */
export function testCore(
  dir: string,
  pick: () => string | null = () => null,
  opts: { secrets?: SecretStore; syncTuning?: Partial<SyncTuning> } = {},
) {
  const events: { event: EventName; payload: unknown }[] = [];
  const core: Core = createCore({
    cachePath: join(dir, 'cache.sqlite'),
    version: '0.0.0-test',
    platform: {
      pickImportFile: async () => pick(),
      pickImportFolder: async () => pick(),
      pickSavePath: async () => pick(),
      secrets: opts.secrets ?? memorySecretStore(),
    },
    emit: (event, payload) => events.push({ event, payload }),
    workerScript: NODE_WORKER,
    readerScript: NODE_READER,
    ...(opts.syncTuning ? { syncTuning: opts.syncTuning } : {}),
  });
  return { core, events };
}
