import Database from 'better-sqlite3';
import { registerCacheFunctions } from './cache-functions';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import { LATEST_VERSION } from './migrate';
import type { Db } from './open-cache';

/**
 * A read-only cache larger than this is not copied into memory (see openReadOnlyCache): the
 * user is told to make its folder writable instead.
 */
const MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024;

/** Whether this process may write the file and create the `-wal` and `-shm` files beside it. */
export function cacheIsWritable(file: string): boolean {
  // A cache that does not exist yet is created with its folders: the nearest existing one counts.
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a cache this process may only read, for commands that only read. The cache is in WAL
 * mode, and SQLite can read a WAL database read-only only when its `-shm` file exists or can
 * be created: so first a plain read-only open, and when the folder is read-only too and no
 * `-wal` holds unmerged pages, the file itself (a WAL database closed cleanly holds every
 * page) read into memory as a rollback-journal database. A cache that needs migrating cannot
 * be migrated without writing, so it is refused, as is one from a newer Loupe.
 */
export function openReadOnlyCache(file: string): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY_CANTINIT') {
      throw new LoupeError('INTERNAL', `Cannot open the cache ${file}: ${(err as Error).message}.`, { file });
    }
    db = inMemoryCopy(file);
  }
  registerCacheFunctions(db);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== LATEST_VERSION) {
    db.close();
    throw new LoupeError(
      version > LATEST_VERSION ? 'CACHE_TOO_NEW' : 'CACHE_READ_ONLY',
      version > LATEST_VERSION
        ? `The cache ${file} was written by a newer version of Loupe (schema ${version}, this version knows up to ${LATEST_VERSION}). Update Loupe, or choose another cache file.`
        : `The cache is read-only: ${file} (it is from an older Loupe, schema ${version}, and cannot be brought up to date without writing it).`,
      { file },
    );
  }
  db.pragma('query_only = ON');
  return db;
}

function inMemoryCopy(file: string): Db {
  const wal = `${file}-wal`;
  const why = (what: string) =>
    new LoupeError(
      'CACHE_READ_ONLY',
      `Cannot read the read-only cache ${file}: ${what}. Make its folder writable, or copy the cache into a writable folder.`,
      { file },
    );
  if (existsSync(wal) && statSync(wal).size > 0) throw why(`${wal} holds changes SQLite can merge only in a writable folder`);
  const size = statSync(file).size;
  if (size > MAX_IN_MEMORY_BYTES) throw why(`its folder is read-only, and at ${Math.round(size / 1048576)} MiB it is too large to read into memory`);
  const bytes = readFileSync(file);
  // Bytes 18 and 19 of the header say "WAL"; as a memory image it is an ordinary database.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true });
  } catch (err) {
    throw new LoupeError('INTERNAL', `Cannot open the cache ${file}: ${(err as Error).message}.`, { file });
  }
}
