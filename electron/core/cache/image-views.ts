import { COLUMNS } from '../../../shared/columns';
import { LoupeError } from '../../../shared/errors';
import type { Query } from '../../../shared/query';
import type { ImageRow } from '../../../shared/records';
import type { ImageTag } from '../../../shared/image-info';
import type { Db } from './open-cache';
import type { TagNames } from './tag-names';

/** How many materialised views a connection keeps before dropping the oldest. */
const MAX_VIEWS = 6;

type View = { table: string; total: number };

type WindowRow = Omit<ImageRow, 'tags' | 'dataset'> & {
  source_id: number;
  dataset_id: number | null;
  dataset_path: string | null;
  tags: string;
};

/** Escapes LIKE wildcards so the user's text is matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Compiles the query to a WHERE clause and ORDER BY; identifiers come from COLUMNS only. */
export function compileQuery(query: Query): { where: string; params: unknown[]; orderBy: string } {
  const params: unknown[] = [];
  const clauses: string[] = [];
  const text = query.text.trim();
  if (text) {
    clauses.push("i.name LIKE ? ESCAPE '\\'");
    params.push(likePattern(text));
  }
  const order: string[] = [];
  for (const s of query.sort) {
    const col = COLUMNS.find((c) => c.key === s.key);
    if (!col?.sortSql) throw new LoupeError('INVALID_INPUT', `Cannot sort by "${s.key}".`);
    for (const expr of col.sortSql) order.push(`${expr} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`);
  }
  order.push('i.row_id ASC');
  return {
    where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '',
    params,
    orderBy: `ORDER BY ${order.join(', ')}`,
  };
}

/**
 * A view is the query's matching row ids, materialised once in sorted order into a temporary
 * table whose rowid is the position. Any window — first page or row 9,999,900 — is then a
 * rowid range: no OFFSET, no re-sorting while the user scrolls.
 */
export class ImageViews {
  private views = new Map<string, View>();
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly tagNames: TagNames,
  ) {}

  open(query: Query): { view_id: string; total: number } {
    const { where, params, orderBy } = compileQuery(query);
    const id = `v${++this.seq}`;
    const table = `temp.view_${this.seq}`;
    this.db.exec(`CREATE TABLE ${table} (pos INTEGER PRIMARY KEY, rid INTEGER NOT NULL)`);
    const info = this.db
      .prepare(`INSERT INTO ${table} (rid) SELECT i.row_id FROM images i ${where} ${orderBy}`)
      .run(...params);
    this.views.set(id, { table, total: info.changes });
    this.evict();
    return { view_id: id, total: info.changes };
  }

  window(viewId: string, offset: number, limit: number): { offset: number; rows: ImageRow[] } {
    const view = this.views.get(viewId);
    if (!view) throw new LoupeError('NOT_FOUND', `The view ${viewId} has expired; reload it.`);
    const rows = this.db
      .prepare(
        `SELECT i.row_id, i.source_id, i.id, i.name, i.dataset_id, i.dataset_path, i.size, i.width,
                i.height, i.labels_count, i.tags, i.created_at, i.updated_at, i.created_by
           FROM ${view.table} v JOIN images i ON i.row_id = v.rid
          WHERE v.pos > ? AND v.pos <= ? ORDER BY v.pos`,
      )
      .all(offset, offset + limit) as WindowRow[];
    return { offset, rows: rows.map((r) => this.toRow(r)) };
  }

  /** Drops every view: after a write, positions and totals may no longer be true. */
  clear(): void {
    for (const v of this.views.values()) this.db.exec(`DROP TABLE IF EXISTS ${v.table}`);
    this.views.clear();
  }

  private evict(): void {
    while (this.views.size > MAX_VIEWS) {
      const [oldest, view] = this.views.entries().next().value as [string, View];
      this.db.exec(`DROP TABLE IF EXISTS ${view.table}`);
      this.views.delete(oldest);
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

/** The dataset's path when the cache knows it, else its id. */
export function datasetLabel(path: string | null, id: number | null): string {
  return path ?? (id === null ? '—' : `dataset #${id}`);
}
