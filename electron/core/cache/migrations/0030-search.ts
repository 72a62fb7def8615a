import type { Migration } from './types';

/**
 * Search: the side tables that make filters, full-text search and facets fast, plus
 * saved searches. All of them except saved searches are derived from `images` and kept by
 * search-index.ts — written for changed rows by ImageWriter, rebuilt in one pass after bulk
 * loads; their B-tree indexes are derived structures too (built after the load, not here).
 *
 * - name_fts: FTS5 trigram over the folded name (NAME_START + fold(name)): substrings of 3+
 *   characters, and 1–2 character prefixes through the NAME_START marker.
 * - word_fts: FTS5 unicode61 over the encoded words of description, tag names and meta values.
 * - image_tags: one row per tag instance, name resolved from the project's tag metas.
 * - meta_values: one row per scalar value in `meta` (flattened keys, by meta_keys.id), typed:
 *   numbers as numbers, text as text, booleans as 'true'/'false', null as NULL.
 * - meta_keys: the catalogue of meta keys (id, key, records with it, values per type).
 * - dup_hashes: hashes shared by two or more records (is:duplicate).
 * - facet_counts: facet counts over the whole cache, refreshed after writes (the cold path).
 * - search_state: flags, e.g. 'bulk' while a bulk load defers the derived tables.
 */
export const m0030: Migration = {
  version: 30,
  name: 'search',
  up: `
    CREATE VIRTUAL TABLE name_fts USING fts5(
      name, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1
    );
    CREATE VIRTUAL TABLE word_fts USING fts5(
      words, tokenize = "unicode61 tokenchars '_'", content = '', contentless_delete = 1,
      detail = none
    );

    CREATE TABLE image_tags (
      row_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      value ANY
    ) STRICT;

    CREATE TABLE meta_values (
      row_id INTEGER NOT NULL,
      key_id INTEGER NOT NULL,
      v ANY
    ) STRICT;

    CREATE TABLE meta_keys (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      count INTEGER NOT NULL,
      numbers INTEGER NOT NULL DEFAULT 0,
      strings INTEGER NOT NULL DEFAULT 0,
      booleans INTEGER NOT NULL DEFAULT 0,
      nulls INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE dup_hashes (hash TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    CREATE TABLE facet_counts (
      facet TEXT NOT NULL,
      value ANY,
      count INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX facet_counts_facet ON facet_counts (facet, count DESC);

    CREATE TABLE search_state (key TEXT PRIMARY KEY, value ANY) STRICT, WITHOUT ROWID;
    INSERT INTO search_state (key, value) VALUES ('needs_rebuild', 1);

    -- A deleted image takes its derived rows with it, whoever deletes it (sync, a source
    -- removed). Skipped during bulk loads, which rebuild everything at the end.
    CREATE TRIGGER images_search_delete AFTER DELETE ON images
    WHEN NOT EXISTS (SELECT 1 FROM search_state WHERE key = 'bulk')
    BEGIN
      UPDATE meta_keys SET count = count - 1
        WHERE id IN (SELECT DISTINCT key_id FROM meta_values WHERE row_id = old.row_id);
      DELETE FROM name_fts WHERE rowid = old.row_id;
      DELETE FROM word_fts WHERE rowid = old.row_id;
      DELETE FROM image_tags WHERE row_id = old.row_id;
      DELETE FROM meta_values WHERE row_id = old.row_id;
      DELETE FROM dup_hashes WHERE hash = old.hash
        AND (SELECT count(*) FROM images WHERE hash = old.hash) < 2;
      INSERT OR REPLACE INTO search_state (key, value) VALUES ('facets_stale', 1);
    END;

    -- A changed hash may leave its old value with a single record. (The new value is checked
    -- by search-index.ts when it indexes the row.)
    CREATE TRIGGER images_search_hash AFTER UPDATE OF hash ON images
    WHEN old.hash IS NOT new.hash AND NOT EXISTS (SELECT 1 FROM search_state WHERE key = 'bulk')
    BEGIN
      DELETE FROM dup_hashes WHERE hash = old.hash
        AND (SELECT count(*) FROM images WHERE hash = old.hash) < 2;
    END;

    -- Saved searches: live (the query) or a snapshot (the records at that moment, by their
    -- stable key (source, image id) so they survive a rebuild of the cache's row ids).
    CREATE TABLE saved_searches (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('live', 'snapshot')),
      query TEXT NOT NULL,
      text TEXT NOT NULL,
      count INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE saved_search_items (
      search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
      source_id INTEGER NOT NULL,
      image_id INTEGER NOT NULL,
      PRIMARY KEY (search_id, source_id, image_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
