import type { Statement } from 'better-sqlite3';
import type { Db } from '../cache/open-cache';
import type { AccountRow } from './accounts';
import { DEFAULT_TUNING, type ClientTuning, type SuperviselyClient } from './http-client';

/** Everything about a sync's pace that tests, the chaos test and the benchmark may change. */
export type SyncTuning = ClientTuning & {
  /** `per_page` of a listing of whole records. */
  perPage: number;
  /** `per_page` of an incremental listing (id and updatedAt only, so pages can be bigger). */
  lightPerPage: number;
  /** Ids per `images.list` with an `id in [...]` filter (the SDK uses 50). */
  fetchBatch: number;
  /** Listings (datasets of an old server) of one project read side by side. */
  unitConcurrency: number;
  /** Projects synced side by side. */
  projectConcurrency: number;
  /** Extra listings when the server changed during a pass, before deletions are deferred. */
  maxRelists: number;
};

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  ...DEFAULT_TUNING,
  perPage: 1000,
  lightPerPage: 5000,
  fetchBatch: 50,
  unitConcurrency: 3,
  projectConcurrency: 2,
  maxRelists: 2,
};

/** What one run changed, for the job result and the CLI's summary line. */
export type RunCounts = {
  records: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
};

export type SyncLog = (line: string) => void;

/** Prepares each statement once per connection and run. */
export class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly db: Db) {}
  get(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

/** Shared by the passes of one run: the connection, the client, the account and the counters. */
export type SyncContext = {
  db: Db;
  sql: Statements;
  client: SuperviselyClient;
  account: AccountRow;
  tuning: SyncTuning;
  signal: AbortSignal;
  log: SyncLog;
  counts: RunCounts;
  /** When this run's records were written (`synced_at`). */
  syncedAt: string;
  /** Called after each committed page. */
  progressed: () => void;
};
