import type { Migration } from './types';
import { m0010 } from './0010-create-cache';

/**
 * Every migration in order. Applied ones are never edited: add a new file instead.
 * Browse indexes are not here: they are derived structures kept by browse-indexes.ts.
 */
export const MIGRATIONS: readonly Migration[] = [m0010];
export type { Migration };
