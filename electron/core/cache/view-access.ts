import { EXTRA_SORTS, sortSqlOf } from '../../../shared/columns';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Query } from '../../../shared/query';
import type { CompiledQuery } from './compile-query';
import { sql, type Cond } from './sql-parts';

/**
 * How a view reads its query's order: which index to walk and the keyset conditions that
 * continue a walk where the last step stopped.
 */

/** From these shares of the cache matching, a view walks its sort index (see viewAccess()). */
const DENSE_SHARE = 0.02;
const DENSE_SHARE_FORCE = 0.05;
/** The browse index (browse-indexes.ts) behind each sort key. */
const SORT_INDEX: Record<string, string> = Object.fromEntries([
  ...FIELD_LISTS.sortIndexes.map((i) => [i.key, i.name]),
  ...EXTRA_SORTS.map((s) => [s.key, s.index]),
]);

/** Sort expressions of one direction; only the first may be NULL (the rest are NOT NULL columns). */
export type Keyset = { exprs: string[]; desc: boolean };

/**
 * A single-key sort (plus the row-id tiebreak) can be continued by keyset: its expressions
 * share a direction, and only the first can be NULL (dataset sorts by path, then name).
 */
export function keysetOf(query: Query): Keyset | null {
  if (query.sort.length !== 1) return null;
  const s = query.sort[0] as Query['sort'][number];
  const exprs = sortSqlOf(s.key);
  if (!exprs || !exprs.slice(1).every((e) => e === 'i.name')) return null;
  return { exprs: [...exprs], desc: s.dir === 'desc' };
}

export type ViewShape = { compiled: CompiledQuery; keyset: Keyset | null; share: number; sortKey: string };

/** The FROM clause and whether row-id set conditions may be looked up by row id. */
export type Access = { from: string; rowIdLookup: boolean };

/**
 * How to read a view's order. Few matches: look them up (by row id or the filter's index) and
 * sort them. Many: walk the sort index and test each row — for row-id set clauses (rendered
 * without row-id lookups) that reads only index pages; from DENSE_SHARE_FORCE of the cache on,
 * the sort index is forced (INDEXED BY) for column filters too.
 */
export function viewAccess(view: ViewShape): Access {
  if (view.share < DENSE_SHARE) return { from: 'images i', rowIdLookup: true };
  const index = view.keyset && view.share >= DENSE_SHARE_FORCE ? SORT_INDEX[view.sortKey] : undefined;
  return { from: index ? `images i INDEXED BY ${index}` : 'images i', rowIdLookup: false };
}

/** Where a keyset step stands: NULL sort values or the rest, and the last row taken. */
export type StepPosition = { nulls: boolean; last: { values: unknown[]; rid: number } | null };

/**
 * The condition that continues the order after `pos.last`, within one segment — so each step
 * is one index range: `(expr, row_id) > (?, ?)`.
 */
export function keysetCondition(ks: Keyset, pos: StepPosition): Cond {
  const cmp = ks.desc ? '<' : '>';
  const first = ks.exprs[0] as string;
  const { last } = pos;
  const tuple = (cols: string[]) => `(${cols.join(', ')}) ${cmp} (${cols.map(() => '?').join(', ')})`;
  if (pos.nulls) {
    const cols = [...ks.exprs.slice(1), 'i.row_id'];
    return last ? sql(`${first} IS NULL AND ${tuple(cols)}`, ...last.values.slice(1), last.rid) : sql(`${first} IS NULL`);
  }
  // The plain bound on the first expression lets an expression index (width * height) seek
  // too; the row value then orders ties exactly.
  const cols = [...ks.exprs, 'i.row_id'];
  return last
    ? sql(`${first} ${cmp}= ? AND ${tuple(cols)}`, last.values[0], ...last.values, last.rid)
    : sql(`${first} IS NOT NULL`);
}

/** The sort values of the row at a position of a view's table, to continue after it. */
export function lastRowSql(ks: Keyset, table: string): string {
  return `SELECT ${ks.exprs.map((e, i) => `${e} AS k${i}`).join(', ')}, i.row_id AS rid
            FROM ${table} v JOIN images i ON i.row_id = v.rid WHERE v.pos = ?`;
}
