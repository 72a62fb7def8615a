import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { Db } from './open-cache';

export type CopyHooks = {
  isCancelled: () => boolean;
  onProgress: (p: { records: number; fraction: number }) => void;
};

/**
 * Copies the open cache to `dest` with SQLite's online backup, a few hundred pages at a time so
 * imports and reads go on meanwhile; the copy is one consistent snapshot. It is written beside
 * `dest` first, checked with quick_check, and only then renamed into place, so `dest` is either
 * absent or a whole, sound cache. Answers with the copy's image count.
 */
export async function copyCache(db: Db, dest: string, hooks: CopyHooks): Promise<number> {
  if (existsSync(dest))
    throw new LoupeError('INVALID_INPUT', `${dest} already exists; choose a new file name.`, {
      field: 'dest',
    });
  const partial = `${dest}.partial`;
  mkdirSync(dirname(dest), { recursive: true });
  rmSync(partial, { force: true });
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (hooks.isCancelled())
          throw new LoupeError('CANCELLED', 'The move was cancelled; the cache stays where it is.');
        // Pages stand for records here: the status bar shows done of total and a rate.
        hooks.onProgress({
          records: totalPages - remainingPages,
          fraction: totalPages ? 1 - remainingPages / totalPages : 0,
        });
        return 256;
      },
    });
    const copy = new Database(partial, { readonly: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok')
        throw new LoupeError(
          'INTERNAL',
          `The copy at ${dest} failed its check (${String(check)}); the cache stays where it is.`,
        );
      const { n } = copy.prepare('SELECT count(*) AS n FROM images').get() as { n: number };
      copy.close();
      renameSync(partial, dest);
      return n;
    } finally {
      if (copy.open) copy.close();
    }
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
