import { imageInfoSchema, normaliseImageKeys, RecordShapeError, describeIssues } from '../../../shared/image-info';
import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { SourceKind } from '../../../shared/records';
import type { Db } from '../cache/open-cache';
import { ImageWriter } from '../cache/image-writer';
import { createBrowseIndexes, dropBrowseIndexes } from '../cache/browse-indexes';
import { datasetPaths, type Sidecar } from './sidecar';

/** A record as read: JSON text from a file, or a value a generator made. */
export type IncomingRecord = { line: number; text?: string; value?: unknown };

export type SourceSpec = { kind: SourceKind; uri: string; label: string };

export type ImportProgress = { records: number; fraction: number | null };

export type ImportOptions = {
  /** How the input is named in errors ("demo.jsonl"). */
  label: string;
  /** A guess of the record count, to decide whether to rebuild indexes at the end. */
  estimatedRecords?: number;
  fraction?: (records: number) => number | null;
  isCancelled?: () => boolean;
  onProgress?: (p: ImportProgress) => void;
};

const BATCH = 2000;

function upsertSource(db: Db, s: SourceSpec, now: string): number {
  const row = db
    .prepare(
      `INSERT INTO sources (kind, uri, label, created_at, last_import_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, uri) DO UPDATE SET label = excluded.label, last_import_at = excluded.last_import_at
       RETURNING id`,
    )
    .get(s.kind, s.uri, s.label, now, now) as { id: number };
  return row.id;
}

function writeSidecar(db: Db, sourceId: number, sidecar: Sidecar): Map<number, string> {
  const paths = datasetPaths(sidecar);
  if (sidecar.project) {
    db.prepare('INSERT OR REPLACE INTO projects (source_id, id, name) VALUES (?, ?, ?)').run(
      sourceId,
      sidecar.project.id,
      sidecar.project.name,
    );
  }
  const ds = db.prepare(
    'INSERT OR REPLACE INTO datasets (source_id, id, project_id, parent_id, name, path) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const [id, d] of paths) ds.run(sourceId, id, d.project, d.parent, d.name, d.path);
  const tm = db.prepare(
    'INSERT OR REPLACE INTO tag_metas (source_id, id, name, value_type, color) VALUES (?, ?, ?, ?, ?)',
  );
  for (const t of sidecar.tags ?? []) {
    if (t.id !== undefined) tm.run(sourceId, t.id, t.name, t.value_type ?? null, t.color ?? null);
  }
  return new Map([...paths].map(([id, d]) => [id, d.path]));
}

function parseRecord(rec: IncomingRecord, label: string) {
  let value = rec.value;
  if (rec.text !== undefined) {
    try {
      value = JSON.parse(rec.text);
    } catch (err) {
      throw new LoupeError(
        'BAD_RECORD',
        `${label} line ${rec.line}: not valid JSON (${(err as Error).message}).`,
        { file: label, line: rec.line },
      );
    }
  }
  let keyed: Record<string, unknown>;
  try {
    keyed = normaliseImageKeys(value);
  } catch (err) {
    if (!(err instanceof RecordShapeError)) throw err;
    throw new LoupeError('BAD_RECORD', `${label} line ${rec.line}: ${err.message}.`, {
      file: label,
      line: rec.line,
      ...(err.field ? { field: err.field } : {}),
    });
  }
  const parsed = imageInfoSchema.safeParse(keyed);
  if (!parsed.success) {
    const { field, message } = describeIssues(parsed.error);
    throw new LoupeError('BAD_RECORD', `${label} line ${rec.line}, field ${field}: ${message}.`, {
      file: label,
      line: rec.line,
      field,
    });
  }
  return parsed.data;
}

/**
 * Imports a stream of ImageInfo records as one source, all or nothing: everything happens in
 * one write transaction, so a bad record, a cancel or a crash leaves the cache exactly as it
 * was (WAL readers keep seeing the old state meanwhile). Large loads drop the browse indexes
 * and rebuild them once at the end.
 */
export async function importRecords(
  db: Db,
  source: SourceSpec,
  records: AsyncIterable<IncomingRecord> | Iterable<IncomingRecord>,
  sidecar: Sidecar,
  opts: ImportOptions,
): Promise<JobResult> {
  const now = new Date().toISOString();
  db.exec('BEGIN IMMEDIATE');
  try {
    const sourceId = upsertSource(db, source, now);
    const countOf = db.prepare('SELECT count(*) FROM images WHERE source_id = ?').pluck();
    const before = countOf.get(sourceId) as number;
    const cacheTotal = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    const bulk = (opts.estimatedRecords ?? 0) >= Math.max(20_000, cacheTotal);
    if (bulk) dropBrowseIndexes(db);
    const writer = new ImageWriter(db, sourceId, now, writeSidecar(db, sourceId, sidecar));
    let n = 0;
    for await (const rec of records) {
      writer.write(parseRecord(rec, opts.label));
      if (++n % BATCH === 0) {
        if (opts.isCancelled?.()) throw new LoupeError('CANCELLED', 'The import was cancelled.');
        opts.onProgress?.({ records: n, fraction: opts.fraction?.(n) ?? null });
      }
    }
    if (opts.isCancelled?.()) throw new LoupeError('CANCELLED', 'The import was cancelled.');
    if (bulk) createBrowseIndexes(db);
    const after = countOf.get(sourceId) as number;
    db.prepare('UPDATE sources SET image_count = ? WHERE id = ?').run(after, sourceId);
    db.exec('COMMIT');
    opts.onProgress?.({ records: n, fraction: 1 });
    const inserted = after - before;
    return {
      records: n,
      inserted,
      updated: writer.written - inserted,
      unchanged: n - writer.written,
      source_id: sourceId,
    };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
