import type { Migration } from './types';

/** The first schema: sources, the dataset hierarchy, tag metas and one row per image. */
export const m0010: Migration = {
  version: 10,
  name: 'create-cache',
  up: `
    CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('file', 'folder', 'server', 'demo')),
      uri TEXT NOT NULL,
      label TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_import_at TEXT,
      image_count INTEGER NOT NULL DEFAULT 0,
      UNIQUE (kind, uri)
    ) STRICT;

    CREATE TABLE projects (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE datasets (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      project_id INTEGER,
      parent_id INTEGER,
      name TEXT NOT NULL,
      path TEXT NOT NULL,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE tag_metas (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      name TEXT NOT NULL,
      value_type TEXT,
      color TEXT,
      PRIMARY KEY (source_id, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE images (
      row_id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      name TEXT NOT NULL,
      link TEXT,
      hash TEXT,
      mime TEXT,
      ext TEXT,
      size INTEGER,
      width INTEGER,
      height INTEGER,
      labels_count INTEGER,
      dataset_id INTEGER,
      dataset_path TEXT,
      project_id INTEGER,
      created_at TEXT,
      updated_at TEXT,
      created_by ANY,
      description TEXT,
      path_original TEXT,
      full_storage_url TEXT,
      related_data_id INTEGER,
      download_id TEXT,
      offset_start INTEGER,
      offset_end INTEGER,
      embeddings_updated_at TEXT,
      parent_id INTEGER,
      meta TEXT NOT NULL DEFAULT '{}',
      tags TEXT NOT NULL DEFAULT '[]',
      ai_search_meta TEXT,
      extra TEXT,
      synced_at TEXT NOT NULL
    ) STRICT;

    -- The one index an upsert needs; the browse indexes are in browse-indexes.ts so bulk loads
    -- can drop and rebuild them.
    CREATE UNIQUE INDEX images_source_id ON images (source_id, id);
  `,
};
