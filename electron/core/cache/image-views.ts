import type { Statement } from 'better-sqlite3';
import { LoupeError } from '../../../shared/errors';
import type { Query } from '../../../shared/query';
import type { ImageRow } from '../../../shared/records';
import type { Db } from './open-cache';
import { compileQuery, type CompiledQuery, type QueryHints } from './compile-query';
import type { TagNames } from './tag-names';
import { wholeCacheCount } from './facet-counts';
import { renderOrder, renderWhere, type Cond } from './sql-parts';
import { prepared } from './statement-cache';
import { keysetCondition, keysetOf, lastRowSql, viewAccess, type Access, type Keyset } from './view-access';
import { ROW_COLUMNS, toImageRow, type WindowRow } from './view-rows';
import { MetaWalk, metaKeyId } from './meta-sort';
import { readCells } from './view-cells';
import { isMetaColumn, metaKeyOf, DEFAULT_COLUMN_IDS } from '../../../shared/view-columns';

/** The compiler lives in compile-query.ts; re-exported for callers of the issue-2 API. */
export { compileQuery } from './compile-query';

/** How many views a connection keeps, and how many materialised ids in all, before dropping the oldest. */
const MAX_VIEWS = 6;
const MAX_IDS = 24_000_000;
/** Ids materialised before open() returns; the rest follow in background steps. */
const FIRST_STEP = 2_000;
const STEP = 100_000;
/** Up to this many matches a meta sort is one sorted INSERT; beyond, a walk of the key's index. */
const META_SORT_ALL = 20_000;

/**
 * Ids appended per background step. A step walks the sort index testing each row, so it reads
 * about ids ÷ share rows: sized by the share, every step walks about STEP rows — a filter that
 * matches 10% would otherwise walk the whole of a 1M index in one step while the next query waits.
 */
function stepSize(share: number): number {
  return Math.max(FIRST_STEP, Math.round(STEP * Math.min(1, share)));
}

type View = {
  table: string;
  total: number;
  /** Positions 1..filled are materialised. */
  filled: number;
  compiled: CompiledQuery;
  /** The sort expressions and direction, when the order can be continued by keyset. */
  keyset: Keyset | null;
  /** A meta sort's walk, when its order is materialised in steps (meta-sort.ts). */
  meta: MetaWalk | null;
  /** Chosen columns beyond a window row's own, whose values rows carry in `cells`. */
  cells: string[];
  /** The last materialised row's sort values and row id, within the current segment. */
  last: { values: unknown[]; rid: number } | null;
  /** 0 or 1: which segment of the order (NULL sort values, the rest) is being materialised. */
  segment: number;
  /** Matches ÷ records in the cache. */
  share: number;
  sortKey: string;
  access: Access;
  /** This view's statements, prepared once: they name its table, which dies with it. */
  statements: Map<string, Statement>;
};

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
    /** Matches up to which a meta sort is one sorted INSERT (lower in tests, to walk small caches). */
    private readonly metaSortAll = META_SORT_ALL,
  ) {}

  open(query: Query): OpenedView {
    const compiled = compileQuery(query);
    const id = `v${++this.seq}`;
    const table = `temp.view_${this.seq}`;
    const total = compiled.where
      ? (prepared(this.db, compiled.count.sql, 'pluck').get(...compiled.count.params) as number)
      : wholeCacheCount(this.db);
    this.db.exec(`CREATE TABLE ${table} (pos INTEGER PRIMARY KEY, rid INTEGER NOT NULL)`);
    const rows = (prepared(this.db, 'SELECT max(row_id) FROM images', 'pluck').get() as number | null) ?? 0;
    const shape = { compiled, keyset: keysetOf(query), share: rows ? total / rows : 0, sortKey: query.sort[0]?.key ?? 'name' };
    const cells = (query.columns ?? DEFAULT_COLUMN_IDS).filter((c) => !DEFAULT_COLUMN_IDS.includes(c));
    const view: View = { ...shape, meta: null, cells, table, total, filled: 0, last: null, segment: 0, access: viewAccess(shape), statements: new Map() };
    this.views.set(id, view);
    this.evict();
    const sort = query.sort[0];
    if (query.sort.length === 1 && sort && isMetaColumn(sort.key) && total > this.metaSortAll) {
      view.meta = new MetaWalk(metaKeyId((s) => this.statement(view, s), metaKeyOf(sort.key)), sort.dir === 'desc');
      this.walk(view, FIRST_STEP);
      this.fillInBackground();
    } else if (view.keyset && total > FIRST_STEP) {
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
    // A window nearer the filled part than the end: fill up to it. That walks no more of the sort
    // index than reading the window by OFFSET would, and the walk is kept for the windows after.
    if (end > view.filled && view.keyset && view.filled < view.total && end - view.filled <= view.total - offset) {
      this.step(view, end - view.filled);
      if (view.segment >= 2) view.total = view.filled;
    }
    let rows: WindowRow[];
    // A meta sort has no index of its own to read ahead from: walk on to the window.
    if (view.meta && end > view.filled) this.walk(view, end - view.filled);
    if (end <= view.filled) {
      rows = this.statement(
        view,
        `SELECT ${ROW_COLUMNS} FROM ${view.table} v JOIN images i ON i.row_id = v.rid
          WHERE v.pos > ? AND v.pos <= ? ORDER BY v.pos`,
      ).all(offset, end) as WindowRow[];
    } else {
      rows = this.fromIndex(view, offset, end - offset);
    }
    const out = rows.map((r) => toImageRow(r, this.tagNames));
    if (view.cells.length) readCells(this.db, out, view.cells);
    return { offset, rows: out };
  }

  /** Resolves when the newest view is fully materialised (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.filling) await this.filling;
  }

  /** Drops every view: after a write, positions and totals may no longer be true. */
  clear(): void {
    for (const v of this.views.values()) this.db.exec(`DROP TABLE IF EXISTS ${v.table}`);
    this.views.clear();
  }

  private statement(view: View, sql: string): Statement {
    let stmt = view.statements.get(sql);
    if (!stmt) view.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  /** The view's filter, plus `extra`, as a WHERE for its access path. */
  private where(view: View, ...extra: Cond[]) {
    return renderWhere([view.compiled.cond, ...extra], { rowIdLookup: view.access.rowIdLookup });
  }

  /** A window the table does not hold yet, by OFFSET on the sort index from the nearer end. */
  private fromIndex(view: View, offset: number, limit: number): WindowRow[] {
    const where = this.where(view);
    const fromEnd = view.total - offset - limit;
    const reverse = fromEnd < offset;
    const rows = this.statement(
      view,
      `SELECT ${ROW_COLUMNS} FROM ${view.access.from} ${where.sql} ${renderOrder(view.compiled.order, reverse)} LIMIT ? OFFSET ?`,
    ).all(...where.params, ...view.compiled.orderParams, limit, reverse ? fromEnd : offset) as WindowRow[];
    return reverse ? rows.reverse() : rows;
  }

  private fillAll(view: View): void {
    const { where, params, orderBy, orderParams } = view.compiled;
    const info = this.db.prepare(`INSERT INTO ${view.table} (rid) SELECT i.row_id FROM images i ${where} ${orderBy}`).run(...params, ...orderParams);
    view.filled = info.changes;
  }

  /**
   * Appends up to `n` ids after the last materialised one; returns how many. The order is
   * walked in two segments — NULL sort values (first when ascending, last when descending) and
   * the rest — so each step is one index range (view-access.ts).
   */
  private step(view: View, n: number): number {
    const ks = view.keyset as Keyset;
    let added = 0;
    while (added < n && view.segment < 2) {
      const nulls = (view.segment === 0) !== ks.desc;
      const where = this.where(view, keysetCondition(ks, { nulls, last: view.last }));
      const info = this.statement(
        view,
        `INSERT INTO ${view.table} (rid) SELECT i.row_id FROM ${view.access.from} ${where.sql} ${view.compiled.orderBy} LIMIT ?`,
      ).run(...where.params, n - added);
      added += info.changes;
      view.filled += info.changes;
      if (info.changes > 0) {
        const row = this.statement(view, lastRowSql(ks, view.table)).get(view.filled) as Record<string, unknown> & { rid: number };
        view.last = { values: ks.exprs.map((_, i) => row[`k${i}`]), rid: row.rid };
      }
      if (added < n) {
        view.segment++;
        view.last = null;
      }
    }
    return added;
  }

  /** A meta sort's next `n` ids; the total is exact once the walk is done. */
  private walk(view: View, n: number): number {
    const walk = view.meta as MetaWalk;
    const target = {
      table: view.table,
      where: (...extra: Cond[]) => this.where(view, ...extra),
      prepare: (s: string) => this.statement(view, s),
      filled: view.filled,
    };
    const added = walk.step(target, n);
    view.filled = target.filled;
    if (walk.done) view.total = view.filled;
    return added;
  }

  private fillInBackground(): void {
    if (this.filling) return;
    const run = async () => {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (!this.db.open) return;
        // Only the newest view: it is the one on screen. An older one reads what it lacks from
        // its sort index, as any window past the filled part does.
        const view = [...this.views.values()].pop();
        if (!view || !(view.keyset || view.meta) || view.filled >= view.total) return;
        if (view.meta) {
          this.walk(view, STEP);
          continue;
        }
        if (this.step(view, stepSize(view.share)) === 0) view.total = view.filled;
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
}
