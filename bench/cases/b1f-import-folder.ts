import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageInfoSchema, normaliseImageKeys, toSdkJson } from '../../shared/image-info';
import { BULK_WRITER, openCache } from '../../electron/core/cache/open-cache';
import { BULK_LOAD_CACHE_MIB } from '../../electron/core/cache/browse-indexes';
import { importPath } from '../../electron/core/import/import-path';
import { DEMO_DATASETS } from '../../electron/core/demo/demo-project';
import { jsonlLines } from '../lib/jsonl-lines';
import { demoFile, DATA_CACHE } from '../lib/demo-data';
import { throughputSummary } from '../lib/throughput';
import type { BenchCase, Json, Logger, SideResult } from '../lib/types';

type Params = { root: string; scale: number };

const SEED = 42;
/** The baseline gets the page cache our bulk load uses. */
const CACHE_MIB = BULK_LOAD_CACHE_MIB;

/** Folder of a dataset path the way the SDK nests them: a/b → a/datasets/b. */
function datasetDir(root: string, path: string): string {
  return join(root, ...path.split('/').flatMap((p, i) => (i === 0 ? [p] : ['datasets', p])));
}

function datasetPathsById(): Map<number, string> {
  const byId = new Map(DEMO_DATASETS.map(([id, name, parent]) => [id, { name, parent }]));
  const path = (id: number): string => {
    const d = byId.get(id);
    if (!d) return `dataset-${id}`;
    return d.parent === null ? d.name : `${path(d.parent)}/${d.name}`;
  };
  return new Map([...byId.keys()].map((id) => [id, path(id)]));
}


/**
 * A Supervisely project folder as `download_project(save_image_info=True)` leaves it, minus
 * the image bytes: meta.json, nested datasets, `img_info/<name>.json` in SDK snake_case form
 * (indent 4), and empty ann/ and img/ folders. Cached between runs, like the JSONL input.
 */
async function projectFolder(scale: number, log: Logger): Promise<string> {
  const file = await demoFile(scale, SEED, log);
  const root = join(DATA_CACHE, `folder-${scale}-s${SEED}-${file.slice(-15, -6)}`);
  if (existsSync(join(root, '.complete'))) {
    log(`data: ${root} (cached)`);
    return root;
  }
  rmSync(root, { recursive: true, force: true });
  const t0 = performance.now();
  log(`data: writing ${scale.toLocaleString('en')} img_info files…`);
  const sidecar = JSON.parse(readFileSync(file.replace(/\.jsonl$/, '.meta.json'), 'utf8')) as { tags: unknown[] };
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'meta.json'), JSON.stringify({ classes: [], tags: sidecar.tags, projectType: 'images' }, null, 4));
  const paths = datasetPathsById();
  const made = new Set<string>();
  for await (const line of jsonlLines(file)) {
    const info = imageInfoSchema.parse(normaliseImageKeys(JSON.parse(line)));
    const dir = datasetDir(root, paths.get(info.dataset_id ?? 0) ?? 'unknown');
    if (!made.has(dir)) {
      for (const sub of ['img_info', 'ann', 'img']) mkdirSync(join(dir, sub), { recursive: true });
      made.add(dir);
    }
    writeFileSync(join(dir, 'img_info', `${info.name}.json`), JSON.stringify(toSdkJson(info), null, 4));
  }
  writeFileSync(join(root, '.complete'), '');
  log(`data: ${root} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return root;
}

/** Every img_info file below the root, dataset by dataset (what the baseline reads). */
function* infoFiles(dir: string): Generator<string> {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const full = join(dir, d.name);
    if (d.name === 'img_info') {
      for (const f of readdirSync(full)) yield join(full, f);
    } else if (!['ann', 'img'].includes(d.name)) {
      yield* infoFiles(full);
    }
  }
}

async function runOurs({ root, scale }: Params): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b1f-'));
  const db = openCache(join(dir, 'cache.sqlite'), BULK_WRITER);
  try {
    const t0 = performance.now();
    const res = await importPath(db, root);
    const seconds = (performance.now() - t0) / 1000;
    if (res.inserted !== scale) throw new Error(`imported ${res.inserted} new records, expected ${scale}`);
    return { seconds, rows: res.records };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Baseline: read each file, JSON.parse, one bare INSERT into an index-free table. */
async function runBaseline({ root, scale }: Params): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-b1f-base-'));
  const db = new Database(join(dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-1024 * CACHE_MIB}`);
    db.pragma('temp_store = FILE');
    const keys = Object.keys(toSdkJson(imageInfoSchema.parse({ id: 1, name: 'x' })));
    db.exec(`CREATE TABLE images (source_id INTEGER, ${keys.map((k) => `${k} ANY`).join(', ')}, synced_at TEXT)`);
    const insert = db.prepare(`INSERT INTO images VALUES (${['?', ...keys, '?'].map(() => '?').join(', ')})`);
    const t0 = performance.now();
    const syncedAt = new Date().toISOString();
    const values: unknown[] = new Array(keys.length + 2);
    let rows = 0;
    db.exec('BEGIN');
    for (const f of infoFiles(root)) {
      const rec = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
      values[0] = 1;
      keys.forEach((k, i) => {
        const v = rec[k];
        values[i + 1] = v === undefined ? null : v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
      });
      values[keys.length + 1] = syncedAt;
      insert.run(values);
      rows++;
    }
    db.exec('COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    if (rows !== scale) throw new Error(`inserted ${rows} rows, expected ${scale}`);
    return { seconds, rows };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const b1fImportFolder: BenchCase = {
  id: 'B1F',
  title: 'import a Supervisely project folder of img_info files into the cache, indexes included',
  kind: 'throughput',
  defaultScale: 1_000_000,
  targets: { ratio: 0.6, rss_mb: 300 },
  async prepare(scale, log) {
    return { params: { root: await projectFolder(scale, log), scale } satisfies Params as Json };
  },
  run(side, params) {
    const p = params as Params;
    return side === 'ours' ? runOurs(p) : runBaseline(p);
  },
  summarise(ours, baseline) {
    return throughputSummary(ours, baseline).figures;
  },
  columns: [
    { title: 'ratio', keys: ['ratio'] },
    { title: 'rows/s', keys: ['rows_per_s'] },
    { title: 'baseline rows/s', keys: ['baseline_rows_per_s'] },
    { title: 'RSS MiB', keys: ['rss_mb'] },
    { title: 'baseline RSS MiB', keys: ['baseline_rss_mb'] },
    { title: 's / baseline s', keys: ['seconds', 'baseline_seconds'] },
  ],
};
