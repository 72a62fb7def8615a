import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { ImportRun, Source } from '../../../shared/records';
import type { Db } from './open-cache';
import { deleteSourceImages } from './source-delete';

type SourceRow = Omit<Source, 'last_run'> & { last_run: string | null };

/** Every source with its image count and what its last import did. */
export function listSources(db: Db): Source[] {
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT json_object('started_at', r.started_at, 'finished_at', r.finished_at,
                     'records', r.records, 'inserted', r.inserted, 'updated', r.updated,
                     'unchanged', r.unchanged, 'skipped', r.skipped)
                     FROM import_runs r WHERE r.source_id = s.id ORDER BY r.id DESC LIMIT 1) AS last_run
         FROM sources s ORDER BY s.id`,
    )
    .all() as SourceRow[];
  return rows.map((r) => ({ ...r, last_run: r.last_run ? (JSON.parse(r.last_run) as ImportRun) : null }));
}

export function getSource(db: Db, id: number): Source {
  const s = listSources(db).find((x) => x.id === id);
  if (!s) throw new LoupeError('NOT_FOUND', `Source ${id} is not in the cache.`);
  return s;
}

/**
 * Removes a source and everything it brought, in one transaction. Images go first through
 * their (source_id, id) index; the source row's cascade then takes datasets, tag metas and
 * provenance.
 */
export function removeSource(db: Db, id: number, isCancelled: () => boolean = () => false): JobResult {
  return db.transaction(() => {
    getSource(db, id);
    const removed = deleteSourceImages(db, id);
    if (isCancelled()) throw new LoupeError('CANCELLED', 'Removing the source was cancelled.');
    db.prepare('DELETE FROM sources WHERE id = ?').run(id);
    return { records: removed, inserted: 0, updated: 0, unchanged: 0, source_id: id };
  }).immediate();
}
