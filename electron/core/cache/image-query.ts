import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Query } from '../../../shared/query';
import type { ImageInfo } from '../../../shared/image-info';
import type { Db } from './open-cache';
import { compileQuery } from './compile-query';
import { renderWhere, sql } from './sql-parts';
import { prepared } from './statement-cache';
import { rowToImageInfo } from './image-store';
import { DOC_SELECT, DOCS_JOIN, joinedColumn } from './image-docs';

/** How many records match a query: the same count, from the same compiler, as a view's total. */
export function countMatches(db: Db, query: Query): number {
  const { count } = compileQuery(query);
  return prepared(db, count.sql, 'pluck').get(...count.params) as number;
}

/**
 * Streams matching records in the query's order, one row in memory at a time. Streams prepare
 * their own statement: a statement being iterated is busy, so a shared one could not serve two.
 */
export function* iterateMatches(db: Db, query: Query, limit?: number): Generator<ImageInfo> {
  const { where, params, orderBy, orderParams } = compileQuery(query);
  const lim = limit === undefined ? '' : ' LIMIT ?';
  const stmt = db.prepare(`SELECT i.*, ${DOC_SELECT} FROM images i ${DOCS_JOIN} ${where} ${orderBy}${lim}`);
  const rows = stmt.iterate(...params, ...orderParams, ...(limit === undefined ? [] : [limit]));
  for (const row of rows) yield rowToImageInfo(row as Parameters<typeof rowToImageInfo>[0]);
}

/**
 * Stored columns a stream may read by name (export), as the field catalogue declares them (in
 * `images` or its doc row): the only identifiers iterateStoredRows puts into SQL text.
 */
export const STREAMABLE_COLUMNS: ReadonlySet<string> = new Set(FIELD_LISTS.schemaColumns.map((c) => c.name));

/** What an export reads: a query's matches, optionally narrowed to selected row ids. */
export type MatchScope = { query: Query; rowIds?: readonly number[] };

/** The query's filter AND the selection, if any. */
function compileScope(scope: MatchScope): { where: string; params: unknown[]; orderBy: string; orderParams: unknown[] } {
  const { cond, orderBy, orderParams } = compileQuery(scope.query);
  const selected = scope.rowIds ? [sql('i.row_id IN (SELECT value FROM json_each(?))', JSON.stringify(scope.rowIds))] : [];
  const where = renderWhere([cond, ...selected]);
  return { where: where.sql, params: where.params, orderBy, orderParams };
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
  const { where, params, orderBy, orderParams } = compileScope(scope);
  const list = columns.map(joinedColumn).join(', ');
  const stmt = db.prepare(`SELECT ${list} FROM images i ${DOCS_JOIN} ${where} ${orderBy}`).raw(true);
  yield* stmt.iterate(...params, ...orderParams) as IterableIterator<unknown[]>;
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
         FROM images i ${DOCS_JOIN}, json_each(d.meta) j ${where}
        GROUP BY j.key ORDER BY j.key LIMIT ?`,
    )
    .all(...params, limit) as { key: string; types: string }[];
  return rows.map((r) => ({ key: r.key, types: r.types.split(',') }));
}

/**
 * How a CSV cell is written in SQL: `int` as numbers; `text` guarded and quoted as needed;
 * `json` (stored JSON objects and arrays: they start with { or [ and always hold quotes) always
 * quoted; `plain` as it is (ISO dates, which import validation keeps free of , " and line
 * breaks and which start with a digit); `any` by its type (created_by).
 */
export type CsvCell = { column: string; kind: 'int' | 'text' | 'json' | 'plain' | 'any' };

/** First characters that make a spreadsheet read text as a formula: = + - @ TAB CR (NUL below). */
const FORMULA_CODES = '61, 43, 45, 64, 9, 13';

function csvTextSql(x: string, raw: boolean): string {
  // unicode() reads a C string, so a leading NUL looks empty: non-empty text with no first
  // character starts with NUL, which the guard covers too.
  const formula = `(unicode(${x}) IN (${FORMULA_CODES}) OR (unicode(${x}) IS NULL AND ${x} <> ''))`;
  const guarded = raw ? x : `(CASE WHEN ${formula} THEN '''' || ${x} ELSE ${x} END)`;
  // One GLOB scan finds any of " , LF CR (the literal holds the raw line-break characters);
  // GLOB stops at a NUL, so text holding one is quoted whatever follows it.
  const special = `(${x} GLOB '*[",\n\r]*' OR instr(${x}, char(0)))`;
  return `(CASE WHEN ${special} THEN '"' || replace(${guarded}, '"', '""') || '"' ELSE ${guarded} END)`;
}

/**
 * Streams a scope's rows as finished CSV lines built by SQLite itself (RFC 4180 quoting, the
 * formula guard unless `raw`), with each row's source id: one string per row instead of one
 * per cell, which is what lets a CSV export keep up with the sqlite3 shell (B9). Column names
 * come from STREAMABLE_COLUMNS only.
 */
export function* iterateCsvLines(
  db: Db,
  scope: MatchScope,
  cells: readonly CsvCell[],
  raw: boolean,
): Generator<[sourceId: number, line: string]> {
  const parts = cells.map(({ column, kind }) => {
    if (!STREAMABLE_COLUMNS.has(column)) throw new Error(`Not a stored column: ${column}`);
    const x = joinedColumn(column);
    if (kind === 'int' || kind === 'plain') return `ifnull(${x}, '')`;
    if (kind === 'json') return `ifnull('"' || replace(${x}, '"', '""') || '"', '')`;
    const text = csvTextSql(x, raw);
    if (kind === 'text') return `ifnull(${text}, '')`;
    // A JS number bound into an ANY column is stored as REAL: 7.0 is written 7, as JavaScript would.
    const real = `(CASE WHEN ${x} = CAST(${x} AS INTEGER) THEN CAST(${x} AS INTEGER) ELSE ${x} END)`;
    return `(CASE typeof(${x}) WHEN 'null' THEN '' WHEN 'integer' THEN ${x} WHEN 'real' THEN ${real} ELSE ${text} END)`;
  });
  const { where, params, orderBy, orderParams } = compileScope(scope);
  // concat_ws builds the line in one allocation (a chain of || copies it once per cell).
  const line = parts.length ? `concat_ws(',', ${parts.join(', ')})` : "''";
  const stmt = db.prepare(`SELECT i.source_id, ${line} FROM images i ${DOCS_JOIN} ${where} ${orderBy}`).raw(true);
  yield* stmt.iterate(...params, ...orderParams) as IterableIterator<[number, string]>;
}

/** One member of a JSON record built by SQLite: its key, the stored column, and whether it holds JSON text. */
export type JsonMember = { key: string; column: string; json: boolean };

/**
 * Streams a scope's rows as finished JSON objects built by SQLite's json_object (members in
 * the given order, JSON columns embedded as JSON), optionally followed by the members of the
 * stored `extra` object (unknown keys, kept as received), with each row's source id.
 */
export function* iterateJsonRecords(
  db: Db,
  scope: MatchScope,
  members: readonly JsonMember[],
  withExtra: boolean,
): Generator<[sourceId: number, json: string]> {
  const args = members.map(({ key, column, json }) => {
    if (!STREAMABLE_COLUMNS.has(column)) throw new Error(`Not a stored column: ${column}`);
    const x = joinedColumn(column);
    return `${quoteSqlText(key)}, ${json ? `json(${x})` : x}`;
  });
  const obj = `json_object(${args.join(', ')})`;
  // Splice rather than json_patch: a patch would drop extra keys whose value is null.
  const record = withExtra
    ? `(CASE WHEN d.extra IS NULL OR d.extra = '{}' THEN ${obj}
         ELSE substr(${obj}, 1, length(${obj}) - 1) || ',' || substr(d.extra, 2) END)`
    : obj;
  const { where, params, orderBy, orderParams } = compileScope(scope);
  const stmt = db.prepare(`SELECT i.source_id, ${record} FROM images i ${DOCS_JOIN} ${where} ${orderBy}`).raw(true);
  yield* stmt.iterate(...params, ...orderParams) as IterableIterator<[number, string]>;
}

/** A key as an SQL string literal (keys come from our column lists, quoted all the same). */
function quoteSqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
