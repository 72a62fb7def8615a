import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

/** Where a moved cache lives, kept in the user-data folder (the cache cannot say where it is). */
export const LOCATION_FILE = 'cache-location.json';
const locationSchema = z.object({
  path: z.string().min(1),
  previous: z.string().min(1).nullable().default(null),
});
export type CacheLocation = z.infer<typeof locationSchema>;

export function readCacheLocation(userData: string): CacheLocation | null {
  const loc = readJsonFile(join(userData, LOCATION_FILE), locationSchema.nullable(), null);
  return loc && existsSync(loc.path) ? loc : null;
}

/** After a checked copy: the next start opens `path`, and removes `previous` once it has. */
export function recordCacheMove(userData: string, path: string, previous: string): void {
  writeJsonFile(join(userData, LOCATION_FILE), { path, previous });
}

/**
 * Called once the cache at the recorded place has opened: the old copy (with its WAL and shared
 * memory files) goes, which makes the copy a move. Answers with what was removed.
 */
export function finishCacheMove(userData: string, openedPath: string): string | null {
  const loc = readCacheLocation(userData);
  if (!loc || loc.path !== openedPath || !loc.previous || loc.previous === loc.path) return null;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${loc.previous}${suffix}`, { force: true });
  writeJsonFile(join(userData, LOCATION_FILE), { path: loc.path, previous: null });
  return loc.previous;
}
