import { STANDARD_FACETS } from '../../../shared/search';
import type { Db } from './open-cache';
import { facetSpecs, type FacetSpec, type Key } from './facets';
import { prepared } from './statement-cache';

/**
 * Whole-cache facet counts: one GROUP BY per facet over an index, precomputed into
 * `facet_counts` after writes and read back by the facet service and the views' totals.
 */

/** The most common meta keys, for the default panel. */
export function topMetaKeys(db: Db, n: number): string[] {
  return prepared(db, 'SELECT key FROM meta_keys WHERE count > 0 ORDER BY count DESC, key LIMIT ?', 'pluck').all(n) as string[];
}


const MAX_STORED = 2000;

/** Counts one facet over the whole cache with one GROUP BY that an index covers. */
function countAll(db: Db, spec: FacetSpec): Map<Key, number> {
  const counts = new Map<Key, number>();
  const add = (k: Key, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
  let rows: { k: unknown; n: number }[];
  if ('tags' in spec.source) {
    rows = prepared(db, 'SELECT name AS k, count(DISTINCT row_id) AS n FROM image_tags GROUP BY name').all() as typeof rows;
  } else if ('metaKey' in spec.source) {
    rows = prepared(
      db,
      'SELECT v AS k, count(DISTINCT row_id) AS n FROM meta_values WHERE key_id = (SELECT id FROM meta_keys WHERE key = ?) GROUP BY v',
    ).all(spec.source.metaKey) as typeof rows;
  } else if (spec.buckets) {
    // Allow-listed column; buckets grouped in SQL so a million distinct sizes stay in SQLite.
    const col = spec.source.column;
    const cases = spec.buckets
      .map((b, i) => {
        const conds = [b.min === null ? null : `${col} >= ${b.min}`, b.max === null ? null : `${col} <= ${b.max}`].filter(Boolean);
        return `WHEN ${conds.join(' AND ')} THEN ${i}`;
      })
      .join(' ');
    rows = prepared(db, `SELECT CASE ${cases} END AS k, count(*) AS n FROM images GROUP BY k`).all() as typeof rows;
  } else if (spec.datePrefix) {
    const col = spec.source.column;
    rows = prepared(db, `SELECT substr(${col}, 1, ${spec.datePrefix}) AS k, count(*) AS n FROM images GROUP BY k`).all() as typeof rows;
  } else {
    const col = spec.source.column;
    rows = prepared(db, `SELECT ${col} AS k, count(*) AS n FROM images GROUP BY ${col}`).all() as typeof rows;
  }
  for (const r of rows) add(r.k as Key, r.n);
  return counts;
}

/** How many meta keys get precomputed whole-cache counts. */
export const PRECOMPUTED_META_KEYS = 8;

/** The facets whose whole-cache counts are kept in facet_counts. */
export function precomputedSpecs(db: Db): FacetSpec[] {
  return facetSpecs(STANDARD_FACETS, topMetaKeys(db, PRECOMPUTED_META_KEYS));
}

/** One facet's whole-cache counts (one GROUP BY over an index). */
export { countAll as countWholeCache };

/**
 * Replaces facet_counts with freshly computed counts and clears the stale flag — unless
 * `countedAt` (the PRAGMA data_version the counting started at) shows that another connection
 * committed since: then nothing is stored and it returns false. The check runs under the write
 * lock (BEGIN IMMEDIATE), so no commit can slip in between it and the store.
 */
export function storeFacetCounts(
  db: Db,
  computed: readonly (readonly [FacetSpec, Map<Key, number>])[],
  countedAt?: number,
  opts: { wait?: boolean } = {},
): boolean {
  if (opts.wait === false) {
    // The main process must not sit in the busy handler while a worker holds the write lock
    // (an import holds it for its whole run): take the lock only if it is free now.
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      return storeFacetCounts(db, computed, countedAt);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }
  return db.transaction(() => {
    if (countedAt !== undefined && db.pragma('data_version', { simple: true }) !== countedAt) return false;
    db.exec('DELETE FROM facet_counts');
    const ins = prepared(db, 'INSERT INTO facet_counts (facet, value, count) VALUES (?, ?, ?)');
    for (const [spec, counts] of computed) {
      const top = [...counts].sort(([, a], [, b]) => b - a).slice(0, MAX_STORED);
      for (const [k, n] of top) ins.run(spec.id, k, n);
      if (counts.size > MAX_STORED) ins.run(spec.id, '\u0000truncated', counts.size);
    }
    db.exec("DELETE FROM search_state WHERE key = 'facets_stale'");
    return true;
  }).immediate();
}

/** Recomputes facet_counts for the standard facets and the most common meta keys, at once. */
export function refreshFacetCounts(db: Db): void {
  storeFacetCounts(db, precomputedSpecs(db).map((s) => [s, countAll(db, s)] as const));
}

/**
 * How many records the cache holds. From facet_counts when fresh (the labels histogram's
 * buckets and "none" cover every record), since count(*) reads a whole index (~0.1 s at 1M).
 */
export function wholeCacheCount(db: Db): number {
  // One statement, one snapshot: the flag and the counts cannot come from two sides of a commit.
  const n = prepared(
    db,
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM search_state WHERE key = 'facets_stale') THEN NULL
            ELSE (SELECT sum(count) FROM facet_counts WHERE facet = 'labels') END`,
    'pluck',
  ).get() as number | null;
  if (n !== null) return n;
  return prepared(db, 'SELECT count(*) FROM images', 'pluck').get() as number;
}

export function facetCountsStale(db: Db): boolean {
  return prepared(db, "SELECT 1 FROM search_state WHERE key = 'facets_stale'").get() !== undefined;
}

/**
 * Whole-cache counts of one facet from facet_counts, or null if it was not precomputed.
 * `distinct`: how many values the facet has in all when only the top MAX_STORED were kept.
 */
export function storedCounts(db: Db, spec: FacetSpec): { counts: Map<Key, number>; distinct: number | null } | null {
  const rows = prepared(db, 'SELECT value, count FROM facet_counts WHERE facet = ?').all(spec.id) as { value: Key; count: number }[];
  if (rows.length === 0) return null;
  const counts = new Map<Key, number>();
  let distinct: number | null = null;
  for (const r of rows) {
    if (r.value === '\u0000truncated') distinct = r.count;
    else counts.set(r.value, r.count);
  }
  return { counts, distinct };
}
