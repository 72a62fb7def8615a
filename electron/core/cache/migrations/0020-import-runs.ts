import type { Migration } from './types';

/** Provenance: one row per committed import of a source. */
export const m0020: Migration = {
  version: 20,
  name: 'import-runs',
  up: `
    CREATE TABLE import_runs (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      records INTEGER NOT NULL,
      inserted INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      unchanged INTEGER NOT NULL,
      skipped INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX import_runs_source ON import_runs (source_id, id);
  `,
};
