import type { Clause } from '../../../shared/query';
import { FIELD_LISTS } from '../../../shared/field-lists';
import { STANDARD_FACETS, type Facet, type FacetId, type FacetValue } from '../../../shared/search';
import type { Db } from './open-cache';

/**
 * Facets, Datasette-style: each facet is data — how to read its value from a row,
 * how to label it, and which chip selects it. Counts over the whole cache come from the
 * precomputed `facet_counts` (refreshed after writes); counts under a filter are one pass over
 * the matching rows with a time budget — past it the facet says "counting" and is finished in
 * the background (facet-service.ts).
 */

type Bucket = { min: number | null; max: number | null; label: string };

export type FacetSpec = {
  id: string;
  label: string;
  kind: Facet['kind'];
  /** The images column the value comes from (column facets), or the side table source. */
  source: { column: string } | { tags: true } | { metaKey: string };
  /** Histogram buckets, for numeric facets. */
  buckets?: readonly Bucket[];
  /** Dates: the value is the first N characters (7 = month). */
  datePrefix?: number;
  /** The language field a chip of this facet uses. */
  field: string;
};

/** The facets that read a column or the tag instances, from the field catalogue. */
const COLUMN_FACETS = Object.fromEntries(
  FIELD_LISTS.facets.flatMap(({ source, ...f }) => ('metaKeys' in source ? [] : [[f.id, { ...f, source }]])),
) as Record<Exclude<FacetId, 'meta' | `meta:${string}`>, FacetSpec>;

export function metaFacet(key: string): FacetSpec {
  return { id: `meta:${key}`, label: `meta.${key}`, kind: 'list', source: { metaKey: key }, field: `meta.${key}` };
}

/** The specs for requested facet ids; `meta` expands to the `topMeta` most common keys. */
export function facetSpecs(ids: readonly FacetId[], topMetaKeys: readonly string[]): FacetSpec[] {
  const out: FacetSpec[] = [];
  for (const id of ids) {
    if (id === 'meta') out.push(...topMetaKeys.map(metaFacet));
    else if (id.startsWith('meta:')) out.push(metaFacet(id.slice(5)));
    else out.push(COLUMN_FACETS[id as keyof typeof COLUMN_FACETS] as FacetSpec);
  }
  return out;
}

/** The most common meta keys, for the default panel. */
export function topMetaKeys(db: Db, n: number): string[] {
  return db.prepare('SELECT key FROM meta_keys WHERE count > 0 ORDER BY count DESC, key LIMIT ?').pluck().all(n) as string[];
}

type Key = string | number | null;

/** The value a row contributes to a facet (bucket index, date prefix or the value itself). */
export function facetKey(spec: FacetSpec, value: unknown): Key {
  if (value === null || value === undefined) return null;
  if (spec.buckets) {
    const n = Number(value);
    const i = spec.buckets.findIndex((b) => (b.min === null || n >= b.min) && (b.max === null || n <= b.max));
    return i < 0 ? null : i;
  }
  if (spec.datePrefix) return String(value).slice(0, spec.datePrefix);
  return value as Key;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
const clause = (c: DistributiveOmit<Clause, 'negated' | 'enabled'>): Clause => ({ ...c, negated: false, enabled: true }) as Clause;

/** The chip that selects a facet value ("(none)" selects records without a value). */
export function facetClause(spec: FacetSpec, key: Key): Clause {
  const field = spec.field;
  if (key === null) return { ...clause({ type: 'clause', field, op: 'exists' }), negated: true };
  if (spec.buckets) {
    const b = spec.buckets[key as number] as Bucket;
    if (b.min !== null && b.min === b.max) return clause({ type: 'clause', field, op: 'eq', value: String(b.min) });
    return clause({
      type: 'clause',
      field,
      op: 'range',
      min: b.min === null ? null : String(b.min),
      max: b.max === null ? null : String(b.max),
      min_inclusive: true,
      max_inclusive: true,
    });
  }
  const text = String(key).replace(/[\\*?]/g, (c) => `\\${c}`);
  return clause({ type: 'clause', field, op: 'eq', value: text });
}

function facetLabel(spec: FacetSpec, key: Key): string {
  if (key === null) return '(none)';
  if (spec.buckets) return (spec.buckets[key as number] as Bucket).label;
  return String(key);
}

/** Turns counts into a facet: lists by count with LIMIT n+1, histograms and trees in order. */
export function buildFacet(spec: FacetSpec, counts: Map<Key, number>, limit: number, ms: number): Facet {
  let entries = [...counts].filter(([, n]) => n > 0);
  let truncated = false;
  const value = (k: Key, n: number, depth?: number): FacetValue => ({
    label: facetLabel(spec, k),
    count: n,
    clause: facetClause(spec, k),
    ...(depth === undefined ? {} : { depth }),
  });
  if (spec.kind === 'tree') {
    const tree = new Map<string, number>();
    let none = 0;
    for (const [k, n] of entries) {
      if (k === null) {
        none += n;
        continue;
      }
      const parts = String(k).split('/');
      for (let i = 1; i <= parts.length; i++) {
        const p = parts.slice(0, i).join('/');
        tree.set(p, (tree.get(p) ?? 0) + n);
      }
    }
    const paths = [...tree.keys()].sort();
    const values = paths.slice(0, 500).map((p) => value(p, tree.get(p) as number, p.split('/').length - 1));
    if (none) values.push(value(null, none));
    return { id: spec.id, label: spec.label, kind: 'tree', status: 'done', values, truncated: paths.length > 500, ms };
  }
  if (spec.kind === 'histogram') {
    entries.sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    if (spec.datePrefix && entries.length > 240) {
      entries = entries.slice(-240);
      truncated = true;
    }
  } else {
    entries.sort(([ka, a], [kb, b]) => b - a || String(ka).localeCompare(String(kb)));
    truncated = entries.length > limit;
    entries = entries.slice(0, limit);
  }
  return {
    id: spec.id,
    label: spec.label,
    kind: spec.kind,
    status: 'done',
    values: entries.map(([k, n]) => value(k, n)),
    truncated,
    ms,
  };
}

export function countingFacet(spec: FacetSpec, ms: number): Facet {
  return { id: spec.id, label: spec.label, kind: spec.kind, status: 'counting', values: [], truncated: false, ms };
}

// ---------------------------------------------------------------------------------------------
// Whole-cache counts, precomputed into facet_counts.

const MAX_STORED = 2000;

/** Counts one facet over the whole cache with one GROUP BY that an index covers. */
function countAll(db: Db, spec: FacetSpec): Map<Key, number> {
  const counts = new Map<Key, number>();
  const add = (k: Key, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
  let rows: { k: unknown; n: number }[];
  if ('tags' in spec.source) {
    rows = db.prepare('SELECT name AS k, count(DISTINCT row_id) AS n FROM image_tags GROUP BY name').all() as typeof rows;
  } else if ('metaKey' in spec.source) {
    rows = db
      .prepare(
        'SELECT v AS k, count(DISTINCT row_id) AS n FROM meta_values WHERE key_id = (SELECT id FROM meta_keys WHERE key = ?) GROUP BY v',
      )
      .all(spec.source.metaKey) as typeof rows;
  } else if (spec.buckets) {
    // Allow-listed column; buckets grouped in SQL so a million distinct sizes stay in SQLite.
    const col = spec.source.column;
    const cases = spec.buckets
      .map((b, i) => {
        const conds = [b.min === null ? null : `${col} >= ${b.min}`, b.max === null ? null : `${col} <= ${b.max}`].filter(Boolean);
        return `WHEN ${conds.join(' AND ')} THEN ${i}`;
      })
      .join(' ');
    rows = db.prepare(`SELECT CASE ${cases} END AS k, count(*) AS n FROM images GROUP BY k`).all() as typeof rows;
  } else if (spec.datePrefix) {
    const col = spec.source.column;
    rows = db
      .prepare(`SELECT substr(${col}, 1, ${spec.datePrefix}) AS k, count(*) AS n FROM images GROUP BY k`)
      .all() as typeof rows;
  } else {
    const col = spec.source.column;
    rows = db.prepare(`SELECT ${col} AS k, count(*) AS n FROM images GROUP BY ${col}`).all() as typeof rows;
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
    const ins = db.prepare('INSERT INTO facet_counts (facet, value, count) VALUES (?, ?, ?)');
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
  const n = db
    .prepare(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM search_state WHERE key = 'facets_stale') THEN NULL
              ELSE (SELECT sum(count) FROM facet_counts WHERE facet = 'labels') END`,
    )
    .pluck()
    .get() as number | null;
  if (n !== null) return n;
  return db.prepare('SELECT count(*) FROM images').pluck().get() as number;
}

export function facetCountsStale(db: Db): boolean {
  return db.prepare("SELECT 1 FROM search_state WHERE key = 'facets_stale'").get() !== undefined;
}

/** Whole-cache counts of one facet from facet_counts, or null if it was not precomputed. */
export function storedCounts(db: Db, spec: FacetSpec): { counts: Map<Key, number>; truncated: boolean } | null {
  const rows = db.prepare('SELECT value, count FROM facet_counts WHERE facet = ?').all(spec.id) as { value: Key; count: number }[];
  if (rows.length === 0) return null;
  const counts = new Map<Key, number>();
  let truncated = false;
  for (const r of rows) {
    if (r.value === '\u0000truncated') truncated = true;
    else counts.set(r.value, r.count);
  }
  return { counts, truncated };
}
