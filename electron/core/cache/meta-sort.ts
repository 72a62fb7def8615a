import type { Statement } from 'better-sqlite3';
import { sql, type Cond, type Fragment, type OrderTerm } from './sql-parts';

/**
 * Sorting by a meta key (#19). A record's sort value is its smallest non-null value of the key
 * (arrays give a key several values); numbers sort numerically before text (SQLite's order of
 * types), and records without a value come last in both directions. The key is always a bound
 * value, never SQL text.
 */
const KEY_ID = '(SELECT id FROM meta_keys WHERE key = ?)';
/**
 * Per-record lookups go through meta_values_row (row_id, key_id): left to itself the planner
 * picks meta_values_key and walks every value of the key for each record (seconds at 100k).
 */
const BY_ROW = 'meta_values x INDEXED BY meta_values_row';
const VALUE = `(SELECT min(x.v) FROM ${BY_ROW} WHERE x.row_id = i.row_id AND x.key_id = ${KEY_ID})`;

/** ORDER BY terms for a meta sort: missing values last, then the value (the row id follows). */
export function metaOrderTerms(key: string, desc: boolean): OrderTerm[] {
  return [
    { expr: `${VALUE} IS NULL`, desc: false, params: [key] },
    { expr: VALUE, desc, params: [key] },
  ];
}

/** The catalogue id of a meta key, or null when no record has it. */
export function metaKeyId(prepare: (sql: string) => Statement, key: string): number | null {
  const id = prepare('SELECT id FROM meta_keys WHERE key = ?').pluck().get(key);
  return typeof id === 'number' ? id : null;
}

/** What a walk step needs from its view: the filter as a WHERE and statements by text. */
export type WalkTarget = {
  table: string;
  where: (...extra: Cond[]) => Fragment;
  prepare: (sql: string) => Statement;
  filled: number;
};

/**
 * Materialises a meta sort's order in steps, each one index range, so the first page of a
 * million records costs a page, not a sort of all of them (bench B7):
 * - segment 0, records with a value: a walk of meta_values_key (key_id, v, row_id) from the
 *   last value taken; a record with several values is taken at its smallest one only;
 * - segment 1, records without one: the rows by row id that have no non-null value of the key.
 * Together that is the order metaOrderTerms() describes.
 */
export class MetaWalk {
  private segment: 0 | 1 | 2;
  private last: { v: unknown; rid: number } | null = null;

  constructor(
    private readonly keyId: number | null,
    private readonly desc: boolean,
  ) {
    this.segment = keyId === null ? 1 : 0;
  }

  get done(): boolean {
    return this.segment === 2;
  }

  /** Appends up to `n` ids to the view's table; returns how many. */
  step(view: WalkTarget, n: number): number {
    let added = 0;
    while (added < n && this.segment < 2) {
      const got = this.segment === 0 ? this.valued(view, n - added) : this.missing(view, n - added);
      added += got;
      view.filled += got;
      if (added < n) {
        this.segment++;
        this.last = null;
      }
    }
    return added;
  }

  private valued(view: WalkTarget, n: number): number {
    const cmp = this.desc ? '<' : '>';
    const dir = this.desc ? 'DESC' : 'ASC';
    const conds: Cond[] = [
      sql('m.key_id = ? AND m.v IS NOT NULL', this.keyId),
      sql(`m.v = (SELECT min(x.v) FROM ${BY_ROW} WHERE x.row_id = m.row_id AND x.key_id = m.key_id)`),
    ];
    const last = this.last;
    if (last) conds.push(sql(`m.v ${cmp}= ? AND (m.v, m.row_id) ${cmp} (?, ?)`, last.v, last.v, last.rid));
    const where = view.where(...conds);
    const changes = view
      .prepare(
        `INSERT INTO ${view.table} (rid) SELECT m.row_id
           FROM meta_values m INDEXED BY meta_values_key CROSS JOIN images i ON i.row_id = m.row_id
           ${where.sql} ORDER BY m.v ${dir}, m.row_id ${dir} LIMIT ?`,
      )
      .run(...where.params, n).changes;
    if (changes > 0) {
      const row = view
        .prepare(
          `SELECT (SELECT min(x.v) FROM ${BY_ROW} WHERE x.row_id = v.rid AND x.key_id = ?) AS k, v.rid AS rid
             FROM ${view.table} v WHERE v.pos = ?`,
        )
        .get(this.keyId, view.filled + changes) as { k: unknown; rid: number };
      this.last = { v: row.k, rid: row.rid };
    }
    return changes;
  }

  private missing(view: WalkTarget, n: number): number {
    const cmp = this.desc ? '<' : '>';
    const dir = this.desc ? 'DESC' : 'ASC';
    const conds: Cond[] = [];
    if (this.keyId !== null) {
      conds.push(
        sql(`NOT EXISTS (SELECT 1 FROM ${BY_ROW} WHERE x.row_id = i.row_id AND x.key_id = ? AND x.v IS NOT NULL)`, this.keyId),
      );
    }
    if (this.last) conds.push(sql(`i.row_id ${cmp} ?`, this.last.rid));
    const where = view.where(...conds);
    const changes = view
      .prepare(`INSERT INTO ${view.table} (rid) SELECT i.row_id FROM images i ${where.sql} ORDER BY i.row_id ${dir} LIMIT ?`)
      .run(...where.params, n).changes;
    if (changes > 0) {
      const rid = view.prepare(`SELECT rid FROM ${view.table} WHERE pos = ?`).pluck().get(view.filled + changes) as number;
      this.last = { v: null, rid };
    }
    return changes;
  }
}
