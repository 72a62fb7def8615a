import type { CheckId } from '../../../shared/quality-checks';
import { rowIdIn, type Cond, type Fragment } from './sql-parts';

/**
 * How each quality check (shared/quality-checks.ts) finds its offenders: one SQL query of
 * `row_id, detail` per offence, over the narrow typed columns of `images` and the derived side
 * tables (image_tags, meta_values, meta_keys, dup_hashes) — never the wide JSON columns, which
 * may move to a side table. A record may offend one check several times (two unknown tags).
 *
 * The same query is the check's condition in the query language (`is:ID`), so the offenders
 * are a view like any other, and a check under a query is that query AND `is:ID`.
 */

/** File name extensions and the mime type each means; bound as JSON, never SQL text. */
const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** SQLite's `typeof` of a meta value as the catalogue counts it (meta_keys numbers/strings/booleans). */
const META_KIND = `CASE WHEN typeof(v.v) IN ('integer', 'real') THEN 'number'
  WHEN k.booleans > 0 AND v.v IN ('true', 'false') THEN 'boolean' ELSE 'string' END`;
const META_MAJORITY = `CASE WHEN k.numbers >= k.strings AND k.numbers >= k.booleans THEN 'number'
  WHEN k.strings >= k.booleans THEN 'string' ELSE 'boolean' END`;

/** Offenders of each check, as `SELECT row_id, detail …`. */
export const FINDINGS: Record<CheckId, Fragment> = {
  duplicate: q(
    `SELECT x.row_id, 'hash ' || x.hash || ' is shared by '
            || (SELECT count(*) FROM images y WHERE y.hash = x.hash) || ' records' AS detail
       FROM images x WHERE x.hash IN (SELECT hash FROM dup_hashes)`,
  ),
  'duplicate-name': q(
    `SELECT row_id, 'the name is used ' || n || ' times in this dataset' AS detail
       FROM (SELECT row_id, count(*) OVER (PARTITION BY source_id, dataset_id, dataset_path, name) AS n
               FROM images)
      WHERE n > 1`,
  ),
  'missing-size': q(
    `SELECT row_id, rtrim(
              CASE WHEN width IS NULL THEN 'no width; ' WHEN width <= 0 THEN 'width ' || width || '; ' ELSE '' END
           || CASE WHEN height IS NULL THEN 'no height; ' WHEN height <= 0 THEN 'height ' || height || '; ' ELSE '' END
           || CASE WHEN size IS NULL THEN 'no size; ' WHEN size <= 0 THEN 'size ' || size || '; ' ELSE '' END,
            '; ') AS detail
       FROM images
      WHERE width IS NULL OR width <= 0 OR height IS NULL OR height <= 0 OR size IS NULL OR size <= 0`,
  ),
  // The name's extension is what follows its last dot (rtrim of every non-dot character).
  'mime-mismatch': q(
    `SELECT x.row_id, 'mime ' || x.mime || ', but the extension .' || x.e || ' means ' || k.value AS detail
       FROM (SELECT row_id, mime,
                    lower(CASE WHEN instr(name, '.') > 0
                               THEN substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)
                               ELSE ext END) AS e
               FROM images WHERE mime IS NOT NULL) x
       JOIN json_each(?) k ON k.key = x.e
      WHERE lower(x.mime) != k.value`,
    JSON.stringify(MIME_BY_EXT),
  ),
  unlabelled: q(
    `SELECT row_id, 'no labels, while ' || labelled || ' of ' || n || ' images in this dataset have some' AS detail
       FROM (SELECT row_id, labels_count,
                    count(*) OVER d AS n, sum(labels_count > 0) OVER d AS labelled
               FROM images WINDOW d AS (PARTITION BY source_id, dataset_id, dataset_path))
      WHERE labels_count = 0 AND labelled * 2 > n`,
  ),
  // julianday: '…00Z' and '…00.000Z' are the same instant but do not compare so as text.
  'dates-reversed': q(
    `SELECT row_id, 'updated ' || updated_at || ' before created ' || created_at AS detail
       FROM images WHERE julianday(updated_at) < julianday(created_at)`,
  ),
  'unknown-tag': q(
    `SELECT t.row_id, 'tag "' || t.name || '" has no tag meta in its project' AS detail
       FROM image_tags t JOIN images x ON x.row_id = t.row_id
      WHERE NOT EXISTS (SELECT 1 FROM tag_metas m WHERE m.source_id = x.source_id AND m.name = t.name)`,
  ),
  'mixed-meta': q(
    `SELECT v.row_id, 'meta "' || k.key || '" is a ' || ${META_KIND} || ' here, a ' || ${META_MAJORITY}
            || ' in most records (' || k.numbers || ' numbers, ' || k.strings || ' strings, '
            || k.booleans || ' booleans)' AS detail
       FROM meta_keys k JOIN meta_values v ON v.key_id = k.id
      WHERE (k.numbers > 0) + (k.strings > 0) + (k.booleans > 0) > 1
        AND v.v IS NOT NULL AND ${META_KIND} != ${META_MAJORITY}`,
  ),
  // No export logged: nothing to compare with, so no finding (not every record).
  'changed-since-export': q(
    `SELECT x.row_id, 'sync ' || c.change || ' it at ' || p.finished_at
            || ', after the last export at ' || e.at AS detail
       FROM (SELECT max(finished_at) AS at FROM export_log) e
       JOIN sync_passes p ON p.state = 'complete' AND p.finished_at > e.at
       JOIN sync_changes c ON c.pass_id = p.id AND c.change IN ('added', 'updated')
       JOIN images x ON x.source_id = p.source_id AND x.id = c.image_id`,
  ),
};

function q(text: string, ...params: unknown[]): Fragment {
  return { sql: text, params };
}

/** The check's offenders as a condition on `images i` (the compiler's `is:ID`). */
export function checkCond(id: CheckId): Cond {
  if (id === 'duplicate') {
    // Cheaper than the findings' query: no detail, and a plain condition a view can test per row.
    return {
      kind: 'sql',
      sql: 'i.hash IN (SELECT hash FROM dup_hashes)',
      params: [],
      set: { sql: 'SELECT row_id FROM images WHERE hash IN (SELECT hash FROM dup_hashes)', params: [] },
    };
  }
  const f = FINDINGS[id];
  return rowIdIn(`SELECT row_id FROM (${f.sql})`, ...f.params);
}
