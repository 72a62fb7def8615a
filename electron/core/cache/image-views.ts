import { COLUMNS } from '../../../shared/columns';
import { LoupeError } from '../../../shared/errors';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Query } from '../../../shared/query';
import type { ImageRow } from '../../../shared/records';
import type { ImageTag } from '../../../shared/image-info';
import type { Db } from './open-cache';
import { compileQuery, type CompiledQuery, type QueryHints } from './compile-query';
import type { TagNames } from './tag-names';
import { wholeCacheCount } from './facets';

/** The compiler lives in compile-query.ts; re-exported for callers of the issue-2 API. */
export { compileQuery } from './compile-query';

/** How many views a connection keeps, and how many materialised ids in all, before dropping the oldest. */
const MAX_VIEWS = 6;
const MAX_IDS = 24_000_000;
/** Ids materialised before open() returns; the rest follow in background steps. */
const FIRST_STEP = 2_000;
const STEP = 100_000;
/** From these shares of the cache matching, a view walks its sort index (see access()). */
const DENSE_SHARE = 0.02;
const DENSE_SHARE_FORCE = 0.05;
/** The browse index (browse-indexes.ts) behind each sort key. */
const SORT_INDEX: Record<string, string> = Object.fromEntries(FIELD_LISTS.sortIndexes.map((i) => [i.key, i.name]));

type View = {
  table: string;
  total: number;
  /** Positions 1..filled are materialised. */
  filled: number;
  compiled: CompiledQuery;
  /** The sort expressions and direction, when the order can be continued by keyset. */
  keyset: Keyset | null;
  /** The last materialised row's sort values and row id, within the current segment. */
  last: { values: unknown[]; rid: number } | null;
  /** 0 or 1: which segment of the order (NULL sort values, the rest) is being materialised. */
  segment: number;
  /** Matches ÷ records in the cache. */
  share: number;
  sortKey: string;
};

/** Sort expressions of one direction; only the first may be NULL (the rest are NOT NULL columns). */
type Keyset = { exprs: string[]; desc: boolean };

type WindowRow = Omit<ImageRow, 'tags' | 'dataset'> & {
  source_id: number;
  dataset_id: number | null;
  dataset_path: string | null;
  tags: string;
};

const ROW_COLUMNS = `i.row_id, i.source_id, i.id, i.name, i.dataset_id, i.dataset_path, i.size, i.width,
  i.height, i.labels_count, i.tags, i.created_at, i.updated_at, i.created_by`;

export type OpenedView = { view_id: string; total: number; hints: QueryHints };

/**
 * A view is the query's matching row ids in sorted order, materialised into a temporary table
 * whose rowid is the position, so any window — first page or row 9,999,900 — is a rowid range:
 * no OFFSET, no re-sorting while the user scrolls (measured against keyset paging in B6).
 *
 * Materialising 10M ids takes seconds, so open() counts, materialises the first FIRST_STEP
 * ids and returns; the rest are appended in STEP-sized keyset steps (continuing after the last
 * sort value, through the sort index) between other calls. A window past the materialised part
 * is read straight from the sort index — from whichever end is nearer, so "jump to the last
 * row" is instant too.
 */
export class ImageViews {
  private views = new Map<string, View>();
  private seq = 0;
  private filling: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly tagNames: TagNames,
  ) {}

  open(query: Query): OpenedView {
    const compiled = compileQuery(query);
    const id = `v${++this.seq}`;
    const table = `temp.view_${this.seq}`;
    const total = compiled.where
      ? (this.db.prepare(compiled.count.sql).pluck().get(...compiled.count.params) as number)
      : wholeCacheCount(this.db);
    this.db.exec(`CREATE TABLE ${table} (pos INTEGER PRIMARY KEY, rid INTEGER NOT NULL)`);
    const rows = (this.db.prepare('SELECT max(row_id) FROM images').pluck().get() as number | null) ?? 0;
    const view: View = {
      table,
      total,
      filled: 0,
      compiled,
      keyset: keysetOf(query),
      last: null,
      segment: 0,
      share: rows ? total / rows : 0,
      sortKey: query.sort[0]?.key ?? 'name',
    };
    this.views.set(id, view);
    this.evict();
    if (view.keyset && total > FIRST_STEP) {
      this.step(view, FIRST_STEP);
      this.fillInBackground();
    } else if (total > 0 || !view.keyset) {
      // A few matches (a search for one file, say): one sorted INSERT … SELECT materialises
      // them all, where keyset steps would run the filter once per segment.
      this.fillAll(view);
      view.total = view.filled;
    }
    return { view_id: id, total: view.total, hints: compiled.hints };
  }

  window(viewId: string, offset: number, limit: number): { offset: number; rows: ImageRow[] } {
    const view = this.views.get(viewId);
    if (!view) throw new LoupeError('NOT_FOUND', `The view ${viewId} has expired; reload it.`);
    const end = Math.min(offset + limit, view.total);
    if (end <= offset) return { offset, rows: [] };
    let rows: WindowRow[];
    if (end <= view.filled) {
      rows = this.db
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM ${view.table} v JOIN images i ON i.row_id = v.rid
            WHERE v.pos > ? AND v.pos <= ? ORDER BY v.pos`,
        )
        .all(offset, end) as WindowRow[];
    } else {
      rows = this.fromIndex(view, offset, end - offset);
    }
    return { offset, rows: rows.map((r) => this.toRow(r)) };
  }

  /** Resolves when every open view is fully materialised (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.filling) await this.filling;
  }

  /** Drops every view: after a write, positions and totals may no longer be true. */
  clear(): void {
    for (const v of this.views.values()) this.db.exec(`DROP TABLE IF EXISTS ${v.table}`);
    this.views.clear();
  }

  /**
   * How to read a view's order. Few matches: look them up (by row id or the filter's index) and
   * sort them. Many: walk the sort index and test each row — for row-id set clauses ("+" keeps
   * the planner off the row-id lookups) that reads only index pages; from DENSE_SHARE_FORCE of
   * the cache on, the sort index is forced (INDEXED BY) for column filters too.
   */
  private access(view: View): { from: string; where: string } {
    let where = view.compiled.where;
    if (view.share < DENSE_SHARE) return { from: 'images i', where };
    where = where.replaceAll('i.row_id IN (', '+i.row_id IN (');
    const index = view.keyset && view.share >= DENSE_SHARE_FORCE ? SORT_INDEX[view.sortKey] : undefined;
    return { from: index ? `images i INDEXED BY ${index}` : 'images i', where };
  }

  /** A window the table does not hold yet, by OFFSET on the sort index from the nearer end. */
  private fromIndex(view: View, offset: number, limit: number): WindowRow[] {
    const { params, orderBy } = view.compiled;
    const { from, where } = this.access(view);
    const fromEnd = view.total - offset - limit;
    if (fromEnd < offset) {
      const reversed = reverseOrder(orderBy);
      const rows = this.db
        .prepare(`SELECT ${ROW_COLUMNS} FROM ${from} ${where} ${reversed} LIMIT ? OFFSET ?`)
        .all(...params, limit, fromEnd) as WindowRow[];
      return rows.reverse();
    }
    return this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM ${from} ${where} ${orderBy} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as WindowRow[];
  }

  private fillAll(view: View): void {
    const { where, params, orderBy } = view.compiled;
    const info = this.db.prepare(`INSERT INTO ${view.table} (rid) SELECT i.row_id FROM images i ${where} ${orderBy}`).run(...params);
    view.filled = info.changes;
  }

  /**
   * Appends up to `n` ids after the last materialised one; returns how many. The order is
   * walked in two segments — NULL sort values (first when ascending, last when descending) and
   * the rest — so each step is one index range: `(expr, row_id) > (?, ?)`.
   */
  private step(view: View, n: number): number {
    const ks = view.keyset as Keyset;
    const { params, orderBy } = view.compiled;
    const { from, where } = this.access(view);
    const base = where ? `(${where.slice('WHERE '.length)}) AND ` : '';
    const cmp = ks.desc ? '<' : '>';
    const first = ks.exprs[0] as string;
    let added = 0;
    while (added < n && view.segment < 2) {
      const nulls = (view.segment === 0) !== ks.desc;
      const last = view.last;
      let cond: string;
      let args: unknown[];
      if (nulls) {
        const rest = ks.exprs.slice(1);
        cond = `${first} IS NULL${last ? ` AND (${[...rest, 'i.row_id'].join(', ')}) ${cmp} (${[...rest, 'i.row_id'].map(() => '?').join(', ')})` : ''}`;
        args = last ? [...last.values.slice(1), last.rid] : [];
      } else {
        // The plain bound on the first expression lets an expression index (width * height)
        // seek too; the row value then orders ties exactly.
        const cols = [...ks.exprs, 'i.row_id'];
        cond = last
          ? `${first} ${cmp}= ? AND (${cols.join(', ')}) ${cmp} (${cols.map(() => '?').join(', ')})`
          : `${first} IS NOT NULL`;
        args = last ? [last.values[0], ...last.values, last.rid] : [];
      }
      const info = this.db
        .prepare(`INSERT INTO ${view.table} (rid) SELECT i.row_id FROM ${from} WHERE ${base}${cond} ${orderBy} LIMIT ?`)
        .run(...params, ...args, n - added);
      added += info.changes;
      view.filled += info.changes;
      if (info.changes > 0) {
        const row = this.db
          .prepare(
            `SELECT ${ks.exprs.map((e, i) => `${e} AS k${i}`).join(', ')}, i.row_id AS rid
               FROM ${view.table} v JOIN images i ON i.row_id = v.rid WHERE v.pos = ?`,
          )
          .get(view.filled) as Record<string, unknown> & { rid: number };
        view.last = { values: ks.exprs.map((_, i) => row[`k${i}`]), rid: row.rid };
      }
      if (added < n) {
        view.segment++;
        view.last = null;
      }
    }
    return added;
  }

  private fillInBackground(): void {
    if (this.filling) return;
    const run = async () => {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (!this.db.open) return;
        // Newest view first: it is the one on screen.
        const view = [...this.views.values()].reverse().find((v) => v.keyset && v.filled < v.total);
        if (!view) return;
        if (this.step(view, STEP) === 0) view.total = view.filled;
        if (view.segment >= 2) view.total = view.filled;
      }
    };
    this.filling = run().finally(() => {
      this.filling = null;
    });
  }

  private evict(): void {
    let ids = 0;
    for (const v of this.views.values()) ids += v.total;
    while (this.views.size > MAX_VIEWS || (this.views.size > 1 && ids > MAX_IDS)) {
      const [oldest, view] = this.views.entries().next().value as [string, View];
      this.db.exec(`DROP TABLE IF EXISTS ${view.table}`);
      this.views.delete(oldest);
      ids -= view.total;
    }
  }

  private toRow(r: WindowRow): ImageRow {
    const tags = JSON.parse(r.tags) as ImageTag[];
    return {
      row_id: r.row_id,
      id: r.id,
      name: r.name,
      dataset: datasetLabel(r.dataset_path, r.dataset_id),
      size: r.size,
      width: r.width,
      height: r.height,
      labels_count: r.labels_count,
      tags: tags.map((t) => this.tagNames.nameOf(r.source_id, t)),
      created_at: r.created_at,
      updated_at: r.updated_at,
      created_by: r.created_by,
    };
  }
}

/**
 * A single-key sort (plus the row-id tiebreak) can be continued by keyset: its expressions
 * share a direction, and only the first can be NULL (dataset sorts by path, then name).
 */
function keysetOf(query: Query): Keyset | null {
  if (query.sort.length !== 1) return null;
  const s = query.sort[0] as Query['sort'][number];
  const exprs = COLUMNS.find((c) => c.key === s.key)?.sortSql;
  if (!exprs || !exprs.slice(1).every((e) => e === 'i.name')) return null;
  return { exprs: [...exprs], desc: s.dir === 'desc' };
}

/** ORDER BY with every direction flipped, for reading from the end. */
function reverseOrder(orderBy: string): string {
  return orderBy.replace(/\b(ASC|DESC)\b/g, (d) => (d === 'ASC' ? 'DESC' : 'ASC'));
}

/** The dataset's path when the cache knows it, else its id. */
export function datasetLabel(path: string | null, id: number | null): string {
  return path ?? (id === null ? '—' : `dataset #${id}`);
}
