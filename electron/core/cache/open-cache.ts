import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import { LATEST_VERSION, migrate } from './migrate';
import { createBrowseIndexes } from './browse-indexes';
import { ensureSearchIndex } from './search-index';
import { registerCacheFunctions } from './cache-functions';

export type Db = Database.Database;

export type OpenOptions = {
  readonly?: boolean;
  /** Page cache in MiB. */
  cacheMiB?: number;
  /** Where sorts and temporary tables live: memory for the browse connection's views. */
  tempStore?: 'memory' | 'file';
  /**
   * The file is known to be migrated (main opened it first): skip migrations and the derived
   * index checks, so a reader never waits for the write lock at open.
   */
  migrated?: boolean;
  /**
   * A cache from an older schema is opened as it is, for the upgrade job to migrate on its own
   * connection (schemaBehind tells); a new file or a current cache is brought up to date here.
   */
  deferUpgrade?: boolean;
};

/**
 * The connection of a long write (import, demo, sync): a modest page cache and index sorts
 * spilled to temporary files, so a 10M-record import keeps a flat, small memory footprint.
 */
export const BULK_WRITER: OpenOptions = { cacheMiB: 64, tempStore: 'file' };

/**
 * The connection of a reader thread (views, counts, facets): it only reads — except the
 * whole-cache facet counts it recounts, stored only when the write lock is free — and keeps
 * its views' temporary tables in memory.
 */
export const READER: OpenOptions = { migrated: true, tempStore: 'memory' };

/**
 * Opens (creating if needed) the cache file: WAL, NORMAL sync, foreign keys, a busy timeout
 * so a reader waits for a writer in another thread, then migrations and derived indexes.
 */
export function openCache(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false });
  } catch (err) {
    throw new LoupeError('INTERNAL', `Cannot open the cache ${file}: ${(err as Error).message}`, {
      file,
    });
  }
  try {
    registerCacheFunctions(db);
    db.pragma('busy_timeout = 10000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${-1024 * (opts.cacheMiB ?? 32)}`);
    db.pragma(`temp_store = ${opts.tempStore === 'file' ? 'FILE' : 'MEMORY'}`);
    if (!opts.readonly && !opts.migrated && !(opts.deferUpgrade && schemaBehind(db))) bringUpToDate(db, file);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof LoupeError) throw err;
    const code = (err as { code?: string }).code;
    if (code?.startsWith('SQLITE_READONLY')) {
      throw new LoupeError('CACHE_READ_ONLY', `The cache is read-only: ${file}`, { file });
    }
    const hint =
      code === 'SQLITE_NOTADB' ? ' It is not a Loupe cache (or it is damaged); choose another file.' : '';
    throw new LoupeError('INTERNAL', `Cannot open the cache ${file}: ${(err as Error).message}.${hint}`, {
      file,
    });
  }
}

/** An existing cache written at an older schema (a new, empty file is at 0 and is not behind). */
export function schemaBehind(db: Db): boolean {
  const version = db.pragma('user_version', { simple: true }) as number;
  return version > 0 && version < LATEST_VERSION;
}

/**
 * Migrations, then the derived indexes. `onStep` hears the steps done of all there are: one per
 * pending migration and one for the indexes.
 */
export function bringUpToDate(db: Db, file: string, onStep?: (done: number, total: number) => void): void {
  let steps = 1;
  migrate(db, file, undefined, (done, pending) => {
    steps = pending + 1;
    onStep?.(done, steps);
  });
  createBrowseIndexes(db);
  ensureSearchIndex(db);
  onStep?.(steps, steps);
}
