import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

/**
 * A narrow `images` table: the wide values no browse index, sort, filter index or facet reads
 * (the storage paths, meta, tags, ai_search_meta and unknown keys) move to `image_docs`, one
 * row per record by row id, read by the detail panel, exports, the sync's change log and the
 * search-index derivation. Browsing then walks ~⅓ of the pages, and a write touches the wide
 * text only in its own B-tree.
 *
 * SQLite cannot drop columns that hold data in place cheaply, so `images` is rebuilt (SQLite's
 * documented procedure): a new table (the stored definition less the moved columns), copy, drop, rename, then its indexes and triggers are
 * created again from the text they had. `image_docs` first references the new table; the
 * rename carries the reference over to `images`. It all runs in the migration's one
 * transaction: a crash rolls back to the wide table, and the next open starts again.
 *
 * The lists are this schema's own (as of version 100), not the field catalogue's: a migration
 * says what it did once. A cache that is already narrow (its version set back, as the tests of
 * older migrations do) only gets a doc row for any record without one.
 */
export const m0110: Migration = {
  version: 110,
  name: 'image-docs',
  up: '',
  run: splitImageDocs,
};

/** The `images` table as it stands, less the moved columns, under the name images_narrow. */
function narrowTable(db: Database): string {
  const wide = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'images'").pluck().get() as string;
  let sql = wide.replace(/^CREATE TABLE "?images"?/, 'CREATE TABLE images_narrow');
  // Each definition goes with the comma before it (a column added later sits before the ')').
  for (const c of DOCS.split(', ')) sql = sql.replace(new RegExp(`,\\s*${c}\\s[^,)]*(?=[,)])`), '');
  const left = DOCS.split(', ').filter((c) => new RegExp(`\\b${c}\\b`).test(sql));
  if (left.length || !sql.startsWith('CREATE TABLE images_narrow'))
    throw new Error(`migration 0110: cannot narrow the images table (${left.join(', ') || 'unexpected definition'})`);
  return `${sql};`;
}

const NARROW = `row_id, source_id, id, name, link, hash, mime, ext, size, width, height, labels_count,
  dataset_id, dataset_path, project_id, created_at, updated_at, created_by, description,
  related_data_id, download_id, offset_start, offset_end, embeddings_updated_at, parent_id, synced_at`;
const DOCS = 'path_original, full_storage_url, meta, tags, ai_search_meta, extra';

const CREATE_DOCS = (parent: string) => `
  CREATE TABLE image_docs (
    row_id INTEGER PRIMARY KEY REFERENCES ${parent}(row_id) ON DELETE CASCADE,
    path_original TEXT,
    full_storage_url TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]',
    ai_search_meta TEXT,
    extra TEXT
  ) STRICT;`;

function splitImageDocs(db: Database): void {
  const columns = (db.prepare('PRAGMA table_info(images)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('meta')) {
    db.exec(`INSERT INTO image_docs (row_id)
               SELECT row_id FROM images WHERE row_id NOT IN (SELECT row_id FROM image_docs);`);
    return;
  }
  const rebuilt = db
    .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = 'images' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .pluck()
    .all() as string[];
  db.exec(`
    ${narrowTable(db)}
    INSERT INTO images_narrow (${NARROW}) SELECT ${NARROW} FROM images ORDER BY row_id;
    ${CREATE_DOCS('images_narrow')}
    INSERT INTO image_docs (row_id, ${DOCS}) SELECT row_id, ${DOCS} FROM images ORDER BY row_id;
    DROP TABLE images;
    ALTER TABLE images_narrow RENAME TO images;
  `);
  for (const sql of rebuilt) db.exec(sql);
}
