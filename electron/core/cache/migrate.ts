import type { Database } from 'better-sqlite3';
import { LoupeError } from '../../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations';

/** Throws when the list is not strictly increasing: a mis-ordered list must never ship. */
export function assertMonotonic(migrations: readonly Migration[]): void {
  migrations.reduce((prev, m) => {
    if (m.version <= prev) {
      throw new Error(`migration ${m.name} (${m.version}) does not follow version ${prev}`);
    }
    return m.version;
  }, 0);
}

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the database to the latest schema in one transaction, or refuses a database written
 * by a newer Loupe (whose schema we cannot know) with CACHE_TOO_NEW. `onStep` hears after each
 * migration how many of the pending ones are applied (the upgrade job's progress).
 */
export function migrate(
  db: Database,
  file: string,
  migrations = MIGRATIONS,
  onStep?: (done: number, pending: number) => void,
): number {
  assertMonotonic(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new LoupeError(
      'CACHE_TOO_NEW',
      `The cache ${file} was written by a newer version of Loupe (schema ${current}, this version knows up to ${latest}). Update Loupe, or choose another cache file.`,
      { file },
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    pending.forEach((m, i) => {
      db.exec(m.up);
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
      onStep?.(i + 1, pending.length);
    });
  }).immediate();
  return latest;
}
