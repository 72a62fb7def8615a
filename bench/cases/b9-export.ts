import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { exportRequestSchema, type ExportColumn, type ExportFormat } from '../../shared/export';
import { openCache } from '../../electron/core/cache/open-cache';
import { runExport } from '../../electron/core/export/run-export';
import { importFile } from '../../electron/core/import/import-file';
import { DATA_CACHE, demoFile } from '../lib/demo-data';
import { rowsPerS } from '../lib/throughput';
import { best, max, round } from '../lib/stats';
import type { BenchCase, Json, Logger, SideResult, SideRun } from '../lib/types';

type Params = { cache: string; scale: number };

const SEED = 42;
/** The same columns on both sides; `dataset` is the stored dataset_path. */
const COLUMNS: ExportColumn[] = ['id', 'name', 'dataset', 'size', 'width', 'height', 'labels_count', 'created_at', 'updated_at', 'created_by', 'meta', 'tags'];
const SQL_COLUMNS = COLUMNS.map((c) => (c === 'dataset' ? 'dataset_path AS dataset' : c)).join(', ');

/** A cache holding the demo records, imported once and kept beside the cached input. */
async function demoCache(scale: number, log: Logger): Promise<string> {
  const file = await demoFile(scale, SEED, log);
  const cache = join(DATA_CACHE, `${basename(file, '.jsonl')}.b9.sqlite`);
  if (existsSync(cache)) return cache;
  log(`B9: importing ${scale.toLocaleString('en')} records into a cache for the export runs…`);
  const tmp = `${cache}.tmp`;
  rmSync(tmp, { force: true });
  const db = openCache(tmp, { cacheMiB: 256 });
  try {
    await importFile(db, file);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(tmp, cache);
  return cache;
}

async function timeExport(cache: string, dir: string, format: ExportFormat): Promise<{ seconds: number; rows: number; bytes: number }> {
  // Opened the way the job worker opens it; runExport narrows its page cache itself.
  const db = openCache(cache, { cacheMiB: 256 });
  try {
    const request = exportRequestSchema.parse({ query: { text: '', sort: [{ key: 'name', dir: 'asc' }] }, format, columns: COLUMNS });
    const t0 = performance.now();
    const r = await runExport(db, { request, dest: join(dir, `out.${format}`), appVersion: 'bench' });
    return { seconds: (performance.now() - t0) / 1000, rows: r.records, bytes: r.output?.bytes ?? 0 };
  } finally {
    db.close();
  }
}

/** Ours: CSV (the ratio), then JSON Lines and Parquet of the same columns, in one process. */
async function runOurs({ cache, scale }: Params, log: Logger): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b9-'));
  const startRss = process.memoryUsage().rss / 2 ** 20;
  try {
    const csv = await timeExport(cache, dir, 'csv');
    const jsonl = await timeExport(cache, dir, 'jsonl');
    const parquet = await timeExport(cache, dir, 'parquet');
    for (const r of [csv, jsonl, parquet]) if (r.rows !== scale) throw new Error(`exported ${r.rows} rows, expected ${scale}`);
    const growth = process.resourceUsage().maxRSS / 1024 - startRss;
    log(`ours: csv ${csv.seconds.toFixed(1)} s, jsonl ${jsonl.seconds.toFixed(1)} s, parquet ${parquet.seconds.toFixed(1)} s (${(parquet.bytes / 2 ** 20).toFixed(0)} MiB), RSS growth ${growth.toFixed(0)} MiB`);
    return {
      seconds: csv.seconds,
      rows: csv.rows,
      extra: { jsonl_s: jsonl.seconds, parquet_s: parquet.seconds, parquet_mib: parquet.bytes / 2 ** 20, rss_growth_mb: growth },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Baseline: the sqlite3 command-line tool's `-csv` output of the same columns in the same order. */
function runBaseline({ cache, scale }: Params): SideResult {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b9-base-'));
  try {
    const out = join(dir, 'out.csv');
    const fd = openSync(out, 'w');
    const t0 = performance.now();
    const r = spawnSync('sqlite3', ['-readonly', '-csv', '-header', cache, `SELECT ${SQL_COLUMNS} FROM images JOIN image_docs USING (row_id) ORDER BY name ASC, row_id ASC`], {
      stdio: ['ignore', fd, 'pipe'],
    });
    const seconds = (performance.now() - t0) / 1000;
    closeSync(fd);
    if (r.error) throw new Error(`sqlite3 could not run: ${r.error.message} (apt-get install sqlite3)`);
    if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr.toString()}`);
    if (statSync(out).size === 0) throw new Error('sqlite3 wrote nothing');
    return { seconds, rows: scale };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const extraRate = (r: SideRun, key: string) => r.rows / (r.extra?.[key] ?? NaN);

export const b9Export: BenchCase = {
  id: 'B9',
  title: 'export the whole cache in name order: CSV vs sqlite3 -csv, JSON Lines, Parquet',
  kind: 'throughput',
  defaultScale: 1_000_000,
  targets: { ratio: 0.75 },
  async prepare(scale, log) {
    return { params: { cache: await demoCache(scale, log), scale } satisfies Params as Json };
  },
  run(side, params, log) {
    const p = params as Params;
    return side === 'ours' ? runOurs(p, log) : Promise.resolve(runBaseline(p));
  },
  summarise(ours, baseline) {
    const o = best(ours, rowsPerS);
    const b = best(baseline, rowsPerS);
    const jsonl = Math.max(...ours.map((r) => extraRate(r, 'jsonl_s')));
    const parquet = Math.max(...ours.map((r) => extraRate(r, 'parquet_s')));
    const growth = max(ours, (r) => r.extra?.rss_growth_mb ?? NaN);
    return {
      ratio: round(rowsPerS(o) / rowsPerS(b), 3),
      csv_rows_per_s: Math.round(rowsPerS(o)),
      baseline_rows_per_s: Math.round(rowsPerS(b)),
      jsonl_rows_per_s: Math.round(jsonl),
      parquet_rows_per_s: Math.round(parquet),
      parquet_mib: round(o.extra?.parquet_mib ?? NaN, 1),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
      rss_growth_mb: Math.round(growth),
      // The other targets, as 1 (met) or 0.
      meets_jsonl_200k: jsonl >= 200_000 ? 1 : 0,
      meets_parquet_200k: parquet >= 200_000 ? 1 : 0,
      meets_rss_growth_150: growth < 150 ? 1 : 0,
    };
  },
  columns: [
    { title: 'CSV ratio', keys: ['ratio'] },
    { title: 'CSV rows/s', keys: ['csv_rows_per_s'] },
    { title: 'sqlite3 -csv rows/s', keys: ['baseline_rows_per_s'] },
    { title: 'JSONL rows/s', keys: ['jsonl_rows_per_s'] },
    { title: 'Parquet rows/s', keys: ['parquet_rows_per_s'] },
    { title: 'Parquet MiB', keys: ['parquet_mib'] },
    { title: 'peak RSS / growth MiB', keys: ['rss_mb', 'rss_growth_mb'] },
    { title: 'meets JSONL / Parquet / RSS', keys: ['meets_jsonl_200k', 'meets_parquet_200k', 'meets_rss_growth_150'] },
  ],
};
