import type { Migration } from './types';

/**
 * Search text is now NFC-normalised and case-folded with the dotted I and final sigma
 * (shared/search-text.ts fold()): the full-text and word indexes of an existing cache hold the
 * old folding, so they are derived again from `images` at the next open.
 */
export const m0050: Migration = {
  version: 50,
  name: 'unicode-fold',
  up: `INSERT OR REPLACE INTO search_state (key, value) VALUES ('needs_rebuild', 1);`,
};
