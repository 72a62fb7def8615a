import type { Migration } from './types';
import { m0010 } from './0010-create-cache';
import { m0020 } from './0020-import-runs';
import { m0030 } from './0030-search';
import { m0040 } from './0040-server-sync';
import { m0050 } from './0050-unicode-fold';
import { m0060 } from './0060-sync-pass-relists';
import { m0080 } from './0080-natural-name-order';
import { m0090 } from './0090-image-files';
import { m0100 } from './0100-export-log';
import { m0110 } from './0110-image-docs';
import { m0130 } from './0130-check-indexes';

/**
 * Every migration in order. Applied ones are never edited: add a new file instead.
 * Browse indexes are not here: they are derived structures kept by browse-indexes.ts.
 */
export const MIGRATIONS: readonly Migration[] = [
  m0010, m0020, m0030, m0040, m0050, m0060, m0080, m0090, m0100, m0110, m0130,
];
export type { Migration };
