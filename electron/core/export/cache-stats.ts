import type { Db } from '../cache/open-cache';
import { DOCS_JOIN } from '../cache/image-docs';

export type CacheStats = {
  images: number;
  sources: { id: number; kind: string; label: string; images: number; last_import_at: string | null }[];
  datasets: { source_id: number; dataset: string; images: number }[];
  tags: { source_id: number; tag: string; images: number }[];
};

/**
 * What the cache holds, counted by source, by dataset and by tag (images carrying it). A full
 * pass over the images: meant for `loupe stats`, not for an interactive path.
 */
export function cacheStats(db: Db): CacheStats {
  const sources = db
    .prepare(
      `SELECT s.id, s.kind, s.label, s.last_import_at,
              (SELECT count(*) FROM images i WHERE i.source_id = s.id) AS images
         FROM sources s ORDER BY s.id`,
    )
    .all() as CacheStats['sources'];
  const datasets = db
    .prepare(
      `SELECT source_id, coalesce(dataset_path, 'dataset #' || dataset_id, '(no dataset)') AS dataset,
              count(*) AS images
         FROM images GROUP BY source_id, dataset ORDER BY source_id, images DESC, dataset`,
    )
    .all() as CacheStats['datasets'];
  const tags = db
    .prepare(
      `WITH uses AS (
         SELECT DISTINCT i.row_id, i.source_id, json_extract(t.value, '$.tagId') AS tag_id,
                json_extract(t.value, '$.name') AS tag_name
           FROM images i ${DOCS_JOIN}, json_each(d.tags) t)
       SELECT u.source_id,
              coalesce(u.tag_name, m.name, 'tag #' || u.tag_id, '(unnamed tag)') AS tag,
              count(DISTINCT u.row_id) AS images
         FROM uses u LEFT JOIN tag_metas m ON m.source_id = u.source_id AND m.id = u.tag_id
        GROUP BY u.source_id, tag ORDER BY u.source_id, images DESC, tag`,
    )
    .all() as CacheStats['tags'];
  const images = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
  return { images, sources, datasets, tags };
}
