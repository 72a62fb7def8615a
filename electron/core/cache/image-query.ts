import type { Query } from '../../../shared/query';
import type { ImageInfo } from '../../../shared/image-info';
import type { Db } from './open-cache';
import { compileQuery } from './image-views';
import { JSON_COLUMNS, rowToImageInfo, SCALAR_COLUMNS } from './image-store';

/** How many records match a query. */
export function countMatches(db: Db, query: Query): number {
  const { where, params } = compileQuery(query);
  return db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params) as number;
}

/** Streams matching records in the query's order, one row in memory at a time. */
export function* iterateMatches(db: Db, query: Query, limit?: number): Generator<ImageInfo> {
  const { where, params, orderBy } = compileQuery(query);
  const lim = limit === undefined ? '' : ' LIMIT ?';
  const stmt = db.prepare(`SELECT i.* FROM images i ${where} ${orderBy}${lim}`);
  const rows = stmt.iterate(...params, ...(limit === undefined ? [] : [limit]));
  for (const row of rows) yield rowToImageInfo(row as Parameters<typeof rowToImageInfo>[0]);
}

/**
 * Columns of `images` a stream may read by name (issue 5, export): the only identifiers
 * iterateStoredRows puts into SQL text.
 */
export const STREAMABLE_COLUMNS: ReadonlySet<string> = new Set([
  'row_id',
  'source_id',
  'dataset_path',
  ...SCALAR_COLUMNS,
  ...JSON_COLUMNS,
]);

/** What an export reads: a query's matches, optionally narrowed to selected row ids. */
export type MatchScope = { query: Query; rowIds?: readonly number[] };

/** The query's WHERE (parenthesised, so its ORs stay inside) AND the selection, if any. */
function compileScope(scope: MatchScope): { where: string; params: unknown[]; orderBy: string } {
  const { where, params, orderBy } = compileQuery(scope.query);
  if (!scope.rowIds) return { where, params, orderBy };
  const selected = 'i.row_id IN (SELECT value FROM json_each(?))';
  return {
    where: where ? `WHERE (${where.replace(/^WHERE /, '')}) AND ${selected}` : `WHERE ${selected}`,
    params: [...params, JSON.stringify(scope.rowIds)],
    orderBy,
  };
}

/** How many records a scope holds. */
export function countScope(db: Db, scope: MatchScope): number {
  const { where, params } = compileScope(scope);
  return db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params) as number;
}

/**
 * Streams a scope's rows in the query's order as arrays of the stored values of `columns`
 * (JSON columns as their stored text): no per-row parsing, for exports of millions of rows.
 */
export function* iterateStoredRows(
  db: Db,
  scope: MatchScope,
  columns: readonly string[],
): Generator<unknown[]> {
  for (const c of columns) {
    if (!STREAMABLE_COLUMNS.has(c)) throw new Error(`Not a stored column: ${c}`);
  }
  const { where, params, orderBy } = compileScope(scope);
  const list = columns.map((c) => `i.${c}`).join(', ');
  const stmt = db.prepare(`SELECT ${list} FROM images i ${where} ${orderBy}`).raw(true);
  yield* stmt.iterate(...params) as IterableIterator<unknown[]>;
}

/** Top-level `meta` keys in a scope with the JSON types their values have, by key. */
export function metaKeysInScope(
  db: Db,
  scope: MatchScope,
  limit: number,
): { key: string; types: string[] }[] {
  const { where, params } = compileScope(scope);
  const rows = db
    .prepare(
      `SELECT j.key AS key, group_concat(DISTINCT j.type) AS types
         FROM images i, json_each(i.meta) j ${where}
        GROUP BY j.key ORDER BY j.key LIMIT ?`,
    )
    .all(...params, limit) as { key: string; types: string }[];
  return rows.map((r) => ({ key: r.key, types: r.types.split(',') }));
}
