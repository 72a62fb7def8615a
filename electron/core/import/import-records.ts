import {
  describeIssues,
  normaliseImageKeys,
  RecordShapeError,
  type ImageInfo,
} from '../../../shared/image-info';
import { parseImageInfo } from '../../../shared/image-info-fast';
import { LoupeError } from '../../../shared/errors';
import { PROBLEM_PREVIEW, type ImportProblem, type JobResult } from '../../../shared/jobs';
import type { SourceKind } from '../../../shared/records';
import type { Db } from '../cache/open-cache';
import { ImageWriter } from '../cache/image-writer';
import { ImageFileWriter } from '../cache/image-files';
import {
  BULK_LOAD_CACHE_MIB,
  createBrowseIndexes,
  dropBrowseIndexes,
  setPragmas,
  withIndexBuildSettings,
} from '../cache/browse-indexes';
import { datasetPaths, type Sidecar } from './sidecar';
import { findForbiddenKey, mayHaveForbiddenKey } from './forbidden-keys';
import { MAX_NESTING_DEPTH, tooDeepField } from './nesting';

/**
 * A record as read: JSON text from a file, or a value a reader built. `file` names the record's
 * own file when it is not the import's (one img_info file per image); `datasetPath` is the
 * dataset folder it came from, when the reader knows it.
 */
export type IncomingRecord = {
  line: number;
  text?: string;
  value?: unknown;
  file?: string;
  datasetPath?: string;
  /** The reader could not make a record of it (an unreadable annotation, say). */
  error?: LoupeError;
  /** Where the record's image file is (or should be), relative to the source's folder. */
  imageFile?: string;
};

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
  /** Leave bad records out (and report them) instead of refusing the whole import. */
  skipBad?: boolean;
  /** Receives every skipped record, for a full report; the result carries only a preview. */
  onProblem?: (p: ImportProblem) => void;
  warnings?: readonly string[];
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

function bad(file: string, line: number, message: string, field?: string): LoupeError {
  const where = line > 0 ? `${file} line ${line}` : file;
  return new LoupeError('BAD_RECORD', `${where}${field ? `, field ${field}` : ''}: ${message}.`, {
    file,
    ...(line > 0 ? { line } : {}),
    ...(field ? { field } : {}),
  });
}

/** Text or value → a validated ImageInfo, or a BAD_RECORD error naming file, line and field. */
export function parseRecord(rec: IncomingRecord, label: string): ImageInfo {
  if (rec.error) throw rec.error;
  const file = rec.file ?? label;
  let value = rec.value;
  if (rec.text !== undefined) {
    try {
      value = JSON.parse(rec.text);
    } catch (err) {
      throw bad(file, rec.line, `not valid JSON (${(err as Error).message})`);
    }
  }
  if (rec.text === undefined || mayHaveForbiddenKey(rec.text)) {
    const key = findForbiddenKey(value);
    if (key) throw bad(file, rec.line, `the key "${key}" is not allowed in an import (it could alter objects it is merged into)`, key);
  }
  const deep = tooDeepField(value);
  if (deep) throw bad(file, rec.line, `nested deeper than ${MAX_NESTING_DEPTH} levels`, deep);
  let keyed: Record<string, unknown>;
  try {
    keyed = normaliseImageKeys(value);
  } catch (err) {
    if (!(err instanceof RecordShapeError)) throw err;
    throw bad(file, rec.line, err.message, err.field);
  }
  const parsed = parseImageInfo(keyed);
  if (!parsed.success) {
    const { field, message } = describeIssues(parsed.error);
    throw bad(file, rec.line, message, field);
  }
  return parsed.data;
}

function toProblem(err: LoupeError): ImportProblem {
  return {
    file: err.details?.file ?? '',
    line: err.details?.line ?? null,
    field: err.details?.field ?? null,
    message: err.message,
  };
}

/**
 * Imports a stream of ImageInfo records as one source, all or nothing: everything happens in
 * one write transaction, so a bad record (unless skipped), a cancel or a crash leaves the cache
 * exactly as it was, and WAL readers keep seeing the old state meanwhile. Large loads drop the
 * browse indexes and rebuild them once at the end.
 */
export async function importRecords(
  db: Db,
  source: SourceSpec,
  records: AsyncIterable<IncomingRecord> | Iterable<IncomingRecord>,
  sidecar: Sidecar,
  opts: ImportOptions,
): Promise<JobResult> {
  const now = new Date().toISOString();
  let restoreCache: (() => void) | null = null;
  db.exec('BEGIN IMMEDIATE');
  try {
    const sourceId = upsertSource(db, source, now);
    const countOf = db.prepare('SELECT count(*) FROM images WHERE source_id = ?').pluck();
    const before = countOf.get(sourceId) as number;
    const cacheTotal = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    const bulk = (opts.estimatedRecords ?? 0) >= Math.max(20_000, cacheTotal);
    if (bulk) {
      restoreCache = setPragmas(db, { cache_size: -1024 * BULK_LOAD_CACHE_MIB });
      dropBrowseIndexes(db);
    }
    const writer = new ImageWriter(db, sourceId, now, writeSidecar(db, sourceId, sidecar), { bulk });
    let imageFiles: ImageFileWriter | null = null;
    const problems: ImportProblem[] = [];
    let n = 0;
    let skipped = 0;
    for await (const rec of records) {
      let info: ImageInfo;
      try {
        info = parseRecord(rec, opts.label);
      } catch (err) {
        if (!opts.skipBad || !(err instanceof LoupeError)) throw err;
        const problem = toProblem(err);
        skipped++;
        if (problems.length < PROBLEM_PREVIEW) problems.push(problem);
        opts.onProblem?.(problem);
        continue;
      }
      writer.write(info, rec.datasetPath);
      if (rec.imageFile !== undefined) (imageFiles ??= new ImageFileWriter(db, sourceId)).record(info.id, rec.imageFile);
      if (++n % BATCH === 0) {
        if (opts.isCancelled?.()) throw new LoupeError('CANCELLED', 'The import was cancelled.');
        opts.onProgress?.({ records: n, fraction: opts.fraction?.(n + skipped) ?? null });
      }
    }
    if (opts.isCancelled?.()) throw new LoupeError('CANCELLED', 'The import was cancelled.');
    // An empty input is a mistake (a wrong file, an export that failed), not a source of nothing.
    if (n + skipped === 0) throw new LoupeError('BAD_FILE', `No records in ${opts.label}.`, { file: opts.label });
    if (bulk) {
      withIndexBuildSettings(db, () => {
        writer.finish();
        createBrowseIndexes(db);
      });
    } else writer.finish();
    const after = countOf.get(sourceId) as number;
    db.prepare('UPDATE sources SET image_count = ? WHERE id = ?').run(after, sourceId);
    const inserted = after - before;
    const result: JobResult = {
      records: n,
      inserted,
      updated: writer.written - inserted,
      unchanged: n - writer.written,
      source_id: sourceId,
      skipped,
      problems,
      warnings: (opts.warnings ?? []).slice(0, PROBLEM_PREVIEW),
    };
    recordRun(db, sourceId, now, result);
    db.exec('COMMIT');
    opts.onProgress?.({ records: n, fraction: 1 });
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    restoreCache?.();
  }
}

/** Provenance: what each committed import of a source did. */
function recordRun(db: Db, sourceId: number, startedAt: string, r: JobResult): void {
  db.prepare(
    `INSERT INTO import_runs (source_id, started_at, finished_at, records, inserted, updated, unchanged, skipped)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sourceId, startedAt, new Date().toISOString(), r.records, r.inserted, r.updated ?? 0, r.unchanged, r.skipped ?? 0);
}
