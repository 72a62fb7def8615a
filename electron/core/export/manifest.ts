import { queryText, type ExportManifest, type ExportRequest } from '../../../shared/export';
import type { Db } from '../cache/open-cache';

type SourceRow = { id: number; kind: string; label: string; uri: string; last_import_at: string | null };

/** The last completed sync of each server source, when the sync tables exist. */
function lastSyncs(db: Db): Map<number, string> {
  const has = db
    .prepare("SELECT 1 FROM pragma_table_info('sync_projects') WHERE name = 'last_synced_at'")
    .get();
  if (!has) return new Map();
  const rows = db
    .prepare('SELECT source_id, max(last_synced_at) AS at FROM sync_projects GROUP BY source_id')
    .all() as { source_id: number; at: string | null }[];
  return new Map(rows.filter((r) => r.at).map((r) => [r.source_id, r.at as string]));
}

/** The sources an export drew rows from, with how many rows each gave and when each was last loaded. */
export function manifestSources(db: Db, rowsBySource: ReadonlyMap<number, number>): ExportManifest['sources'] {
  const syncs = lastSyncs(db);
  const rows = db.prepare('SELECT id, kind, label, uri, last_import_at FROM sources ORDER BY id').all() as SourceRow[];
  return rows
    .filter((s) => rowsBySource.has(s.id))
    .map((s) => ({
      id: s.id,
      kind: s.kind,
      label: s.label,
      uri: s.uri,
      rows: rowsBySource.get(s.id) ?? 0,
      last_import_at: s.last_import_at,
      last_sync_at: syncs.get(s.id) ?? null,
    }));
}

/** The manifest's JSON, pretty-printed: it is meant to be read by people too. */
export function manifestText(m: ExportManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

export function buildManifest(args: {
  request: ExportRequest;
  appVersion: string;
  file: string;
  bytes: number;
  sha256: string;
  rows: number;
  columns: string[];
  sources: ExportManifest['sources'];
  warnings: string[];
  checks: ExportManifest['checks'];
  now: Date;
}): ExportManifest {
  const { request } = args;
  return {
    loupe_export: 1,
    app_version: args.appVersion,
    created_at: args.now.toISOString(),
    format: request.format,
    file: args.file,
    bytes: args.bytes,
    sha256: args.sha256,
    rows: args.rows,
    scope: request.scope.kind,
    query: request.query as unknown as Record<string, unknown>,
    query_text: queryText(request.query),
    columns: args.columns,
    options: request.options,
    sources: args.sources,
    warnings: args.warnings,
    checks: args.checks,
  };
}
