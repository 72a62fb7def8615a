import { statSync } from 'node:fs';

/** The cache's size on disk: the database file and its write-ahead log. */
export function fileBytes(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) {
    try {
      total += statSync(p).size;
    } catch {
      // The WAL file may not exist yet.
    }
  }
  return total;
}
