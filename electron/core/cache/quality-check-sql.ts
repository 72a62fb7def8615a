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
  // Pairs of (dataset path, name) come from walking images_dataset; the same source and
  // dataset id are then checked for the few pairs found, so two sources' "train" never mix.
  'duplicate-name': q(
    `SELECT x.row_id, 'the name is used ' || (SELECT count(*) FROM images y
              WHERE y.dataset_path = x.dataset_path AND y.name = x.name
                AND y.source_id = x.source_id AND y.dataset_id IS x.dataset_id) || ' times in this dataset' AS detail
       FROM (SELECT dataset_path AS p, name AS n FROM images WHERE dataset_path IS NOT NULL
              GROUP BY dataset_path, name HAVING count(*) > 1) d
       JOIN images x ON x.dataset_path = d.p AND x.name = d.n
      WHERE EXISTS (SELECT 1 FROM images y WHERE y.dataset_path = x.dataset_path AND y.name = x.name
                       AND y.source_id = x.source_id AND y.dataset_id IS x.dataset_id AND y.row_id != x.row_id)`,
  ),
  // One index range per column and test (the planner scans the table for an OR of them), and
  // UNION ALL: a UNION merges sorted by row id, so it would scan the table in that order.
  'missing-size': q(
    `SELECT row_id, rtrim(
              CASE WHEN width IS NULL THEN 'no width; ' WHEN width <= 0 THEN 'width ' || width || '; ' ELSE '' END
           || CASE WHEN height IS NULL THEN 'no height; ' WHEN height <= 0 THEN 'height ' || height || '; ' ELSE '' END
           || CASE WHEN size IS NULL THEN 'no size; ' WHEN size <= 0 THEN 'size ' || size || '; ' ELSE '' END,
            '; ') AS detail
       FROM images
      WHERE row_id IN (${['width', 'height', 'size']
        .flatMap((c) => [`SELECT row_id FROM images WHERE ${c} IS NULL`, `SELECT row_id FROM images WHERE ${c} <= 0`])
        .join(' UNION ALL ')})`,
  ),
  // The name's extension is what follows its last dot (rtrim of every non-dot character). The
  // extensions and their types are bound as a CASE: a joined table would be scanned per row.
  'mime-mismatch': q(
    `SELECT row_id, 'mime ' || mime || ', but the extension .' || e || ' means ' || want AS detail
       FROM (SELECT row_id, mime, e, CASE e ${Object.keys(MIME_BY_EXT).map(() => 'WHEN ? THEN ?').join(' ')} END AS want
               FROM (SELECT row_id, mime,
                            lower(CASE WHEN instr(name, '.') > 0
                                       THEN substr(name, length(rtrim(name, replace(name, '.', ''))) + 1)
                                       ELSE ext END) AS e
                       FROM images WHERE mime IS NOT NULL))
      WHERE want IS NOT NULL AND lower(mime) != want`,
    ...Object.entries(MIME_BY_EXT).flat(),
  ),
  unlabelled: q(
    `SELECT x.row_id, 'no labels, while ' || g.l || ' of ' || g.n || ' images in this dataset have some' AS detail
       FROM (SELECT source_id AS s, dataset_id AS d, dataset_path AS p, count(*) AS n, sum(labels_count > 0) AS l
               FROM images GROUP BY source_id, dataset_id, dataset_path) g
       JOIN images x ON x.dataset_path IS g.p AND x.source_id = g.s AND x.dataset_id IS g.d
      WHERE g.l * 2 > g.n AND x.labels_count = 0`,
  ),
  // julianday: '…00Z' and '…00.000Z' are the same instant but do not compare so as text.
  'dates-reversed': q(
    `SELECT row_id, 'updated ' || updated_at || ' before created ' || created_at AS detail
       FROM images WHERE julianday(updated_at) < julianday(created_at)`,
  ),
  // Tag names every source has a meta for are left out before any tag instance is read
  // (CROSS JOIN keeps that order: the planner would rather walk every tag instance).
  'unknown-tag': q(
    `SELECT t.row_id, 'tag "' || t.name || '" has no tag meta in its project' AS detail
       FROM (SELECT name FROM (SELECT DISTINCT name FROM image_tags) d
              WHERE (SELECT count(DISTINCT source_id) FROM tag_metas m WHERE m.name = d.name)
                    < (SELECT count(*) FROM sources)) u
       CROSS JOIN image_tags t ON t.name = u.name
       CROSS JOIN images x ON x.row_id = t.row_id
      WHERE NOT EXISTS (SELECT 1 FROM tag_metas m WHERE m.source_id = x.source_id AND m.name = t.name)`,
  ),
  // Only the keys of mixed types are read (CROSS JOIN: the planner would walk every value).
  'mixed-meta': q(
    `SELECT v.row_id, 'meta "' || k.key || '" is a ' || ${META_KIND} || ' here, a ' || ${META_MAJORITY}
            || ' in most records (' || k.numbers || ' numbers, ' || k.strings || ' strings, '
            || k.booleans || ' booleans)' AS detail
       FROM (SELECT * FROM meta_keys WHERE (numbers > 0) + (strings > 0) + (booleans > 0) > 1) k
       CROSS JOIN meta_values v ON v.key_id = k.id
      WHERE v.v IS NOT NULL AND ${META_KIND} != ${META_MAJORITY}`,
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
