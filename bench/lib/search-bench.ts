import Database from 'better-sqlite3';
import { openCache, type Db } from '../../electron/core/cache/open-cache';
import { seededRandom } from '../../electron/core/demo/random';
import type { Clause, Query } from '../../shared/query';
import { max, percentile, round } from './stats';
import type { Json, SideResult, SideRun } from './types';

/** Parameters every search case hands its children: the prepared cache and its scale. */
export type SearchParams = { cache: string; scale: number };

/** The browse connection as the app opens it. */
export function openBrowse(cache: string): Db {
  return openCache(cache);
}

/** A plain read-only connection for baselines (no migrations, no derived indexes checked). */
export function openBare(cache: string): Database.Database {
  const db = new Database(cache, { readonly: true });
  db.pragma('cache_size = -32768');
  return db;
}

/** A query of chips, so values need no quoting. */
export function chips(children: Clause[], sort: Query['sort'] = [{ key: 'name', dir: 'asc' }]): Query {
  return { text: '', filter: { op: 'and', children }, sort };
}

export function textClause(value: string): Clause {
  return { type: 'clause', field: 'text', op: 'eq', value, negated: false, enabled: true };
}

/** Runs `op` for every item, timing each call in milliseconds. */
export function timeEach<T>(items: readonly T[], op: (item: T) => void): number[] {
  return items.map((item) => {
    const t0 = performance.now();
    op(item);
    return performance.now() - t0;
  });
}

export function latencyResult(latencies: number[], extra: Record<string, number> = {}): SideResult {
  return { seconds: latencies.reduce((a, b) => a + b, 0) / 1000, rows: latencies.length, latencies_ms: latencies, extra };
}

/** Seeded random integers in [0, n). */
export function randomInts(n: number, count: number, seed: number): number[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(rng() * n));
}

const all = (runs: SideRun[]) => runs.flatMap((r) => r.latencies_ms ?? []);

/**
 * Latency figures pooled over every run of each side: p50 and p95 per operation, the ratio
 * baseline p50 ÷ ours p50, and each side's peak RSS. Extra figures are averaged over ours.
 */
export function summariseLatency(ours: SideRun[], baseline: SideRun[]): Record<string, number> {
  const o = all(ours);
  const b = all(baseline);
  const out: Record<string, number> = {
    ratio: round(percentile(b, 50) / percentile(o, 50), 1),
    p50_ms: round(percentile(o, 50), 2),
    p95_ms: round(percentile(o, 95), 2),
    baseline_p50_ms: round(percentile(b, 50), 1),
    baseline_p95_ms: round(percentile(b, 95), 1),
    ops: o.length,
    baseline_ops: b.length,
    rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
    baseline_rss_mb: Math.round(max(baseline, (r) => r.rss_mb)),
  };
  const keys = new Set(ours.flatMap((r) => Object.keys(r.extra ?? {})));
  for (const k of keys) {
    const vs = ours.map((r) => r.extra?.[k]).filter((v): v is number => v !== undefined);
    out[k] = round(vs.reduce((a, v) => a + v, 0) / vs.length, 3);
  }
  return out;
}

export const latencyColumns = [
  { title: 'ratio (p50)', keys: ['ratio'] },
  { title: 'p50 / p95 ms', keys: ['p50_ms', 'p95_ms'] },
  { title: 'baseline p50 / p95 ms', keys: ['baseline_p50_ms', 'baseline_p95_ms'] },
  { title: 'ops / baseline ops', keys: ['ops', 'baseline_ops'] },
  { title: 'RSS MiB', keys: ['rss_mb'] },
] as const;

export function asParams(p: SearchParams): Json {
  return p as unknown as Json;
}
