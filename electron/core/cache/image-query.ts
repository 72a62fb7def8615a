import type { Query } from '../../../shared/query';
import type { ImageInfo } from '../../../shared/image-info';
import type { Db } from './open-cache';
import { compileQuery } from './image-views';
import { rowToImageInfo } from './image-store';

/** How many records match a query. */
export function countMatches(db: Db, query: Query): number {
  const { where, params } = compileQuery(query);
  return db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params) as number;
}

/** Streams matching records in the query's order, one row in memory at a time. */
export function* iterateMatches(db: Db, query: Query, limit?: number): Generator<ImageInfo> {
  const { where, params, orderBy } = compileQuery(query);
  const lim = limit === undefined ? '' : ' LIMIT ?';
  const stmt = db.prepare(`SELECT i.* FROM images i ${where} ${orderBy}${lim}`);
  const rows = stmt.iterate(...params, ...(limit === undefined ? [] : [limit]));
  for (const row of rows) yield rowToImageInfo(row as Parameters<typeof rowToImageInfo>[0]);
}
