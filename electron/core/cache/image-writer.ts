import type { Statement } from 'better-sqlite3';
import type { ImageInfo } from '../../../shared/image-info';
import { extFromMime } from '../../../shared/image-info';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Db } from './open-cache';
import { JSON_COLUMNS, SCALAR_COLUMNS } from './image-store';
import { SearchIndex } from './search-index';

const COLUMNS = ['source_id', ...SCALAR_COLUMNS, ...JSON_COLUMNS, 'dataset_path', 'synced_at'];
const UPDATABLE = COLUMNS.filter((c) => c !== 'source_id' && c !== 'id');
const EXT_POS = COLUMNS.indexOf('ext');
/** Per JSON column, the text stored when a record has no value ('{}' for meta, '[]' for tags). */
const JSON_EMPTY = JSON_COLUMNS.map((c) => FIELD_LISTS.schemaColumns.find((s) => s.name === c)?.empty ?? null);

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
  private readonly search: SearchIndex;
  private readonly bulk: boolean;
  private readonly values: unknown[] = new Array(COLUMNS.length);
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
    this.stmt = db.prepare(
      `INSERT INTO images (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (source_id, id) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE excluded.updated_at > images.updated_at OR excluded.updated_at IS NULL
          OR images.updated_at IS NULL
       RETURNING row_id`,
    );
    this.search = new SearchIndex(db);
    this.rowIdsBefore = (db.prepare('SELECT max(row_id) FROM images').pluck().get() as number | null) ?? 0;
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
      datasetPath ?? (info.dataset_id == null ? null : (this.datasetPaths.get(info.dataset_id) ?? null));
    v[k++] = this.syncedAt;
    const row = this.stmt.get(v) as { row_id: number } | undefined;
    if (!row) return;
    this.written++;
    if (!this.bulk) this.search.indexRecord(row.row_id, this.sourceId, info);
    else if (row.row_id > this.rowIdsBefore) this.search.indexNew(row.row_id, this.sourceId, info);
    else this.rewritten.push(row.row_id);
  }
}
