import type { EventName, EventPayload } from '../../shared/contract';
import type { Db } from './cache/open-cache';
import type { ReadPool } from './reads/read-pool';
import type { TagNames } from './cache/tag-names';
import type { JobManager } from './jobs/job-manager';
import type { PlatformPort } from './platform';
import type { SyncTuning } from './sync/sync-types';
import type { SettingsStore } from './desktop/settings-store';
import type { ThumbStore } from './thumbs/thumb-store';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What every handler module receives: no module-level state, everything passed in. */
export type CoreContext = {
  cachePath: string;
  /** The user-data folder: settings, where a moved cache lives. */
  userData: string;
  settings: SettingsStore;
  /** The thumbnail store beside the cache (its size limit is a setting). */
  thumbStore: ThumbStore;
  version: string;
  db: Db;
  /** The reader threads: every query, count, facet and view runs there. */
  reads: ReadPool;
  tagNames: TagNames;
  jobs: JobManager;
  platform: PlatformPort;
  emit: Emit;
  /** Timeouts, retries and page sizes of server syncs; tests shorten them. */
  syncTuning?: Partial<SyncTuning>;
};
