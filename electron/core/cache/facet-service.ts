import { createHash } from 'node:crypto';
import type { Query } from '../../../shared/query';
import type { Histogram, StandardHistogramId } from '../../../shared/stats';
import { STANDARD_FACETS, type Facet, type FacetId, type FacetsResponse } from '../../../shared/search';
import type { Db } from './open-cache';
import { compileQuery, type CompiledQuery } from './compile-query';
import { renderWhere, sql, type Cond } from './sql-parts';
import { prepared } from './statement-cache';
import { buildFacet, countingFacet, facetKey, facetSpecs, type FacetSpec } from './facets';
import { FacetStore } from './facet-store';
import {
  countWholeCache,
  facetCountsStale,
  precomputedSpecs,
  storedCounts,
  storeFacetCounts,
  topMetaKeys,
  wholeCacheCount,
} from './facet-counts';

/** How long one facets:get may count on the interactive path before deferring the rest. */
export const FACET_BUDGET_MS = 40;
/** Row ids per background step: small enough that a window call never waits long. */
const STEP_ROWS = 25_000;
const CACHE_SIZE = 32;
const DEFAULT_META_FACETS = 3;
/** Whole-cache recount passes before giving up while other connections keep committing. */
const RECOUNT_ATTEMPTS = 5;
const RECOUNT_PAUSE_MS = 250;

type Key = string | number | null;
type Counts = Map<Key, number>;

/** Reads each matching row once, handing facet values to `add`; stops when `stop()` says so. */
type Scan = { sql: string; params: unknown[]; add: (row: unknown[]) => void };

/**
 * Answers facets:get. Whole-cache facets come from facet_counts. Under a filter, every facet
 * is counted in one pass over the matching rows (one statement per source: columns, tags,
 * each meta key) within FACET_BUDGET_MS; facets not finished by then come back "counting"
 * and are completed off the interactive path in row-id steps between other calls (setImmediate),
 * then cached and announced with `onReady(key)`.
 */
export class FacetService {
  private cache = new Map<string, Map<string, Facet>>();
  private pending = new Map<string, Promise<void>>();
  private generation = 0;
  private refreshing: Promise<void> | null = null;
  /** PRAGMA data_version: changes when another connection (an import or sync worker) commits. */
  private dataVersion = -1;

  constructor(
    private readonly db: Db,
    private readonly onReady: (key: string) => void = () => {},
    private readonly budgetMs = FACET_BUDGET_MS,
    /** Whether anyone still waits for `key`: background counting for it stops when not. */
    private readonly live: (key: string) => boolean = () => true,
    private readonly stepRows = STEP_ROWS,
    /**
     * Count under a filter from an in-memory facet store (facet-store.ts), built in the
     * background on first use and again whenever the cache changed. Until it is ready, and
     * without it, the scans below count.
     */
    private readonly useStore = false,
    /** How far background counting for `key` has got (0–1), after each of its steps. */
    private readonly onProgress: (key: string, fraction: number) => void = () => {},
  ) {}

  private store: FacetStore | null = null;
  private building: Promise<void> | null = null;
  private storeGeneration = 0;

  /** Forget everything counted: the cache changed. */
  clear(): void {
    this.forgetAnswers();
    this.store = null;
    this.storeGeneration++;
  }

  /** Drops the answers counted so far but keeps the store (benchmarks time counting, not the answer cache). */
  forgetAnswers(): void {
    this.cache.clear();
    this.generation++;
  }

  /** The facet store when it holds the cache as it is now; else starts building one. */
  private currentStore(): FacetStore | null {
    if (!this.useStore) return null;
    if (this.store?.current()) return this.store;
    this.store = null;
    if (!this.building) {
      const gen = this.storeGeneration;
      const columns = facetSpecs(STANDARD_FACETS, []).filter((s) => 'column' in s.source);
      this.building = FacetStore.build(
        this.db,
        columns,
        () => new Promise((r) => setImmediate(r)),
        () => gen !== this.storeGeneration || !this.db.open,
      )
        .then((built) => {
          if (built && gen === this.storeGeneration) this.store = built;
        })
        // A failed build (the cache closed under it) leaves the scans counting; the next request retries.
        .catch(() => undefined)
        .finally(() => (this.building = null));
    }
    return null;
  }

  /** Resolves when the facet store has been built (tests, benchmarks). */
  async storeReady(): Promise<boolean> {
    this.currentStore();
    await this.building;
    return this.currentStore() !== null;
  }

  get(query: Query, ids: readonly FacetId[] = STANDARD_FACETS, limit = 10): FacetsResponse {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      // The store checks the version itself (it may be rebuilding already).
      this.forgetAnswers();
      this.dataVersion = version;
    }
    const compiled = compileQuery(query);
    const specs = facetSpecs(ids, topMetaKeys(this.db, DEFAULT_META_FACETS));
    const key = hashKey(compiled, specs, limit);
    const t0 = performance.now();
    // Asked on every call, so the store starts building with the first panel (the whole cache),
    // before the first filter. The whole cache reads its stored counts while they are fresh.
    const current = this.currentStore();
    const store = compiled.where === '' && !facetCountsStale(this.db) ? null : current;
    const counted = store && this.fromStore(store, compiled, specs, limit, t0);
    if (counted) {
      // The stored counts are still recounted: the views' totals read them.
      if (compiled.where === '') this.refreshInBackground(key);
      return { ...counted, key };
    }
    const total = this.total(compiled);
    const cached = this.cache.get(key) ?? new Map<string, Facet>();
    const out: Facet[] = [];
    const missing: FacetSpec[] = [];
    for (const spec of specs) {
      const hit = cached.get(spec.id);
      if (hit) out.push(hit);
      else missing.push(spec);
    }
    if (missing.length) {
      const done = compiled.where === '' ? this.wholeCache(key, missing, limit) : this.underFilter(compiled, missing, limit, t0);
      for (const f of done) if (f.status === 'done') cached.set(f.id, f);
      this.remember(key, cached);
      const late = missing.filter((s) => done.find((f) => f.id === s.id)?.status === 'counting');
      if (late.length) this.finishLater(key, compiled, late, limit);
      out.push(...done);
    }
    const order = new Map(specs.map((s, i) => [s.id, i]));
    out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return { total, facets: out, key };
  }

  /**
   * Every facet exactly, from the store: the matching positions once, then one array walk per
   * facet. Each statement reads its own snapshot, so another connection may commit between the
   * store's check and the reads here: the store is checked again at the end, and when the
   * cache moved the answer is null and the scans count instead.
   */
  private fromStore(store: FacetStore, c: CompiledQuery, specs: FacetSpec[], limit: number, t0: number): Omit<FacetsResponse, 'key'> | null {
    const positions = this.positions(store, c);
    const facets = specs.map((spec) => buildFacet(spec, store.count(spec, positions), limit, performance.now() - t0));
    if (!store.current()) {
      this.store = null;
      return null;
    }
    return { total: positions.length, facets };
  }

  /**
   * The standard histograms of the query's records from the facet store (one matching-rows
   * pass shared with the facets of the same query), or null while no current store holds the
   * cache: the caller then asks SQLite (histograms.ts).
   */
  histograms(query: Query, ids: readonly StandardHistogramId[]): Histogram[] | null {
    const store = this.currentStore();
    if (!store) return null;
    const out = store.histograms(this.positions(store, compileQuery(query)), ids);
    return store.current() ? out : null;
  }

  /** The last query's matching positions: the panel asks its facets and its histograms of the same view. */
  private lastMatch: { store: FacetStore; key: string; positions: Int32Array } | null = null;

  private positions(store: FacetStore, c: CompiledQuery): Int32Array {
    const key = JSON.stringify([c.where, c.params]);
    if (this.lastMatch?.store === store && this.lastMatch.key === key) return this.lastMatch.positions;
    const positions = store.matching(c.cond);
    this.lastMatch = { store, key, positions };
    return positions;
  }

  /** Resolves when background counting for `key` has finished (tests, benchmarks). */
  async settled(key: string): Promise<void> {
    await this.pending.get(key);
  }

  private total(c: CompiledQuery): number {
    return c.where ? (prepared(this.db, c.count.sql, 'pluck').get(...c.count.params) as number) : wholeCacheCount(this.db);
  }

  private remember(key: string, facets: Map<string, Facet>): void {
    this.cache.delete(key);
    this.cache.set(key, facets);
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * Whole cache: precomputed counts. After writes made them stale they are recounted in the
   * background (one GROUP BY per facet between other calls) and the facets say "counting".
   */
  private wholeCache(key: string, specs: FacetSpec[], limit: number): Facet[] {
    if (facetCountsStale(this.db)) {
      this.refreshInBackground(key);
      return specs.map((s) => countingFacet(s, 0));
    }
    return specs.map((spec) => {
      const t0 = performance.now();
      const stored = storedCounts(this.db, spec);
      if (!stored) {
        // A meta key outside the precomputed few: count it from its index.
        return buildFacet(spec, countWholeCache(this.db, spec), limit, performance.now() - t0);
      }
      const f = buildFacet(spec, stored.counts, limit, performance.now() - t0);
      return stored.distinct === null ? f : { ...f, truncated: true, more: stored.distinct - f.values.length };
    });
  }

  private refreshInBackground(key: string): void {
    if (this.pending.has(key)) return;
    const run = async () => {
      if (!this.refreshing) {
        this.refreshing = (async () => {
          // Another connection (an import or sync worker) may commit between two steps: its
          // rows would be in some counts and not in others, and storing would clear the stale
          // flag it set. So a pass during which data_version moved is counted again — after a
          // growing pause, a few times at most (a long sync commits every second or so); the
          // facets then stay "counting" until the next request starts a new round.
          for (let attempt = 0; attempt < RECOUNT_ATTEMPTS; attempt++) {
            if (attempt > 0) await new Promise((r) => setTimeout(r, RECOUNT_PAUSE_MS * 2 ** attempt));
            const gen = this.generation;
            const version = this.db.pragma('data_version', { simple: true }) as number;
            const computed: [FacetSpec, Map<Key, number>][] = [];
            const specs = precomputedSpecs(this.db);
            for (const spec of specs) {
              await new Promise((r) => setImmediate(r));
              if (gen !== this.generation || !this.db.open) return;
              computed.push([spec, countWholeCache(this.db, spec)]);
              this.onProgress(key, computed.length / specs.length);
            }
            if (this.db.pragma('data_version', { simple: true }) !== version) continue;
            if (storeFacetCounts(this.db, computed, version, { wait: false })) return;
          }
        })().finally(() => {
          this.refreshing = null;
        });
      }
      await this.refreshing;
      this.onReady(key);
    };
    // A failure (the cache closed under it, say) leaves the counts stale: the next request retries.
    const p = run()
      .catch(() => undefined)
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
  }

  /** Under a filter: one pass per source with the time budget. */
  private underFilter(c: CompiledQuery, specs: FacetSpec[], limit: number, t0: number): Facet[] {
    const { scans, counts } = buildScans(c, specs, []);
    const stopAt = t0 + this.budgetMs;
    const finished = new Set<number>();
    scans.forEach((scan, i) => {
      if (performance.now() > stopAt) return;
      if (runScan(this.db, scan, [], () => performance.now() > stopAt)) finished.add(i);
    });
    const ms = performance.now() - t0;
    return specs.map((spec) => {
      const scanIndex = scans.findIndex((s) => s.specs.includes(spec));
      return finished.has(scanIndex) ? buildFacet(spec, counts.get(spec.id) as Counts, limit, ms) : countingFacet(spec, ms);
    });
  }

  /** Counts the deferred facets in row-id steps, yielding to other calls between steps. */
  private finishLater(key: string, c: CompiledQuery, specs: FacetSpec[], limit: number): void {
    if (this.pending.has(key)) return;
    const gen = this.generation;
    // Bounds bound per step by runScan, after the filter's own parameters.
    const { scans, counts } = buildScans(c, specs, [sql('i.row_id > ? AND i.row_id <= ?')]);
    const max = (prepared(this.db, 'SELECT max(row_id) FROM images', 'pluck').get() as number | null) ?? 0;
    const run = async () => {
      const t0 = performance.now();
      for (let lo = 0; lo < max; lo += this.stepRows) {
        await new Promise((r) => setImmediate(r));
        if (gen !== this.generation || !this.db.open || !this.live(key)) return;
        for (const s of scans) runScan(this.db, s, [lo, lo + this.stepRows], () => false);
        this.onProgress(key, Math.min(1, (lo + this.stepRows) / max));
      }
      const ms = performance.now() - t0;
      const facets = this.cache.get(key) ?? new Map<string, Facet>();
      for (const spec of specs) facets.set(spec.id, buildFacet(spec, counts.get(spec.id) as Counts, limit, ms));
      this.remember(key, facets);
      this.onReady(key);
    };
    const p = run().finally(() => this.pending.delete(key));
    this.pending.set(key, p);
  }
}

function hashKey(c: CompiledQuery, specs: FacetSpec[], limit: number): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([c.where, c.params, specs.map((s) => s.id), limit]));
  return h.digest('base64url').slice(0, 16);
}

/** Runs a scan to the end (true) or until stop() (false). */
function runScan(db: Db, scan: Scan, extra: unknown[], stop: () => boolean): boolean {
  const it = prepared(db, scan.sql, 'raw').iterate(...scan.params, ...extra) as IterableIterator<unknown[]>;
  let n = 0;
  for (const row of it) {
    scan.add(row);
    if ((++n & 255) === 0 && stop()) {
      it.return?.();
      return false;
    }
  }
  return true;
}

type TaggedScan = Scan & { specs: FacetSpec[]; counts: Map<string, Counts> };

/**
 * The passes that count `specs` under the compiled filter: one over images for every column
 * facet, one over image_tags, one per meta key. `extra` conditions (row-id bounds for
 * background steps) are ANDed with the filter.
 */
function buildScans(c: CompiledQuery, specs: FacetSpec[], extra: Cond[]): { scans: TaggedScan[]; counts: Map<string, Counts> } {
  const counts = new Map<string, Counts>(specs.map((s) => [s.id, new Map()]));
  const bump = (spec: FacetSpec, k: Key) => {
    const m = counts.get(spec.id) as Counts;
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const { sql: where, params } = renderWhere([c.cond, ...extra]);
  const scans: TaggedScan[] = [];
  const columnSpecs = specs.filter((s) => 'column' in s.source);
  if (columnSpecs.length) {
    // Columns come from the facet specs (an allow-list), never from the request.
    const cols = columnSpecs.map((s) => `i.${(s.source as { column: string }).column}`);
    scans.push({
      sql: `SELECT ${cols.join(', ')} FROM images i ${where}`,
      params,
      add: (row) => columnSpecs.forEach((s, i) => bump(s, facetKey(s, row[i]))),
      specs: columnSpecs,
      counts,
    });
  }
  for (const spec of specs) {
    const s = metaOrTagScan(spec, where, params, (k) => bump(spec, k));
    if (s) scans.push({ ...s, specs: [spec], counts });
  }
  return { scans, counts };
}

/**
 * A pass over the tags or one meta key of the matching rows. CROSS JOIN keeps the matching
 * rows as the outer loop and INDEXED BY makes each step one (row_id, key) lookup: without
 * statistics the planner would otherwise walk the whole key in meta_values_key per row.
 */
function metaOrTagScan(spec: FacetSpec, where: string, params: unknown[], onValue?: (k: Key) => void): TaggedScan | null {
  const own = new Map<string, Counts>([[spec.id, new Map()]]);
  const add = onValue ?? ((k: Key) => own.get(spec.id)?.set(k, (own.get(spec.id)?.get(k) ?? 0) + 1));
  if ('tags' in spec.source) {
    // DISTINCT: a record with the same tag twice counts once.
    return {
      sql: `SELECT DISTINCT t.row_id, t.name FROM images i CROSS JOIN image_tags t INDEXED BY image_tags_row ON t.row_id = i.row_id ${where}`,
      params,
      add: (row) => add(row[1] as Key),
      specs: [spec],
      counts: own,
    };
  }
  if ('metaKey' in spec.source) {
    return {
      sql: `SELECT DISTINCT m.row_id, m.v FROM images i CROSS JOIN meta_values m INDEXED BY meta_values_row ON m.row_id = i.row_id AND m.key_id = (SELECT id FROM meta_keys WHERE key = ?) ${where}`,
      params: [spec.source.metaKey, ...params],
      add: (row) => add(row[1] as Key),
      specs: [spec],
      counts: own,
    };
  }
  return null;
}
