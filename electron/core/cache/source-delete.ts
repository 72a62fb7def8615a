import type { Db } from './open-cache';
import { createBrowseIndexes, dropBrowseIndexes, withIndexBuildSettings } from './browse-indexes';
import { createSearchIndexes, dropSearchIndexes } from './search-index';

/**
 * Deletes every record of a source with its derived rows, set by set instead of row by row
 * (the per-row delete trigger stands still under the 'bulk' flag meanwhile). Call inside a
 * write transaction. Returns how many records went.
 */
export function deleteSourceImages(db: Db, sourceId: number): number {
  // The 'bulk' flag and dropped indexes must never be seen by another connection.
  if (!db.inTransaction) throw new Error('deleteSourceImages runs inside a write transaction');
  const rows = 'SELECT row_id FROM images WHERE source_id = ?';
  db.prepare(
    `UPDATE meta_keys SET count = count - gone.n
       FROM (SELECT key_id, count(DISTINCT row_id) AS n FROM meta_values WHERE row_id IN (${rows}) GROUP BY key_id) AS gone
      WHERE meta_keys.id = gone.key_id`,
  ).run(sourceId);
  // image_docs too: its rows would go by the foreign key's cascade, but one by one.
  for (const [table, col] of [['name_fts', 'rowid'], ['word_fts', 'rowid'], ['image_tags', 'row_id'], ['meta_values', 'row_id'], ['image_docs', 'row_id']]) {
    db.prepare(`DELETE FROM ${table} WHERE ${col} IN (${rows})`).run(sourceId);
  }
  // Its hashes that no other source's record shares are no longer duplicates.
  db.prepare(
    `DELETE FROM dup_hashes WHERE hash IN (SELECT hash FROM images WHERE source_id = ? AND hash IS NOT NULL)
        AND (SELECT count(*) FROM images i WHERE i.hash = dup_hashes.hash AND i.source_id <> ?) < 2`,
  ).run(sourceId, sourceId);
  db.exec("INSERT OR REPLACE INTO search_state (key, value) VALUES ('bulk', 1)");
  // Removing most of the cache: dropping the derived indexes and building them again over
  // what stays is cheaper than deleting every entry from each of them (the sources' counts
  // are enough to decide, without counting the cache).
  const [mine, all] = db
    .prepare('SELECT (SELECT image_count FROM sources WHERE id = ?), (SELECT sum(image_count) FROM sources)')
    .raw()
    .get(sourceId) as [number | null, number | null];
  const rebuild = (mine ?? 0) > (all ?? 0) - (mine ?? 0);
  if (rebuild) {
    dropBrowseIndexes(db);
    dropSearchIndexes(db);
  }
  const removed = db.prepare('DELETE FROM images WHERE source_id = ?').run(sourceId).changes;
  if (rebuild) {
    withIndexBuildSettings(db, () => {
      createSearchIndexes(db);
      createBrowseIndexes(db);
    });
  }
  db.exec(`DELETE FROM search_state WHERE key = 'bulk';
           INSERT OR REPLACE INTO search_state (key, value) VALUES ('facets_stale', 1);`);
  return removed;
}
