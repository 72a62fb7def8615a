import type { Statement } from 'better-sqlite3';
import type { ImageInfo } from '../../../shared/image-info';
import { extFromMime } from '../../../shared/image-info';
import type { Db } from './open-cache';
import { JSON_COLUMNS, SCALAR_COLUMNS } from './image-store';

const COLUMNS = ['source_id', ...SCALAR_COLUMNS, ...JSON_COLUMNS, 'dataset_path', 'synced_at'];
const UPDATABLE = COLUMNS.filter((c) => c !== 'source_id' && c !== 'id');
const EXT_POS = COLUMNS.indexOf('ext');

/**
 * Upserts normalised records of one source. A record replaces the stored one only when its
 * `updated_at` is newer (or either side has none), so re-importing an older dump never
 * overwrites fresher data and importing the same file twice changes nothing.
 */
export class ImageWriter {
  private readonly stmt: Statement;
  private readonly values: unknown[] = new Array(COLUMNS.length);
  written = 0;

  constructor(
    db: Db,
    private readonly sourceId: number,
    private readonly syncedAt: string,
    private readonly datasetPaths: ReadonlyMap<number, string>,
  ) {
    this.stmt = db.prepare(
      `INSERT INTO images (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (source_id, id) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE excluded.updated_at > images.updated_at OR excluded.updated_at IS NULL
          OR images.updated_at IS NULL`,
    );
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
    v[k++] = JSON.stringify(info.meta ?? {});
    v[k++] = JSON.stringify(info.tags ?? []);
    v[k++] = info.ai_search_meta == null ? null : JSON.stringify(info.ai_search_meta);
    v[k++] = info.extra === undefined ? null : JSON.stringify(info.extra);
    v[k++] =
      datasetPath ?? (info.dataset_id == null ? null : (this.datasetPaths.get(info.dataset_id) ?? null));
    v[k++] = this.syncedAt;
    this.written += this.stmt.run(v).changes;
  }
}
