import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_WRITER, openCache, type Db } from '../../electron/core/cache/open-cache';
import { BULK_LOAD_CACHE_MIB } from '../../electron/core/cache/browse-indexes';
import { importFile } from '../../electron/core/import/import-file';
import { jsonlLines } from '../lib/jsonl-lines';
import { demoFile } from '../lib/demo-data';
import { round } from '../lib/stats';
import { throughputSummary } from '../lib/throughput';
import type { BenchCase, Json, Logger, SideResult } from '../lib/types';

type Params = { file: string; scale: number };

const SEED = 42;
/** Both sides use the worker's connection settings (BULK_WRITER, with a bulk load's page cache). */
const CACHE_MIB = BULK_LOAD_CACHE_MIB;

/** The images table's columns, in the order the baseline inserts them. */
const BARE_COLUMNS: readonly (readonly [column: string, type: string, apiKey: string])[] = [
  ['source_id', 'INTEGER', ''],
  ['id', 'INTEGER', 'id'],
  ['name', 'TEXT', 'name'],
  ['link', 'TEXT', 'link'],
  ['hash', 'TEXT', 'hash'],
  ['mime', 'TEXT', 'mime'],
  ['ext', 'TEXT', 'ext'],
  ['size', 'INTEGER', 'size'],
  ['width', 'INTEGER', 'width'],
  ['height', 'INTEGER', 'height'],
  ['labels_count', 'INTEGER', 'labelsCount'],
  ['dataset_id', 'INTEGER', 'datasetId'],
  ['dataset_path', 'TEXT', ''],
  ['project_id', 'INTEGER', 'projectId'],
  ['created_at', 'TEXT', 'createdAt'],
  ['updated_at', 'TEXT', 'updatedAt'],
  ['created_by', 'ANY', 'createdBy'],
  ['description', 'TEXT', 'description'],
  ['path_original', 'TEXT', 'pathOriginal'],
  ['full_storage_url', 'TEXT', 'fullStorageUrl'],
  ['related_data_id', 'INTEGER', 'relatedDataId'],
  ['download_id', 'TEXT', 'downloadId'],
  ['offset_start', 'INTEGER', 'offsetStart'],
  ['offset_end', 'INTEGER', 'offsetEnd'],
  ['embeddings_updated_at', 'TEXT', 'embeddingsUpdatedAt'],
  ['parent_id', 'INTEGER', 'parentId'],
  ['meta', 'TEXT', 'meta'],
  ['tags', 'TEXT', 'tags'],
  ['ai_search_meta', 'TEXT', 'aiSearchMeta'],
  ['extra', 'TEXT', ''],
  ['synced_at', 'TEXT', ''],
];

function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Splits an import's time into phases without reaching into it: `rows_s` until the last
 * progress report before the commit (reports come every 2000 records, so at these scales it is
 * the last record), `derive_s` from there to the COMMIT (browse indexes, search tables,
 * catalogue), `commit_s` the COMMIT itself (with SQLite's WAL auto-checkpoint); `index_s`
 * is the share of all of it spent in CREATE INDEX.
 */
function phaseClock(db: Db) {
  const t0 = performance.now();
  let lastRow = t0;
  let commitAt: number | null = null;
  let commitEnd = t0;
  let index = 0;
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    const start = performance.now();
    if (/^\s*COMMIT/i.test(sql)) commitAt = start;
    const r = exec(sql);
    const end = performance.now();
    if (/^\s*CREATE INDEX/i.test(sql)) index += end - start;
    if (commitAt === start) commitEnd = end;
    return r;
  };
  return {
    onProgress: () => {
      if (commitAt === null) lastRow = performance.now();
    },
    phases: () => ({
      rows_s: (lastRow - t0) / 1000,
      derive_s: ((commitAt ?? lastRow) - lastRow) / 1000,
      commit_s: (commitEnd - (commitAt ?? commitEnd)) / 1000,
      index_s: index / 1000,
    }),
  };
}

/** Ours: the worker's connection and the real import, from the call until it has committed. */
async function runOurs({ file, scale }: Params, log: Logger): Promise<SideResult> {
  return withTempDir('loupe-bench-b1-', async (dir) => {
    const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
    try {
      const t0 = performance.now();
      const clock = phaseClock(db);
      const res = await importFile(db, file, { onProgress: clock.onProgress });
      const seconds = (performance.now() - t0) / 1000;
      if (res.records !== scale || res.inserted !== scale) {
        throw new Error(`imported ${res.records} records (${res.inserted} new), expected ${scale}`);
      }
      const p = clock.phases();
      const f = (x: number) => x.toFixed(1);
      log(
        `ours: rows ${f(p.rows_s)} s, derived data ${f(p.derive_s)} s (CREATE INDEX ${f(p.index_s)} s), commit ${f(p.commit_s)} s`,
      );
      return { seconds, rows: res.records, extra: p };
    } finally {
      db.close();
    }
  });
}

/** Dataset id → name from the sidecar, read as plain JSON: the baseline validates nothing. */
function datasetNames(file: string): Map<number, string> {
  const sidecar = JSON.parse(readFileSync(file.replace(/\.jsonl$/, '.meta.json'), 'utf8')) as {
    datasets?: { id: number; name: string }[];
  };
  return new Map((sidecar.datasets ?? []).map((d) => [d.id, d.name]));
}


/**
 * Baseline: what a bare loader achieves — read lines, JSON.parse, one prepared INSERT per
 * record into a table with the same columns but no constraints or indexes, one transaction,
 * the same pragmas as the worker's connection.
 */
async function runBaseline({ file, scale }: Params): Promise<SideResult> {
  return withTempDir('loupe-bench-b1-base-', async (dir) => {
    const db = new Database(join(dir, 'bare.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`cache_size = ${-1024 * CACHE_MIB}`);
      db.pragma('temp_store = FILE');
      db.exec(`CREATE TABLE images (${BARE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})`);
      const insert = db.prepare(
        `INSERT INTO images VALUES (${BARE_COLUMNS.map(() => '?').join(', ')})`,
      );
      const t0 = performance.now();
      const names = datasetNames(file);
      const syncedAt = new Date().toISOString();
      const values: unknown[] = new Array(BARE_COLUMNS.length);
      let rows = 0;
      db.exec('BEGIN');
      for await (const line of jsonlLines(file)) {
        const rec = JSON.parse(line) as Record<string, unknown>;
        for (let i = 0; i < BARE_COLUMNS.length; i++) {
          const key = (BARE_COLUMNS[i] as (typeof BARE_COLUMNS)[number])[2];
          const v = key ? rec[key] : null;
          values[i] =
            v === undefined ? null : v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
        }
        values[0] = 1;
        values[12] = names.get(rec.datasetId as number) ?? null;
        values[30] = syncedAt;
        insert.run(values);
        rows++;
      }
      const t1 = performance.now();
      db.exec('COMMIT');
      const seconds = (performance.now() - t0) / 1000;
      if (rows !== scale) throw new Error(`inserted ${rows} rows, expected ${scale}`);
      return { seconds, rows, extra: { commit_s: (performance.now() - t1) / 1000 } };
    } finally {
      db.close();
    }
  });
}

export const b1Import: BenchCase = {
  id: 'B1',
  title: 'import a JSONL file into the cache, indexes included',
  kind: 'throughput',
  defaultScale: 1_000_000,
  targets: { ratio: 0.6, rss_mb: 300 },
  async prepare(scale, log) {
    const file = await demoFile(scale, SEED, log);
    return { params: { file, scale } satisfies Params as Json };
  },
  run(side, params, log) {
    const p = params as Params;
    return side === 'ours' ? runOurs(p, log) : runBaseline(p);
  },
  summarise(ours, baseline) {
    const { o, b, figures } = throughputSummary(ours, baseline);
    return {
      ...figures,
      rows_s: round(o.extra?.rows_s ?? NaN, 2),
      derive_s: round(o.extra?.derive_s ?? NaN, 2),
      commit_s: round(o.extra?.commit_s ?? NaN, 2),
      index_s: round(o.extra?.index_s ?? NaN, 2),
      baseline_commit_s: round(b.extra?.commit_s ?? NaN, 2),
    };
  },
  columns: [
    { title: 'ratio', keys: ['ratio'] },
    { title: 'rows/s', keys: ['rows_per_s'] },
    { title: 'baseline rows/s', keys: ['baseline_rows_per_s'] },
    { title: 'RSS MiB', keys: ['rss_mb'] },
    { title: 'baseline RSS MiB', keys: ['baseline_rss_mb'] },
    { title: 's', keys: ['seconds'] },
    { title: 'baseline s', keys: ['baseline_seconds'] },
    { title: 'rows / derived / commit s', keys: ['rows_s', 'derive_s', 'commit_s'] },
    { title: 'CREATE INDEX s', keys: ['index_s'] },
    { title: 'baseline commit s', keys: ['baseline_commit_s'] },
  ],
};
