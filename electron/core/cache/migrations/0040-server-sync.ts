import type { Migration } from './types';

/**
 * Sync with Supervisely servers: accounts (each a source of kind 'server'), the
 * remote tree cached for offline browsing, per-project sync state with its checkpoint, the
 * marks of a pass (mark-and-sweep), and a log of what each completed pass changed.
 * No table holds a token: tokens live in the OS keychain through the platform port.
 */
export const m0040: Migration = {
  version: 40,
  name: 'server-sync',
  up: `
    CREATE TABLE server_accounts (
      source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
      server_url TEXT NOT NULL,
      user_id INTEGER NOT NULL,
      login TEXT NOT NULL,
      user_name TEXT,
      server_version TEXT,
      connected_at TEXT NOT NULL,
      tree_fetched_at TEXT,
      -- How this server lists images, learnt on first use: 'project' (projectId + recursive)
      -- or 'datasets' (one listing per dataset, for servers that refuse projectId).
      listing TEXT CHECK (listing IN ('project', 'datasets')),
      UNIQUE (server_url, user_id)
    ) STRICT;

    CREATE TABLE remote_teams (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE remote_workspaces (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      team_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE remote_projects (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      workspace_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      images_count INTEGER,
      updated_at TEXT,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE remote_datasets (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      project_id INTEGER NOT NULL,
      parent_id INTEGER,
      name TEXT NOT NULL,
      images_count INTEGER,
      updated_at TEXT,
      last_synced_at TEXT,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX remote_datasets_project ON remote_datasets (source_id, project_id);

    -- One row per project the user ticked (or ever synced). A pass in progress is described by
    -- pass_id/pass_kind/phase; its checkpoint is sync_units plus sync_seen/sync_pending, all
    -- written in the same transaction as each page of records.
    CREATE TABLE sync_projects (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      selected INTEGER NOT NULL DEFAULT 1,
      state TEXT NOT NULL DEFAULT 'never'
        CHECK (state IN ('never', 'running', 'interrupted', 'failed', 'synced')),
      pass_id INTEGER,
      pass_kind TEXT CHECK (pass_kind IN ('full', 'incremental')),
      phase TEXT CHECK (phase IN ('list', 'fetch', 'verify')),
      -- The current listing asks only for id and updatedAt (incremental), or whole records.
      light INTEGER NOT NULL DEFAULT 0,
      relists INTEGER NOT NULL DEFAULT 0,
      listed INTEGER NOT NULL DEFAULT 0,
      list_total INTEGER,
      fetched INTEGER NOT NULL DEFAULT 0,
      fetch_total INTEGER NOT NULL DEFAULT 0,
      max_updated_at TEXT,
      run_started_at TEXT,
      run_done_start INTEGER NOT NULL DEFAULT 0,
      cached_count INTEGER NOT NULL DEFAULT 0,
      last_synced_at TEXT,
      last_pass_id INTEGER,
      error TEXT,
      PRIMARY KEY (source_id, project_id)
    ) STRICT;

    -- Listing cursors of the pass in progress: unit 0 lists the whole project (projectId +
    -- recursive), any other unit one dataset (old servers).
    CREATE TABLE sync_units (
      source_id INTEGER NOT NULL,
      project_id INTEGER NOT NULL,
      unit INTEGER NOT NULL,
      paging TEXT NOT NULL DEFAULT 'token' CHECK (paging IN ('token', 'page')),
      after TEXT,
      next_page INTEGER NOT NULL DEFAULT 1,
      per_page INTEGER,
      done INTEGER NOT NULL DEFAULT 0,
      total INTEGER,
      PRIMARY KEY (source_id, project_id, unit),
      FOREIGN KEY (source_id, project_id) REFERENCES sync_projects ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;

    -- Mark: every id the pass in progress has seen on the server. Sweep: after a complete
    -- pass, cached records of the project that are not marked are deleted.
    CREATE TABLE sync_seen (
      source_id INTEGER NOT NULL,
      project_id INTEGER NOT NULL,
      id INTEGER NOT NULL,
      dataset_id INTEGER,
      PRIMARY KEY (source_id, project_id, id),
      FOREIGN KEY (source_id, project_id) REFERENCES sync_projects ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;

    -- Incremental passes: ids whose updatedAt differs from the cache, to fetch in full.
    CREATE TABLE sync_pending (
      source_id INTEGER NOT NULL,
      project_id INTEGER NOT NULL,
      id INTEGER NOT NULL,
      dataset_id INTEGER,
      PRIMARY KEY (source_id, project_id, id),
      FOREIGN KEY (source_id, project_id) REFERENCES sync_projects ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_passes (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'abandoned')),
      added INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX sync_passes_project ON sync_passes (source_id, project_id, id);

    -- What a pass changed, one row per record, with the field-level diff of meta and tags.
    CREATE TABLE sync_changes (
      pass_id INTEGER NOT NULL REFERENCES sync_passes(id) ON DELETE CASCADE,
      image_id INTEGER NOT NULL,
      change TEXT NOT NULL CHECK (change IN ('added', 'updated', 'deleted')),
      name TEXT NOT NULL,
      dataset TEXT,
      diff TEXT,
      PRIMARY KEY (pass_id, image_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
