import { basename, dirname, join } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { ExportRequest } from '../../../shared/export';
import type { JobResult } from '../../../shared/jobs';
import { countScope, iterateStoredRows, type MatchScope } from '../cache/image-query';
import type { Db } from '../cache/open-cache';
import { TagNames } from '../cache/tag-names';
import { checkSummary } from '../cache/quality-checks';
import { logExport } from '../cache/export-log';
import { RowShape } from './export-columns';
import { createTarget, type ExportTarget } from './export-targets';
import { buildManifest, manifestSources, manifestText } from './manifest';
import { smallFile, type OpenFile } from './sink';

export type ExportJob = {
  request: ExportRequest;
  /** The path the save dialog (or the command line) chose. */
  dest: string;
  appVersion: string;
};

export type ExportHooks = {
  isCancelled?: () => boolean;
  onProgress?: (p: { records: number; fraction: number | null }) => void;
  /** Tests: open the data file's descriptor (e.g. on /dev/full to make writes fail). */
  open?: OpenFile;
  /** Tests: write one file of the Supervisely layout. */
  writeFile?: (path: string, data: string, exclusive: boolean) => void;
};

const CHECK_EVERY = 1024;
const PROGRESS_EVERY_MS = 100;
const EXPORT_CACHE_KIB = 16 * 1024;

/**
 * Logs the export for the check "changed since the last export". A cache this process may
 * only read (the CLI exports from read-only copies) keeps no log. The files are in place by
 * now, so a log that cannot be written (the cache busy past its timeout) is a warning, not a
 * failed export.
 */
function logExportIfWritable(db: Db, e: Parameters<typeof logExport>[1]): string | null {
  if (db.readonly) return null;
  try {
    logExport(db, e);
    return null;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_READONLY') return null;
    return `The cache did not record this export, so "changed since the last export" still counts from the one before: ${(err as Error).message}`;
  }
}

/** `<dest>.manifest.json`, beside the file or folder. */
export function manifestPathFor(dest: string): string {
  return `${dest}.manifest.json`;
}

/** `<stem>.meta.json` beside a JSON / JSONL dump: the sidecar our importer reads back. */
function sidecarPathFor(dest: string): string {
  return join(dirname(dest), `${basename(dest).replace(/\.(jsonl|ndjson|json)$/i, '')}.meta.json`);
}

/** Dataset and tag names of the exported sources, in the sidecar shape (import/sidecar.ts). */
function sidecarText(db: Db, sourceIds: readonly number[]): string {
  const ids = JSON.stringify(sourceIds);
  const datasets = db
    .prepare(
      `SELECT id, name, parent_id, project_id FROM datasets
        WHERE source_id IN (SELECT value FROM json_each(?)) GROUP BY id ORDER BY id`,
    )
    .all(ids);
  const tags = (
    db
      .prepare(
        `SELECT id, name, value_type, color FROM tag_metas
          WHERE source_id IN (SELECT value FROM json_each(?)) GROUP BY id ORDER BY id`,
      )
      .all(ids) as Record<string, unknown>[]
  ).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== null)));
  return `${JSON.stringify({ datasets, tags }, null, 2)}\n`;
}

/**
 * Writes one export: the request's scope read in the view's order from a single read
 * snapshot (so the count, rows and manifest agree while imports commit elsewhere), streamed
 * row by row into the format's target, then the manifest; all of it lands by rename only when
 * everything is written. A cancel or a write error removes every temporary file.
 */
export async function runExport(db: Db, job: ExportJob, hooks: ExportHooks = {}): Promise<JobResult> {
  const { request, dest } = job;
  const scope: MatchScope = {
    query: request.query,
    ...(request.scope.kind === 'selection' ? { rowIds: request.scope.row_ids } : {}),
  };
  const warnings: string[] = [];
  const pending: { abort(): void; commit(): void }[] = [];
  // The worker's connection keeps a large page cache for imports; a read-once export does not
  // need it, and memory must stay flat (B9: peak RSS growth < 150 MB at 1M rows).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-EXPORT_CACHE_KIB}`);
  db.exec('BEGIN');
  try {
    const total = countScope(db, scope);
    const shape = new RowShape();
    const sourceLabels = new Map(
      (db.prepare('SELECT id, label FROM sources').all() as { id: number; label: string }[]).map((s) => [s.id, s.label]),
    );
    const target: ExportTarget = createTarget({
      shape,
      tagNames: new TagNames(db),
      sourceLabels,
      db,
      scope,
      request,
      dest,
      appVersion: job.appVersion,
      warnings,
      ...(hooks.open ? { open: hooks.open } : {}),
      ...(hooks.writeFile ? { writeFile: hooks.writeFile } : {}),
    });
    pending.push(target);
    const bySource = new Map<number, number>();
    let n = 0;
    let lastProgress = 0;
    // Either way each row starts with its source id.
    const rows = target.rows ? target.rows() : iterateStoredRows(db, scope, shape.stored);
    for (const row of rows) {
      target.row(row);
      const src = row[0] as number;
      bySource.set(src, (bySource.get(src) ?? 0) + 1);
      if (++n % CHECK_EVERY === 0) {
        if (hooks.isCancelled?.()) throw new LoupeError('CANCELLED', 'The export was cancelled.');
        const now = Date.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          hooks.onProgress?.({ records: n, fraction: total > 0 ? n / total : null });
          // Let the event loop run (the CLI's Ctrl+C handler sets the cancel flag there).
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    if (hooks.isCancelled?.()) throw new LoupeError('CANCELLED', 'The export was cancelled.');
    const sourceIds = [...bySource.keys()];
    const { bytes, sha256 } = target.finish(sourceIds);
    const manifest = buildManifest({
      request,
      appVersion: job.appVersion,
      file: basename(dest),
      bytes,
      sha256,
      rows: n,
      columns: target.columns,
      sources: manifestSources(db, bySource),
      warnings,
      // Read in the export's snapshot, so the counts are of exactly the rows written.
      checks: checkSummary(db, request.query, scope.rowIds),
      now: new Date(),
    });
    if (request.format === 'json' || request.format === 'jsonl') {
      pending.push(smallFile(sidecarPathFor(dest), sidecarText(db, sourceIds)));
    }
    const manifestPath = manifestPathFor(dest);
    pending.push(smallFile(manifestPath, manifestText(manifest)));
    // Everything is written; only renames remain. The data goes last-but-one, the manifest last.
    for (const p of pending) p.commit();
    pending.length = 0;
    db.exec('COMMIT');
    const logged = logExportIfWritable(db, { finishedAt: manifest.created_at, file: dest, format: request.format, rows: n });
    if (logged) warnings.push(logged);
    hooks.onProgress?.({ records: n, fraction: 1 });
    return {
      records: n,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      source_id: null,
      warnings: warnings.slice(0, 50),
      output: { path: dest, manifest: manifestPath, bytes, sha256 },
    };
  } catch (err) {
    for (const p of pending) p.abort();
    throw err;
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

