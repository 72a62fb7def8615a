import type { Migration } from './types';

/**
 * Exports written from this cache, so the quality check "changed since the last export" knows
 * when that was. An export from a cache Loupe may not write is not logged (it still has its
 * manifest beside the file). IF NOT EXISTS: the tests of earlier migrations rewind a new
 * cache's user_version, and a table that cannot clash needs nothing of theirs.
 */
export const m0100: Migration = {
  version: 100,
  name: 'export-log',
  up: `
    CREATE TABLE IF NOT EXISTS export_log (
      id INTEGER PRIMARY KEY,
      finished_at TEXT NOT NULL,
      file TEXT NOT NULL,
      format TEXT NOT NULL,
      rows INTEGER NOT NULL
    ) STRICT;
  `,
};
