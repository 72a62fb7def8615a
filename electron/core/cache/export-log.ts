import type { Db } from './open-cache';

/**
 * The log of exports written from this cache (migration 0100), which the quality check
 * "changed since the last export" compares sync passes with.
 */

/** Records an export that completed, for `changed-since-export`. */
export function logExport(db: Db, e: { finishedAt: string; file: string; format: string; rows: number }): void {
  db.prepare('INSERT INTO export_log (finished_at, file, format, rows) VALUES (?, ?, ?, ?)').run(
    e.finishedAt,
    e.file,
    e.format,
    e.rows,
  );
}
