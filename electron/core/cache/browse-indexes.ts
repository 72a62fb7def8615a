import type { Database } from 'better-sqlite3';
import { FIELD_LISTS } from '../../../shared/field-lists';

/**
 * Indexes behind every sort the table offers, one per sortable column of the field catalogue.
 * They are derived structures, not part of the migrations: a bulk load drops them, inserts,
 * and builds them once at the end (far faster than maintaining them row by row), and open()
 * recreates any that are missing.
 */
export const BROWSE_INDEXES: readonly { name: string; columns: string }[] = FIELD_LISTS.sortIndexes.map(
  ({ name, columns }) => ({ name, columns }),
);

export function createBrowseIndexes(db: Database): void {
  for (const i of BROWSE_INDEXES) {
    db.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON images (${i.columns})`);
  }
}

export function dropBrowseIndexes(db: Database): void {
  for (const i of BROWSE_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
}

/** Sets connection pragmas (numbers) and returns what puts the previous values back. */
export function setPragmas(db: Database, values: Partial<Record<'threads' | 'cache_size', number>>): () => void {
  const before = Object.keys(values).map((k) => [k, db.pragma(k, { simple: true }) as number] as const);
  for (const [k, v] of Object.entries(values)) db.pragma(`${k} = ${v}`);
  return () => {
    for (const [k, v] of before) db.pragma(`${k} = ${v}`);
  };
}

/**
 * A bulk load's page cache: it writes append-mostly, so 32 MiB loads 1M records as fast as 64
 * did and keeps the importing process's peak RSS under 300 MiB with the folder reader's thread.
 */
export const BULK_LOAD_CACHE_MIB = 32;

/**
 * Runs `build` (index builds over a bulk load) with the connection set for sorting: one helper
 * thread for SQLite's sorter, and a 16 MiB page cache, since the sorter's in-memory runs are as
 * large as the cache and small runs sorted on the helper while the main thread scans beat large
 * ones. Measured on a 1M-record import (19 index builds): 37.0 s with the bulk writer's 64 MiB
 * and no helper, 22.8 s like this; peak RSS 287 → 235 MiB (a 64 MiB cache with one helper took
 * 39.6 s and 336 MiB). The connection's settings are restored afterwards.
 */
export function withIndexBuildSettings<T>(db: Database, build: () => T): T {
  const restore = setPragmas(db, { threads: 1, cache_size: -16384 });
  try {
    return build();
  } finally {
    restore();
  }
}
