import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openCache } from '../../electron/core/cache/open-cache';
import { importPath } from '../../electron/core/import/import-path';
import { DEFAULT_THUMB_SIZE, makeThumbnail } from '../../electron/core/thumbs/make-thumbnail';
import { makeThumbnails } from '../../electron/core/thumbs/make-thumbnails';
import { ThumbMaker } from '../../electron/core/thumbs/thumb-maker';
import { ThumbService } from '../../electron/core/thumbs/thumb-service';
import { ThumbStore } from '../../electron/core/thumbs/thumb-store';
import { localPixels } from '../../electron/core/thumbs/local-pixels';
import { pixelSourceOfRow } from '../../electron/core/cache/image-files';
import { querySchema } from '../../shared/query';
import { THUMB_BASE, thumbUrl } from '../../shared/thumb-url';
import { photoFolder } from '../lib/photo-folder';
import { randomInts, summariseLatency, latencyColumns } from '../lib/search-bench';
import { searchCache } from '../lib/search-cache';
import { max, round } from '../lib/stats';
import type { BenchCase, Json, SideResult } from '../lib/types';

type T1Params = { root: string; cache: string; files: string[] };

/**
 * T1: thumbnails of a project folder's local JPEG/PNG files. Ours: `makeThumbnails` over the
 * whole cache into a fresh store (decoding in the maker's threads, stored, indexed). Baseline:
 * sharp's bare loop over the same files with the same operations (rotate, resize to 256 inside,
 * WebP q72 effort 2), as many in flight as ours keeps, nothing stored.
 */
export const t1ThumbMake: BenchCase = {
  id: 'T1',
  title: 'thumbnail generation from local files vs a bare sharp resize loop',
  kind: 'throughput',
  defaultScale: 200,
  targets: { ratio: 0.8, rss_mb: 300 },
  async prepare(scale, log) {
    const root = await photoFolder(scale, log);
    const dir = mkdtempSync(join(tmpdir(), 'loupe-t1-'));
    const cache = join(dir, 'cache.sqlite');
    const db = openCache(cache);
    await importPath(db, root);
    db.close();
    const img = join(root, 'photos', 'img');
    const files = readdirSync(img).sort().map((f) => join(img, f));
    return { params: { root, cache, files } as Json, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
  async run(side, params): Promise<SideResult> {
    const p = params as unknown as T1Params;
    const maker = new ThumbMaker();
    const inFlight = maker.parallelism;
    if (side === 'ours') {
      const storeDir = mkdtempSync(join(tmpdir(), 'loupe-t1-store-'));
      const db = openCache(p.cache);
      const store = ThumbStore.open(storeDir);
      // The app starts its threads once per session, not per screen or per run.
      await maker.ready();
      const t0 = performance.now();
      const r = await makeThumbnails(db, store, maker, null, querySchema.parse({}), DEFAULT_THUMB_SIZE);
      const seconds = (performance.now() - t0) / 1000;
      await maker.close();
      store.close();
      db.close();
      rmSync(storeDir, { recursive: true, force: true });
      return { seconds, rows: r.made, extra: { failed: r.failed, kib_per_thumb: r.bytes / 1024 / Math.max(1, r.made) } };
    }
    await maker.close();
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < p.files.length) {
        const f = p.files[next++] as string;
        await sharp(f).rotate().resize({ width: DEFAULT_THUMB_SIZE, height: DEFAULT_THUMB_SIZE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 72, effort: 2 }).toBuffer();
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { seconds: (performance.now() - t0) / 1000, rows: p.files.length };
  },
  summarise(ours, baseline) {
    const rate = (runs: typeof ours) => Math.max(...runs.map((r) => r.rows / r.seconds));
    return {
      ratio: round(rate(ours) / rate(baseline), 2),
      thumbs_s: round(rate(ours), 1),
      baseline_thumbs_s: round(rate(baseline), 1),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
      baseline_rss_mb: Math.round(max(baseline, (r) => r.rss_mb)),
      kib_per_thumb: round(ours[0]?.extra?.kib_per_thumb ?? 0, 1),
    };
  },
  columns: [
    { title: 'ratio (≥0.8)', keys: ['ratio'] },
    { title: 'thumbs/s', keys: ['thumbs_s'] },
    { title: 'baseline thumbs/s', keys: ['baseline_thumbs_s'] },
    { title: 'RSS MiB (≤300)', keys: ['rss_mb'] },
    { title: 'baseline RSS MiB', keys: ['baseline_rss_mb'] },
    { title: 'KiB/thumb', keys: ['kib_per_thumb'] },
  ],
};

/** A screen of tiles: 1440×900 at the default tile size shows 6 × 5, plus a row each side. */
const SCREEN_TILES = 48;
const SCREENS = 40;

type T2Params = { cache: string; scale: number; photos: string };

/**
 * T2: a screen of tiles from a warm thumbnail store, at N records. The search cache's records
 * get local files (in a transaction rolled back at the end, so the shared cache is untouched):
 * 40 screens at random places, each of 48 consecutive rows, their thumbnails stored beforehand.
 * Ours: the thumbnail service answers every tile of a screen (row lookup, original's stat, store
 * index, file read, LRU touch). Baseline: reading the same thumbnail files, nothing else.
 */
export const t2ThumbScreen: BenchCase = {
  id: 'T2',
  title: 'a screen of tiles from a warm thumbnail store',
  kind: 'latency',
  defaultScale: 1_000_000,
  async prepare(scale, log) {
    return { params: { cache: await searchCache(scale, log), scale, photos: await photoFolder(64, log) } as Json };
  },
  async run(side, params): Promise<SideResult> {
    const p = params as unknown as T2Params;
    const db = openCache(p.cache);
    const storeDir = mkdtempSync(join(tmpdir(), 'loupe-t2-store-'));
    const store = ThumbStore.open(storeDir);
    const maker = new ThumbMaker(undefined, 1);
    const service = new ThumbService(db, store, maker);
    const img = join(p.photos, 'photos', 'img');
    const files = readdirSync(img).sort();
    const thumbs = await Promise.all(files.map((f) => makeThumbnail(join(img, f), DEFAULT_THUMB_SIZE)));
    const maxRow = db.prepare('SELECT max(row_id) FROM images').pluck().get() as number;
    const screens = randomInts(maxRow - SCREEN_TILES, SCREENS, 12).map((start) =>
      db.prepare(`SELECT row_id FROM images WHERE row_id >= ? ORDER BY row_id LIMIT ${SCREEN_TILES}`).pluck().all(start + 1) as number[],
    );
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare("UPDATE sources SET kind = 'folder', uri = ?").run(p.photos);
      const link = db.prepare('INSERT OR REPLACE INTO image_files (source_id, image_id, path) SELECT source_id, id, ? FROM images WHERE row_id = ?');
      for (const rows of screens) {
        for (const rowId of rows) {
          const k = rowId % files.length;
          link.run(join('photos', 'img', files[k] as string), rowId);
          const src = pixelSourceOfRow(db, rowId);
          const local = src && localPixels(src);
          if (!src || !local || 'missing' in local) throw new Error(`row ${rowId} has no local file`);
          store.put({ sourceId: src.sourceId, imageId: src.imageId, size: DEFAULT_THUMB_SIZE }, local.fingerprint, thumbs[k] as Uint8Array);
        }
      }
      const latencies: number[] = [];
      let tiles = 0;
      if (side === 'ours') {
        for (const rows of screens) {
          const t0 = performance.now();
          const answers = await Promise.all(rows.map((r) => service.serve(thumbUrl(THUMB_BASE, r))));
          latencies.push(performance.now() - t0);
          if (answers.some((a) => a.headers['content-type'] !== 'image/webp')) throw new Error('a warm tile was not served from the store');
          tiles += answers.length;
        }
      } else {
        const stored = readdirSync(storeDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.webp')).map((f) => join(storeDir, f));
        for (let s = 0; s < screens.length; s++) {
          const t0 = performance.now();
          for (let i = 0; i < SCREEN_TILES; i++) {
            const f = stored[(s * SCREEN_TILES + i) % stored.length] as string;
            statSync(f);
            readFileSync(f);
          }
          latencies.push(performance.now() - t0);
          tiles += SCREEN_TILES;
        }
      }
      const seconds = latencies.reduce((a, b) => a + b, 0) / 1000;
      return { seconds, rows: latencies.length, latencies_ms: latencies, extra: { tiles_s: tiles / seconds } };
    } finally {
      db.exec('ROLLBACK');
      await maker.close();
      store.close();
      db.close();
      rmSync(storeDir, { recursive: true, force: true });
    }
  },
  summarise(ours, baseline) {
    return { ...summariseLatency(ours, baseline), tiles_s: round(Math.max(...ours.map((r) => r.extra?.tiles_s ?? 0)), 0) };
  },
  columns: [...latencyColumns, { title: 'hits/s (≥2000)', keys: ['tiles_s'] }],
};
