import type { Query } from '../../../shared/query';
import type { SourceKind } from '../../../shared/records';
import { compileQuery } from './compile-query';
import type { Db } from './open-cache';
import { prepared } from './statement-cache';
import { columnOfRow } from './image-docs';

/**
 * Where a record's pixels may be found: its source, and the local file of a project-folder
 * record (relative to the source's folder), or null when the import knew of none.
 */
export type PixelSource = {
  sourceId: number;
  imageId: number;
  kind: SourceKind;
  /** The source's uri: a project folder's root, a server's base URL, a file's path. */
  uri: string;
  file: string | null;
  fullStorageUrl: string | null;
  /** The remote address of an image registered by link. */
  link: string | null;
  /** What changes when the record's pixels may have changed (server records). */
  hash: string | null;
  updatedAt: string | null;
};

const PIXEL_COLUMNS = `i.source_id AS sourceId, i.id AS imageId, s.kind AS kind, s.uri AS uri, f.path AS file,
  ${columnOfRow('full_storage_url')} AS fullStorageUrl, i.link AS link, i.hash AS hash, i.updated_at AS updatedAt`;
const PIXEL_JOIN = `JOIN sources s ON s.id = i.source_id
  LEFT JOIN image_files f ON f.source_id = i.source_id AND f.image_id = i.id`;

/** Remembers, during an import's transaction, the local file of each record it writes. */
export class ImageFileWriter {
  private readonly upsert;
  constructor(
    db: Db,
    private readonly sourceId: number,
  ) {
    this.upsert = db.prepare('INSERT OR REPLACE INTO image_files (source_id, image_id, path) VALUES (?, ?, ?)');
  }

  record(imageId: number, relativePath: string): void {
    this.upsert.run(this.sourceId, imageId, relativePath);
  }
}

/** The pixel source of the record in a row of the cache, or null when there is no such row. */
export function pixelSourceOfRow(db: Db, rowId: number): PixelSource | null {
  const row = prepared(db, `SELECT ${PIXEL_COLUMNS} FROM images i ${PIXEL_JOIN} WHERE i.row_id = ?`).get(rowId);
  return (row as PixelSource | undefined) ?? null;
}

/** The pixel sources of the records a query matches, in its order, one row in memory at a time. */
export function* iteratePixelSources(db: Db, query: Query): Generator<PixelSource> {
  const { where, params, orderBy } = compileQuery(query);
  yield* db.prepare(`SELECT ${PIXEL_COLUMNS} FROM images i ${PIXEL_JOIN} ${where} ${orderBy}`).iterate(...params) as Iterable<PixelSource>;
}
