import type { Clause } from '../../../shared/query';
import { FIELD_LISTS } from '../../../shared/field-lists';
import type { Facet, FacetId, FacetValue } from '../../../shared/search';

/**
 * Facets, Datasette-style: each facet is data — how to read its value from a row,
 * how to label it, and which chip selects it. Counts over the whole cache come from the
 * precomputed `facet_counts` (refreshed after writes); counts under a filter are one pass over
 * the matching rows with a time budget — past it the facet says "counting" and is finished in
 * the background (facet-service.ts).
 */

type Bucket = { min: number | null; max: number | null; label: string };

/** Dataset paths a tree facet lists, and month buckets a date histogram keeps (the latest). */
const MAX_TREE = 500;
const MAX_DATE_BUCKETS = 240;

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

/** A facet value as counted: a bucket index, a date prefix or the value itself. */
export type Key = string | number | null;

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
    const values = paths.slice(0, MAX_TREE).map((p) => value(p, tree.get(p) as number, p.split('/').length - 1));
    if (none) values.push(value(null, none));
    const left = Math.max(0, paths.length - MAX_TREE);
    return { id: spec.id, label: spec.label, kind: 'tree', status: 'done', values, truncated: left > 0, ...(left ? { more: left } : {}), ms };
  }
  const all = entries.length;
  if (spec.kind === 'histogram') {
    entries.sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    if (spec.datePrefix && entries.length > MAX_DATE_BUCKETS) {
      entries = entries.slice(-MAX_DATE_BUCKETS);
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
    ...(truncated ? { more: all - entries.length } : {}),
    ms,
  };
}

export function countingFacet(spec: FacetSpec, ms: number): Facet {
  return { id: spec.id, label: spec.label, kind: spec.kind, status: 'counting', values: [], truncated: false, ms };
}

