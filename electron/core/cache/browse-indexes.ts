import type { Database } from 'better-sqlite3';

/**
 * Indexes behind every sort the table offers. They are derived structures, not part of the
 * migrations: a bulk load drops them, inserts, and builds them once at the end (far faster
 * than maintaining them row by row), and open() recreates any that are missing.
 */
export const BROWSE_INDEXES: readonly { name: string; columns: string }[] = [
  { name: 'images_name', columns: 'name' },
  { name: 'images_dataset', columns: 'dataset_path, name' },
  { name: 'images_size', columns: 'size' },
  { name: 'images_pixels', columns: 'width * height' },
  { name: 'images_labels', columns: 'labels_count' },
  { name: 'images_created', columns: 'created_at' },
  { name: 'images_updated', columns: 'updated_at' },
  { name: 'images_author', columns: 'created_by' },
  { name: 'images_id', columns: 'id' },
];

export function createBrowseIndexes(db: Database): void {
  for (const i of BROWSE_INDEXES) {
    db.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON images (${i.columns})`);
  }
}

export function dropBrowseIndexes(db: Database): void {
  for (const i of BROWSE_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
}
