import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toApiJson } from '../../shared/image-info';
import { BULK_WRITER, openCache, type Db } from '../../electron/core/cache/open-cache';
import { rowToImageInfo } from '../../electron/core/cache/image-store';
import { seededRandom } from '../../electron/core/demo/random';
import { importFile } from '../../electron/core/import/import-file';
import { getAccount, upsertAccount } from '../../electron/core/sync/accounts';
import { checkConnection } from '../../electron/core/sync/connect';
import { startFakeWorker } from '../../test-support/fake-server/fake-worker';
import { SuperviselyClient } from '../../electron/core/sync/http-client';
import { START } from '../../electron/core/sync/paging';
import { PassLedger } from '../../electron/core/sync/pass-ledger';
import { PassStore } from '../../electron/core/sync/pass-store';
import { PassWriter } from '../../electron/core/sync/pass-writer';
import { ProjectCacheStore } from '../../electron/core/sync/project-cache-store';
import { FETCH_COMMIT_RECORDS } from '../../electron/core/sync/project-pass';
import { runSync } from '../../electron/core/sync/sync-engine';
import { DEFAULT_SYNC_TUNING, Statements, type SyncContext } from '../../electron/core/sync/sync-types';
import { demoFile } from '../lib/demo-data';
import { searchCache } from '../lib/search-cache';
import { rowsPerS } from '../lib/throughput';
import { best, max, round } from '../lib/stats';
import type { BenchCase, SideResult } from '../lib/types';
import { DOC_SELECT, DOCS_JOIN } from '../../electron/core/cache/image-docs';

const CHANGED = 10_000;
const TARGET_UPSERTS_PER_S = 50_000;

type B11Params = { cache: string; jsonl: string; scale: number };

function withCopy<T>(file: string, fn: (copy: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b11-'));
  const copy = join(dir, 'cache.sqlite');
  copyFileSync(file, copy);
  return fn(copy).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * The cache as an account's project mid-way through an incremental pass: the demo source made
 * a server account, its project with a pass in the "list" phase, so the engine's own write
 * path (PassLedger.commitPage / commitFetched) runs exactly as in a sync.
 */
function asServerProject(db: Db): { ctx: SyncContext; pass: PassLedger } {
  const src = db.prepare("SELECT id FROM sources WHERE kind = 'demo'").pluck().get() as number;
  const pid = db.prepare('SELECT project_id FROM images WHERE source_id = ? LIMIT 1').pluck().get(src) as number;
  const now = new Date().toISOString();
  db.prepare("INSERT INTO server_accounts (source_id, server_url, user_id, login, connected_at, listing) VALUES (?, 'http://bench.invalid', 1, 'bench', ?, 'project')").run(src, now);
  const passId = db.prepare("INSERT INTO sync_passes (source_id, project_id, kind, started_at) VALUES (?, ?, 'incremental', ?) RETURNING id").pluck().get(src, pid, now) as number;
  db.prepare(
    `INSERT INTO sync_projects (source_id, project_id, name, state, pass_id, pass_kind, phase, light, last_synced_at, run_started_at)
     VALUES (?, ?, 'bench', 'running', ?, 'incremental', 'list', 1, ?, ?)`,
  ).run(src, pid, passId, now, now);
  db.prepare('INSERT INTO sync_units (source_id, project_id, unit) VALUES (?, ?, 0)').run(src, pid);
  const account = getAccount(db, src);
  const ctx: SyncContext = {
    db,
    sql: new Statements(db),
    client: new SuperviselyClient({ server: account.server_url, token: 'unused' }),
    account,
    tuning: DEFAULT_SYNC_TUNING,
    signal: new AbortController().signal,
    log: () => undefined,
    counts: { records: 0, added: 0, updated: 0, unchanged: 0, deleted: 0 },
    syncedAt: now,
    progressed: () => undefined,
  };
  const datasets = (db.prepare('SELECT id, parent_id, name, path FROM datasets WHERE source_id = ?').all(src) as { id: number; parent_id: number | null; name: string; path: string }[]).map((d) => ({
    id: d.id,
    parentId: d.parent_id,
    name: d.name,
    path: d.path,
    imagesCount: null,
    updatedAt: null,
  }));
  const store = new PassStore(ctx.sql, src, pid);
  const cache = new ProjectCacheStore(ctx.sql, src, pid);
  const paths = new Map(datasets.map((d) => [d.id, d.path]));
  const writer = new PassWriter(ctx, store, cache, passId, paths, true);
  return { ctx, pass: new PassLedger(ctx, store, writer) };
}

/** What the server would send for 10k records edited since: new updatedAt, meta, labels, tags. */
function changedRecords(db: Db, scale: number): Map<number, Record<string, unknown>> {
  const rng = seededRandom(11);
  const ids = new Set<number>();
  const all = db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[];
  while (ids.size < Math.min(CHANGED, scale)) ids.add(all[Math.floor(rng() * all.length)] as number);
  const get = db.prepare(`SELECT i.*, ${DOC_SELECT} FROM images i ${DOCS_JOIN} WHERE i.id = ?`);
  const out = new Map<number, Record<string, unknown>>();
  let k = 0;
  for (const id of ids) {
    const info = rowToImageInfo(get.get(id) as Parameters<typeof rowToImageInfo>[0]);
    const api = toApiJson(info);
    const tags = (info.tags ?? []).slice(1);
    out.set(id, {
      ...api,
      updatedAt: new Date(Date.parse('2026-06-01T00:00:00.000Z') + k++).toISOString(),
      labelsCount: (info.labels_count ?? 0) + 1,
      meta: { ...(info.meta ?? {}), reviewed: true, camera: 'cam-99' },
      tags: [...tags, { id: 90_000_000 + k, tagId: 345025, entityId: id, value: null, labelerLogin: 'bench' }],
    });
  }
  return out;
}

/** Ours: an incremental pass over the cache — list 1M (id, updatedAt), then fetch the 10k. */
async function runOurs(p: B11Params): Promise<SideResult> {
  return withCopy(p.cache, async (copy) => {
    const db = openCache(copy, BULK_WRITER);
    try {
      const { ctx, pass } = asServerProject(db);
      const changed = changedRecords(db, p.scale);
      // Untimed: the listing's pages as the server would send them (id, updatedAt, datasetId).
      const rows = db.prepare('SELECT id, updated_at, dataset_id FROM images ORDER BY id').all() as { id: number; updated_at: string; dataset_id: number }[];
      const pages: unknown[][] = [];
      for (let i = 0; i < rows.length; i += DEFAULT_SYNC_TUNING.lightPerPage) {
        pages.push(rows.slice(i, i + DEFAULT_SYNC_TUNING.lightPerPage).map((r) => ({ id: r.id, updatedAt: (changed.get(r.id)?.updatedAt as string | undefined) ?? r.updated_at, datasetId: r.dataset_id })));
      }
      const t0 = performance.now();
      for (const [i, entities] of pages.entries()) {
        pass.commitPage(0, { entities, cursor: { ...START, after: `p${i}`, done: i === pages.length - 1 } });
      }
      const t1 = performance.now();
      const pending = db.prepare('SELECT id FROM sync_pending ORDER BY id').pluck().all() as number[];
      if (pending.length !== changed.size) throw new Error(`the listing queued ${pending.length} records, expected ${changed.size}`);
      // As the fetch phase does: requests of 50 ids, committed about 1000 records at a time.
      const batch = DEFAULT_SYNC_TUNING.fetchBatch;
      for (let i = 0; i < pending.length; i += FETCH_COMMIT_RECORDS) {
        const group = [];
        for (let j = i; j < Math.min(i + FETCH_COMMIT_RECORDS, pending.length); j += batch) {
          const ids = pending.slice(j, Math.min(j + batch, i + FETCH_COMMIT_RECORDS));
          group.push({ ids, entities: ids.map((id) => changed.get(id)) });
        }
        pass.commitFetched(group);
      }
      const t2 = performance.now();
      if (ctx.counts.updated !== changed.size) throw new Error(`updated ${ctx.counts.updated} records, expected ${changed.size}`);
      return { seconds: (t2 - t0) / 1000, rows: changed.size, extra: { list_s: (t1 - t0) / 1000, upsert_s: (t2 - t1) / 1000, listed: rows.length } };
    } finally {
      db.close();
    }
  });
}

/** Baseline: drop and rebuild — a fresh cache, the whole dump imported again. */
async function runBaseline(p: B11Params): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b11-base-'));
  try {
    const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
    try {
      const t0 = performance.now();
      const r = await importFile(db, p.jsonl);
      return { seconds: (performance.now() - t0) / 1000, rows: r.records };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const b11Sync: BenchCase = {
  id: 'B11',
  title: 'incremental sync: 10k changed records into a cache of N, vs dropping and rebuilding it',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { ratio: 1 },
  async prepare(scale, log) {
    const cache = await searchCache(scale, log);
    const jsonl = await demoFile(scale, 42, log);
    return { params: { cache, jsonl, scale } };
  },
  run(side, params) {
    const p = params as unknown as B11Params;
    return side === 'ours' ? runOurs(p) : runBaseline(p);
  },
  summarise(ours, baseline) {
    const o = best(ours, (r) => 1 / r.seconds);
    const b = best(baseline, (r) => 1 / r.seconds);
    const upserts = (o.rows / (o.extra?.upsert_s ?? o.seconds));
    return {
      ratio: round(b.seconds / o.seconds, 1),
      upserts_per_s: Math.round(upserts),
      target_upserts_per_s: TARGET_UPSERTS_PER_S,
      meets_upserts: upserts >= TARGET_UPSERTS_PER_S ? 1 : 0,
      seconds: round(o.seconds, 2),
      list_s: round(o.extra?.list_s ?? NaN, 2),
      upsert_s: round(o.extra?.upsert_s ?? NaN, 2),
      ids_listed_per_s: Math.round((o.extra?.listed ?? 0) / (o.extra?.list_s ?? 1)),
      baseline_s: round(b.seconds, 1),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
      baseline_rss_mb: Math.round(max(baseline, (r) => r.rss_mb)),
    };
  },
  columns: [
    { title: 'ratio (rebuild s ÷ sync s)', keys: ['ratio'] },
    { title: 'upserts/s (target 50k)', keys: ['upserts_per_s'] },
    { title: 'meets', keys: ['meets_upserts'] },
    { title: 'sync s: list ids / upsert', keys: ['seconds', 'list_s', 'upsert_s'] },
    { title: 'ids compared/s', keys: ['ids_listed_per_s'] },
    { title: 'rebuild s', keys: ['baseline_s'] },
    { title: 'RSS MiB / baseline', keys: ['rss_mb', 'baseline_rss_mb'] },
  ],
};

const TOKEN = 'bench-token-0123456789';

/** Ours: a full sync of one project from the fake server (on its own thread) into a fresh cache. */
async function fullSyncOurs(scale: number): Promise<SideResult> {
  const fake = await startFakeWorker({ seed: { token: TOKEN, projects: [{ name: 'Bench', images: scale }] }, options: {} });
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b11f-'));
  try {
    const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
    try {
      const conn = await checkConnection(fake.url, TOKEN);
      const sourceId = upsertAccount(db, { serverUrl: conn.serverUrl, userId: conn.user.id, login: conn.user.login, userName: null, version: conn.version }, new Date().toISOString());
      const t0 = performance.now();
      const out = await runSync(db, { sourceId, projectIds: [fake.projectIds[0] as number], full: true }, TOKEN);
      const seconds = (performance.now() - t0) / 1000;
      const n = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
      if (n !== scale || out.added !== scale) throw new Error(`synced ${n} records (${out.added} added), expected ${scale}`);
      return { seconds, rows: n };
    } finally {
      db.close();
    }
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Baseline: the same pages fetched in token mode and parsed, written nowhere. */
async function fullSyncBaseline(scale: number): Promise<SideResult> {
  const fake = await startFakeWorker({ seed: { token: TOKEN, projects: [{ name: 'Bench', images: scale }] }, options: {} });
  try {
    const url = `${fake.url}/public/api/v3/images.list`;
    const body = { projectId: fake.projectIds[0], recursive: true, forceMetadataForLinks: false, pagination_mode: 'token', per_page: DEFAULT_SYNC_TUNING.perPage };
    let after: string | null = null;
    let rows = 0;
    const t0 = performance.now();
    do {
      const res = await fetch(url, { method: 'POST', headers: { 'x-api-key': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(after ? { ...body, after } : body) });
      const env = JSON.parse(await res.text()) as { entities: unknown[]; after: string | null };
      rows += env.entities.length;
      after = env.after;
    } while (after);
    const seconds = (performance.now() - t0) / 1000;
    if (rows !== scale) throw new Error(`fetched ${rows} records, expected ${scale}`);
    return { seconds, rows };
  } finally {
    await fake.stop();
  }
}


export const b11fFullSync: BenchCase = {
  id: 'B11F',
  title: 'full sync of N records from the local fake server, vs the rate it serves the pages alone',
  kind: 'throughput',
  defaultScale: 100_000,
  async prepare(scale) {
    return { params: { scale } };
  },
  run(side, params) {
    const { scale } = params as { scale: number };
    return side === 'ours' ? fullSyncOurs(scale) : fullSyncBaseline(scale);
  },
  summarise(ours, baseline) {
    const o = best(ours, rowsPerS);
    const b = best(baseline, rowsPerS);
    return {
      ratio: round(rowsPerS(o) / rowsPerS(b), 3),
      records_per_s: Math.round(rowsPerS(o)),
      served_per_s: Math.round(rowsPerS(b)),
      seconds: round(o.seconds, 2),
      baseline_seconds: round(b.seconds, 2),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
    };
  },
  columns: [
    { title: 'ratio', keys: ['ratio'] },
    { title: 'records/s', keys: ['records_per_s'] },
    { title: 'served alone/s', keys: ['served_per_s'] },
    { title: 's / baseline s', keys: ['seconds', 'baseline_seconds'] },
    { title: 'RSS MiB', keys: ['rss_mb'] },
  ],
};
