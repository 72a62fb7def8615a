import type { Migration } from './types';

/**
 * Indexes that make two quality checks index reads instead of passes over every row:
 * - dates-reversed: a partial index of the records whose updated_at is before created_at (as
 *   instants: julianday, no 'now', so SQLite allows it in an index), so the check reads only
 *   the offenders, and every write keeps the set current;
 * - unlabelled: (source, dataset, path, labels_count) covers the per-dataset share of labelled
 *   records (a walk of this index, not of the rows) and the dataset's records without labels
 *   (one range each).
 * IF NOT EXISTS: the tests of earlier migrations rewind a new cache's user_version.
 */
export const m0130: Migration = {
  version: 130,
  name: 'check-indexes',
  up: `
    CREATE INDEX IF NOT EXISTS images_dates_reversed ON images (row_id)
      WHERE julianday(updated_at) < julianday(created_at);
    CREATE INDEX IF NOT EXISTS images_dataset_labels ON images (source_id, dataset_id, dataset_path, labels_count);
  `,
};
