import type { Query } from '../../../shared/query';
import {
  CHECK_IDS,
  type CheckFinding,
  type CheckId,
  type CheckSummary,
} from '../../../shared/quality-checks';
import { compileQuery } from './compile-query';
import type { Db } from './open-cache';
import { FINDINGS } from './quality-check-sql';
import { isTrue, renderWhere, sql, type Fragment } from './sql-parts';
import { prepared } from './statement-cache';

/**
 * The quality checks over the records a query matches: counts per check (the checks panel,
 * the export manifest) and the findings one by one (`loupe check`). Each check's own query is
 * in quality-check-sql.ts.
 */

/** The query's filter (AND the selected row ids) as a WHERE over `images i`, or ''. */
function queryWhere(query: Query, rowIds?: readonly number[]): Fragment {
  const { cond } = compileQuery(query);
  const conds = rowIds ? [cond, sql('i.row_id IN (SELECT value FROM json_each(?))', JSON.stringify(rowIds))] : [cond];
  return conds.every(isTrue) ? { sql: '', params: [] } : renderWhere(conds);
}

/** How many of the query's records each check finds. */
export function checkSummary(db: Db, query: Query, rowIds?: readonly number[]): CheckSummary {
  const where = queryWhere(query, rowIds);
  const summary = {} as CheckSummary;
  for (const id of CHECK_IDS) {
    const f = FINDINGS[id];
    const text = where.sql
      ? `SELECT count(DISTINCT f.row_id) FROM (${f.sql}) f JOIN images i ON i.row_id = f.row_id ${where.sql}`
      : `SELECT count(DISTINCT row_id) FROM (${f.sql})`;
    summary[id] = prepared(db, text, 'pluck').get(...f.params, ...where.params) as number;
  }
  return summary;
}

/** Every finding among the query's records, check by check, each record once per check. */
export function* checkFindings(db: Db, query: Query, checks: readonly CheckId[] = CHECK_IDS): Generator<CheckFinding> {
  const where = queryWhere(query);
  for (const check of checks) {
    const f = FINDINGS[check];
    const stmt = db.prepare(
      `SELECT i.id, i.name, i.dataset_path AS dataset, group_concat(f.detail, '; ') AS detail
         FROM (${f.sql}) f JOIN images i ON i.row_id = f.row_id ${where.sql}
        GROUP BY i.row_id ORDER BY i.dataset_path, i.name, i.row_id`,
    );
    for (const r of stmt.iterate(...f.params, ...where.params) as Iterable<Omit<CheckFinding, 'check'>>) {
      yield { check, id: r.id, name: r.name, dataset: r.dataset, detail: r.detail };
    }
  }
}
