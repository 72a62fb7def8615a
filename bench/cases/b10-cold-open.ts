import { FacetService } from '../../electron/core/cache/facet-service';
import { ImageViews } from '../../electron/core/cache/image-views';
import { TagNames } from '../../electron/core/cache/tag-names';
import { querySchema } from '../../shared/query';
import { searchCache } from '../lib/search-cache';
import { openBare, openBrowse, asParams, type SearchParams } from '../lib/search-bench';
import { max, round } from '../lib/stats';
import type { BenchCase, SideResult } from '../lib/types';

/**
 * A cold start on a cache the app has opened before: a fresh process opens it and answers
 * what the first screen shows — the first page, the exact count and the facet panel.
 * Baseline: the same screen from the raw table (count, ORDER BY … LIMIT, GROUP BY over JSON).
 */
export const b10ColdOpen: BenchCase = {
  id: 'B10',
  title: 'cold open: first page + count + facets, in a fresh process',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { rss_mb: 250 },
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params): Promise<SideResult> {
    const p = params as unknown as SearchParams;
    const t0 = performance.now();
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      const views = new ImageViews(db, new TagNames(db));
      const q = querySchema.parse({});
      const v = views.open(q);
      views.window(v.view_id, 0, 100);
      const res = new FacetService(db).get(q);
      const ms = performance.now() - t0;
      views.clear();
      db.close();
      return { seconds: ms / 1000, rows: v.total, latencies_ms: [ms], extra: { facets_done: res.facets.filter((f) => f.status === 'done').length } };
    }
    const db = openBare(p.cache);
    const total = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    db.prepare('SELECT * FROM images ORDER BY name, row_id LIMIT 100').all();
    for (const col of ['dataset_path', 'ext', 'mime', 'created_by']) db.prepare(`SELECT ${col}, count(*) FROM images GROUP BY 1`).all();
    db.prepare("SELECT json_extract(meta, '$.camera'), count(*) FROM image_docs GROUP BY 1").all();
    const ms = performance.now() - t0;
    db.close();
    return { seconds: ms / 1000, rows: total, latencies_ms: [ms] };
  },
  summarise(ours, baseline) {
    const best = (runs: typeof ours) => Math.min(...runs.map((r) => r.latencies_ms?.[0] ?? Infinity));
    return {
      ratio: round(best(baseline) / best(ours), 1),
      ms: round(best(ours), 1),
      worst_ms: round(max(ours, (r) => r.latencies_ms?.[0] ?? 0), 1),
      baseline_ms: round(best(baseline), 1),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
      baseline_rss_mb: Math.round(max(baseline, (r) => r.rss_mb)),
      facets_done: ours[0]?.extra?.facets_done ?? 0,
    };
  },
  columns: [
    { title: 'ratio', keys: ['ratio'] },
    { title: 'best / worst ms', keys: ['ms', 'worst_ms'] },
    { title: 'baseline ms', keys: ['baseline_ms'] },
    { title: 'RSS MiB', keys: ['rss_mb'] },
    { title: 'baseline RSS MiB', keys: ['baseline_rss_mb'] },
    { title: 'facets done', keys: ['facets_done'] },
  ],
};
