import type { Migration } from './types';

/**
 * Natural name order: the index behind the Name column's sort, on `natural_key(name)`
 * (shared/natural-key.ts, registered on every connection by cache-functions.ts). It is a
 * browse index (dropped and rebuilt around bulk loads, recreated at open when missing); the
 * migration builds it once for an existing cache and, above all, raises the schema version:
 * a Loupe from before it has no natural_key() and could not write to a cache that indexes
 * it, so it must refuse the cache as too new rather than fail on its first write.
 */
export const m0080: Migration = {
  version: 80,
  name: 'natural-name-order',
  up: `CREATE INDEX IF NOT EXISTS images_name_natural ON images (natural_key(name), name);`,
};
