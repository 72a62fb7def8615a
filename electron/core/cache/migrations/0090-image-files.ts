import type { Migration } from './types';

/**
 * The local image file of each record an imported project folder holds (`img/<item>`), kept
 * beside the images table, keyed like it by (source, image id), so thumbnails can be made
 * offline. The path is relative to the source's folder (its `uri`), so the check that it stays
 * inside that folder is one comparison, and a moved project only needs its source re-pointed.
 * IF NOT EXISTS: the table is new and owned here alone, so running it on a cache whose version
 * was set back (as the older migrations' tests do) is harmless.
 */
export const m0090: Migration = {
  version: 90,
  name: 'image-files',
  up: `
    CREATE TABLE IF NOT EXISTS image_files (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      image_id INTEGER NOT NULL,
      path TEXT NOT NULL,
      PRIMARY KEY (source_id, image_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
