import type { Migration } from './types';

/**
 * How many times a pass listed its project again before it could prove the listing complete
 * (the server changed meanwhile, or a second listing of ids disagreed): the change log says so.
 */
export const m0060: Migration = {
  version: 60,
  name: 'sync-pass-relists',
  up: `ALTER TABLE sync_passes ADD COLUMN relists INTEGER NOT NULL DEFAULT 0;`,
};
