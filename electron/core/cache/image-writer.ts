import type { Statement } from 'better-sqlite3';
import type { ImageInfo } from '../../../shared/image-info';
import { extFromMime } from '../../../shared/image-info';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Db } from './open-cache';
import { JSON_COLUMNS, SCALAR_COLUMNS } from './image-store';
import { SearchIndex } from './search-index';
import { DOC_COLUMNS, DOCS_JOIN, joinedColumn } from './image-docs';

const COLUMNS = ['source_id', ...SCALAR_COLUMNS, ...JSON_COLUMNS, 'dataset_path', 'synced_at'];
/** Positions in COLUMNS of what `images` stores, and of what `image_docs` stores. */
const NARROW_POS = COLUMNS.flatMap((c, i) => (DOC_COLUMNS.has(c) ? [] : [i]));
const DOC_POS = COLUMNS.flatMap((c, i) => (DOC_COLUMNS.has(c) ? [i] : []));
const NARROW = NARROW_POS.map((i) => COLUMNS[i] as string);
const DOCS = DOC_POS.map((i) => COLUMNS[i] as string);
const UPDATABLE = NARROW.filter((c) => c !== 'source_id' && c !== 'id');
const EXT_POS = COLUMNS.indexOf('ext');
const UPDATED_AT_POS = COLUMNS.indexOf('updated_at');
const META_POS = COLUMNS.indexOf('meta');
/** Distinct changed-column sets whose UPDATE stays prepared; past this the widest one serves. */
const MAX_UPDATE_SHAPES = 64;
/** Per JSON column, the text stored when a record has no value ('{}' for meta, '[]' for tags). */
const JSON_EMPTY = JSON_COLUMNS.map(
  (c) => FIELD_LISTS.schemaColumns.find((s) => s.name === c)?.empty ?? null,
);

export type ImageWriterOptions = {
  /**
   * A bulk load: the search side tables are not touched per row; `finish()` rebuilds them
   * from `images` in one pass (search-index.ts). Otherwise each changed row is indexed as it
   * is written.
   */
  bulk?: boolean;
};

/**
 * Upserts normalised records of one source. A record replaces the stored one only when its
 * `updated_at` is newer (or either side has none), so re-importing an older dump never
 * overwrites fresher data and importing the same file twice changes nothing.
 *
 * It is also the one write path for the derived search data: every changed row is
 * indexed by SearchIndex, or — in a bulk load — everything is rebuilt by `finish()`. Callers
 * (import, sync) call `finish()` before they commit.
 */
export class ImageWriter {
  private readonly stmt: Statement;
  private readonly insert: Statement;
  private readonly stored: Statement;
  /** Writes a record's doc row (new, or replacing the one a rewrite replaces). */
  private readonly putDoc: Statement;
  private readonly db: Db;
  /** UPDATE statements by the columns they write. */
  private readonly updates = new Map<string, Statement>();
  private readonly search: SearchIndex;
  private readonly bulk: boolean;
  private readonly values: unknown[] = new Array(COLUMNS.length);
  private readonly narrowValues: unknown[] = new Array(NARROW.length);
  private readonly docValues: unknown[] = new Array(DOCS.length + 1);
  /** Row ids above this were inserted by this writer; at or below, a bulk load rewrote them. */
  private readonly rowIdsBefore: number;
  private readonly rewritten: number[] = [];
  written = 0;

  constructor(
    db: Db,
    private readonly sourceId: number,
    private readonly syncedAt: string,
    private readonly datasetPaths: ReadonlyMap<number, string>,
    opts: ImageWriterOptions = {},
  ) {
    this.bulk = opts.bulk ?? false;
    this.db = db;
    this.insert = db.prepare(
      `INSERT INTO images (${NARROW.join(', ')}) VALUES (${NARROW.map(() => '?').join(', ')}) RETURNING row_id`,
    );
    this.putDoc = db.prepare(
      `INSERT OR REPLACE INTO image_docs (row_id, ${DOCS.join(', ')}) VALUES (?, ${DOCS.map(() => '?').join(', ')})`,
    );
    this.stored = db
      .prepare(
        `SELECT i.row_id, ${COLUMNS.map(joinedColumn).join(', ')} FROM images i ${DOCS_JOIN} WHERE i.source_id = ? AND i.id = ?`,
      )
      .raw();
    this.stmt = db.prepare(
      `INSERT INTO images (${NARROW.join(', ')}) VALUES (${NARROW.map(() => '?').join(', ')})
       ON CONFLICT (source_id, id) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE excluded.updated_at > images.updated_at OR excluded.updated_at IS NULL
          OR images.updated_at IS NULL
       RETURNING row_id`,
    );
    this.search = new SearchIndex(db);
    this.rowIdsBefore =
      (db.prepare('SELECT max(row_id) FROM images').pluck().get() as number | null) ?? 0;
    if (this.bulk) this.search.beginBulk();
  }

  /**
   * Completes the derived search data — a bulk load builds its indexes, catalogue and facet
   * counts here. Call once, after the last write and before commit.
   */
  finish(): void {
    if (this.bulk) this.search.finishBulk(this.rewritten);
    else this.search.flush();
  }

  /** Upserts one record; `datasetPath` (from a project folder) wins over the dataset id map. */
  write(info: ImageInfo, datasetPath?: string): void {
    const v = this.values;
    let k = 0;
    v[k++] = this.sourceId;
    for (const c of SCALAR_COLUMNS) {
      const x = info[c];
      v[k++] = x === undefined ? null : x;
    }
    if (v[EXT_POS] === null) v[EXT_POS] = extFromMime(info.mime);
    for (let j = 0; j < JSON_COLUMNS.length; j++) {
      const x = info[JSON_COLUMNS[j] as (typeof JSON_COLUMNS)[number]];
      v[k++] = x == null ? (JSON_EMPTY[j] as string | null) : JSON.stringify(x);
    }
    v[k++] =
      datasetPath ??
      (info.dataset_id == null ? null : (this.datasetPaths.get(info.dataset_id) ?? null));
    v[k++] = this.syncedAt;
    if (!this.bulk) {
      this.writeTargeted(info);
      return;
    }
    const row = this.stmt.get(this.narrow()) as { row_id: number } | undefined;
    if (!row) return;
    this.writeDoc(row.row_id);
    this.written++;
    if (row.row_id > this.rowIdsBefore) this.search.indexNew(row.row_id, this.sourceId, info);
    else this.rewritten.push(row.row_id);
  }

  /**
   * A write into a live cache (sync, a small import): a new record is inserted; a stored one
   * that this record replaces (the upsert rule) gets an UPDATE of only the columns whose value
   * differs, so only their indexes move, and only the side tables fed by a changed field are
   * derived again. An incremental sync mostly changes updated_at, labels, meta and tags.
   */
  private writeTargeted(info: ImageInfo): void {
    const v = this.values;
    const old = this.stored.get(this.sourceId, info.id) as unknown[] | undefined;
    if (!old) {
      const row = this.insert.get(this.narrow()) as { row_id: number };
      this.writeDoc(row.row_id);
      this.written++;
      this.search.indexRecord(row.row_id, this.sourceId, info);
      return;
    }
    const next = v[UPDATED_AT_POS];
    const prev = old[UPDATED_AT_POS + 1];
    if (!(next === null || prev === null || (next as string) > (prev as string))) return;
    const rowId = old[0] as number;
    const changed: string[] = [];
    this.written++;
    for (const [table, positions] of [['images', NARROW_POS], ['image_docs', DOC_POS]] as const) {
      const columns: string[] = [];
      const args: unknown[] = [];
      for (const i of positions) {
        if (v[i] !== old[i + 1]) {
          columns.push(COLUMNS[i] as string);
          args.push(v[i]);
        }
      }
      if (columns.length === 0) continue;
      args.push(rowId);
      this.updateOf(table, columns).run(args);
      changed.push(...columns);
    }
    if (changed.length === 0) return;
    const touched = new Set(changed);
    this.search.reindexChanged(
      rowId,
      this.sourceId,
      info,
      {
        name: touched.has('name'),
        words: touched.has('description') || touched.has('tags') || touched.has('meta'),
        tags: touched.has('tags'),
        meta: touched.has('meta'),
        hash: touched.has('hash'),
      },
      touched.has('meta') ? JSON.parse(old[META_POS + 1] as string) : undefined,
    );
  }

  /** The record's values that `images` stores, in NARROW's order. */
  private narrow(): unknown[] {
    const out = this.narrowValues;
    for (let j = 0; j < NARROW_POS.length; j++) out[j] = this.values[NARROW_POS[j] as number];
    return out;
  }

  /** Writes the record's doc row under its row id. */
  private writeDoc(rowId: number): void {
    const out = this.docValues;
    out[0] = rowId;
    for (let j = 0; j < DOC_POS.length; j++) out[j + 1] = this.values[DOC_POS[j] as number];
    this.putDoc.run(out);
  }

  /** The UPDATE of these columns of one table (names from COLUMNS only), prepared once per set. */
  private updateOf(table: 'images' | 'image_docs', columns: readonly string[]): Statement {
    const key = `${table}:${columns.join(',')}`;
    let stmt = this.updates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(
        `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE row_id = ?`,
      );
      if (this.updates.size < MAX_UPDATE_SHAPES) this.updates.set(key, stmt);
    }
    return stmt;
  }
}
