import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import type { Handlers } from './ipc/dispatch';
import { openCache, type Db } from './cache/open-cache';
import { ImageViews } from './cache/image-views';
import { TagNames } from './cache/tag-names';
import { cacheTotals, getImageDetail, listSources } from './cache/image-store';
import { JobManager, type WorkerScript } from './jobs/job-manager';
import type { PlatformPort } from './platform';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type CoreOptions = {
  cachePath: string;
  version: string;
  platform: PlatformPort;
  emit: Emit;
  workerScript: WorkerScript;
};

export type Core = { handlers: Handlers; db: Db; jobs: JobManager; close(): Promise<void> };

function fileBytes(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) {
    try {
      total += statSync(p).size;
    } catch {
      // The WAL file may not exist yet.
    }
  }
  return total;
}

/**
 * The application without Electron: one browse connection, the materialised views, the job
 * manager, and a handler per contract channel. Main, the browser tests and the CLI build it
 * the same way and differ only in the platform port, the event sink and the worker script.
 */
export function createCore(opts: CoreOptions): Core {
  const db = openCache(opts.cachePath);
  const tagNames = new TagNames(db);
  const views = new ImageViews(db, tagNames);
  const jobs = new JobManager(
    opts.cachePath,
    opts.workerScript,
    (job) => opts.emit('jobs:progress', job),
    (job) => {
      if (job.state !== 'done') return;
      views.clear();
      tagNames.invalidate();
      opts.emit('cache:changed', { tables: ['images', 'sources', 'datasets'] });
    },
  );

  const handlers: Handlers = {
    'app:info': () => ({
      version: opts.version,
      cache_path: opts.cachePath,
      cache_bytes: fileBytes(opts.cachePath),
      ...cacheTotals(db),
    }),
    'images:openView': ({ query }) => views.open(query),
    'images:window': ({ view_id, offset, limit }) => views.window(view_id, offset, limit),
    'images:get': ({ row_id }) => getImageDetail(db, tagNames, row_id),
    'import:pick': async () => {
      const file = await opts.platform.pickImportFile();
      if (!file) return { job_id: null };
      return { job_id: jobs.start({ kind: 'import', file }, `Import ${basename(file)}`).id };
    },
    'demo:load': ({ count, seed }) => ({
      job_id: jobs.start({ kind: 'demo', count, seed }, `Demo data (${count.toLocaleString('en')} images)`).id,
    }),
    'jobs:list': () => jobs.list(),
    'jobs:cancel': ({ job_id }) => ({ cancelled: jobs.cancel(job_id) }),
    'sources:list': () => listSources(db),
  };

  return {
    handlers,
    db,
    jobs,
    async close() {
      await jobs.close();
      db.close();
    },
  };
}
