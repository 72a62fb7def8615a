import { existsSync, statSync } from 'node:fs';
import { LoupeError } from '../../../shared/errors';
import { openCache, type Db, type OpenOptions } from '../cache/open-cache';
import { cacheIsWritable, openReadOnlyCache } from '../cache/read-only-cache';

/**
 * An empty file is what a wrong `--cache` argument often names (a file just created, a log):
 * SQLite would silently make it a new cache, so it is refused instead.
 */
function refuseEmptyFile(file: string): void {
  if (existsSync(file) && statSync(file).isFile() && statSync(file).size === 0) {
    throw new LoupeError(
      'BAD_FILE',
      `--cache ${file}: the file is empty, so it is not a Loupe cache. Delete it, or name a file that does not exist yet to create a new cache.`,
      { file },
    );
  }
}

/** The cache of a command that only reads: a cache this process cannot write is opened read-only. */
export function openCacheToRead(file: string): Db {
  refuseEmptyFile(file);
  if (existsSync(file) && !cacheIsWritable(file)) return openReadOnlyCache(file);
  return openCache(file);
}

/** The cache of a command that writes; a read-only one is refused before anything is touched. */
export function openCacheToWrite(file: string, opts: OpenOptions = {}): Db {
  refuseEmptyFile(file);
  if (!cacheIsWritable(file)) {
    throw new LoupeError(
      'CACHE_READ_ONLY',
      existsSync(file) ? `The cache is read-only: ${file}` : `Cannot create the cache ${file}: its folder is read-only.`,
      { file },
    );
  }
  return openCache(file, opts);
}
