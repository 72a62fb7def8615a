import type { Handlers } from './ipc/dispatch';
import { openCache, schemaBehind, type Db } from './cache/open-cache';
import { gateHandlers, upgradeInJob } from './upgrade-gate';
import { TagNames } from './cache/tag-names';
import { JobManager, type WorkerScript } from './jobs/job-manager';
import { ReadPool } from './reads/read-pool';
import type { PlatformPort } from './platform';
import type { CoreContext, Emit } from './core-context';
import { appHandlers } from './ipc/handlers/app-handlers';
import { imageHandlers } from './ipc/handlers/image-handlers';
import { jobHandlers } from './ipc/handlers/job-handlers';
import { syncHandlers } from './ipc/handlers/sync-handlers';
import { searchHandlers } from './ipc/handlers/search-handlers';
import { exportHandlers } from './ipc/handlers/export-handlers';
import { thumbHandlers } from './ipc/handlers/thumb-handlers';
import type { SyncTuning } from './sync/sync-types';
import { dirname } from 'node:path';
import { SettingsStore } from './desktop/settings-store';
import { settingsHandlers } from './ipc/handlers/settings-handlers';
import { NODE_THUMB_WORKER, ThumbMaker } from './thumbs/thumb-maker';
import { ThumbService } from './thumbs/thumb-service';
import { ThumbStore, thumbDirFor } from './thumbs/thumb-store';
import { PIXEL_TUNING, ServerPixels } from './thumbs/server-pixels';
import { listAccounts, secretKey } from './sync/accounts';
import type { ClientTuning } from './sync/http-client';

export type { Emit } from './core-context';

export type CoreOptions = {
  cachePath: string;
  version: string;
  platform: PlatformPort;
  emit: Emit;
  workerScript: WorkerScript;
  /** The reader-thread entry (reads/read-worker), resolved like the job worker's. */
  readerScript: WorkerScript;
  /** The thumbnail-thread entry (thumbs/thumb-worker); plain Node runs the source through tsx. */
  thumbScript?: WorkerScript;
  /** The thumbnail store's size limit in bytes (default 1 GiB). */
  thumbMaxBytes?: number;
  /** Reader threads; default: what the machine has cores for (at most two). */
  readers?: number;
  /** Timeouts and retries of the grid's requests for server pixels (tests shorten them). */
  pixelTuning?: Partial<ClientTuning>;
  /** Timeouts, retries and page sizes of server syncs (tests shorten them). */
  syncTuning?: Partial<SyncTuning>;
  /** Where settings and a moved cache's location are kept; default: the cache's folder. */
  userData?: string;
};

export type Core = { handlers: Handlers; db: Db; jobs: JobManager; settings: SettingsStore; thumbs: ThumbService; close(): Promise<void> };

/**
 * The application without Electron: one connection for main's small reads and writes, the
 * reader threads (views, counts, facets), the job manager, and a handler per contract channel.
 * Main, the browser tests and the benchmarks build it the same way and differ only in the
 * platform port, the event sink and the worker scripts.
 */
export function createCore(opts: CoreOptions): Core {
  const db = openCache(opts.cachePath, { deferUpgrade: true });
  const behind = schemaBehind(db);
  const tagNames = new TagNames(db);
  const jobs = new JobManager(
    opts.cachePath,
    opts.workerScript,
    (job) => opts.emit('jobs:progress', job),
    (job) => {
      // An export, a move or a thumbnail run reads the cache and changes nothing in it: the views stay valid.
      if (job.state !== 'done' || job.kind === 'export' || job.kind === 'cache-move' || job.kind === 'thumbnails') return;
      reads.invalidate();
      tagNames.invalidate();
      opts.emit('cache:changed', { tables: ['images', 'sources', 'datasets'] });
    },
  );
  // An older cache is upgraded off the main thread; the readers start on the current schema.
  const upgraded = behind ? upgradeInJob(jobs) : null;
  const reads = new ReadPool(
    opts.cachePath,
    opts.readerScript,
    (n) => (n.type === 'facets:ready' ? opts.emit('facets:ready', { key: n.key }) : opts.emit('facets:progress', { key: n.key, fraction: n.fraction })),
    opts.readers,
    upgraded ?? undefined,
  );
  const userData = opts.userData ?? dirname(opts.cachePath);
  const settings = new SettingsStore(userData);
  const thumbStore = ThumbStore.open(thumbDirFor(opts.cachePath), opts.thumbMaxBytes ?? settings.get().thumbnails.max_bytes);
  settings.onChange((s) => thumbStore.setLimit(s.thumbnails.max_bytes));
  const thumbMaker = new ThumbMaker(opts.thumbScript ?? NODE_THUMB_WORKER);
  const ctx: CoreContext = { ...opts, userData, settings, thumbStore, db, reads, tagNames, jobs };
  // Each domain registers its own handlers; a channel without one fails to compile.
  const all: Handlers = {
    ...appHandlers(ctx),
    ...imageHandlers(ctx),
    ...jobHandlers(ctx),
    ...syncHandlers(ctx),
    ...searchHandlers(ctx),
    ...exportHandlers(ctx),
    ...settingsHandlers(ctx),
    ...thumbHandlers(ctx),
  };
  const handlers = upgraded ? gateHandlers(all, upgraded) : all;
  return {
    handlers,
    db,
    jobs,
    settings,
    thumbs: new ThumbService(
      db,
      thumbStore,
      thumbMaker,
      // The accounts are read per tile (a few rows), so a new connection shows its pixels at once.
      new ServerPixels(() => listAccounts(db), (a) => opts.platform.secrets.get(secretKey(a)), { ...PIXEL_TUNING, ...opts.pixelTuning }),
    ),
    async close() {
      await jobs.close();
      await thumbMaker.close();
      thumbStore.close();
      await reads.close();
      db.close();
    },
  };
}
