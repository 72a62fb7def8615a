import { ImageViews } from '../../electron/core/cache/image-views';
import { TagNames } from '../../electron/core/cache/tag-names';
import { searchCache } from '../lib/search-cache';
import {
  asParams,
  chips,
  latencyColumns,
  latencyResult,
  openBare,
  openBrowse,
  randomInts,
  summariseLatency,
  textClause,
  timeEach,
  type SearchParams,
} from '../lib/search-bench';
import type { BenchCase } from '../lib/types';

const QUERIES = 200;
const BASELINE_QUERIES = 12;
const PAGE = 100;

/**
 * The workload: the 6 characters before the extension of a random record's name (seeded) —
 * the distinctive part of a file name (a frame number, a capture id) that someone pastes to
 * find one image. Matches range from one record to a few dozen.
 */
function terms(db: { prepare(sql: string): { pluck(): { get(...a: unknown[]): unknown } } }, scale: number): string[] {
  const name = db.prepare('SELECT name FROM images WHERE row_id = ?').pluck();
  return randomInts(scale, QUERIES, 2).map((r) => {
    const n = String(name.get(r + 1) ?? 'IMG_0001_000001.jpg');
    const stem = [...n.replace(/\.[^.]*$/, '')];
    return stem.slice(Math.max(0, stem.length - 6)).join('');
  });
}

export const b2NameSearch: BenchCase = {
  id: 'B2',
  title: 'substring search on name: first page + exact count (FTS5 trigram vs LIKE scan)',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { ratio: 100 },
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      const views = new ImageViews(db, new TagNames(db));
      const list = terms(db, p.scale);
      let matched = 0;
      const lat = timeEach(list, (t) => {
        const v = views.open(chips([textClause(t)]));
        views.window(v.view_id, 0, PAGE);
        matched += v.total;
      });
      views.clear();
      db.close();
      return latencyResult(lat, { mean_matches: matched / list.length });
    }
    const db = openBare(p.cache);
    const list = terms(db, p.scale).slice(0, BASELINE_QUERIES);
    const count = db.prepare("SELECT count(*) FROM images WHERE name LIKE ? ESCAPE '\\'").pluck();
    const page = db.prepare(
      "SELECT i.row_id, id, name, dataset_path, size, width, height, labels_count, d.tags, created_at, updated_at, created_by FROM images i JOIN image_docs d ON d.row_id = i.row_id WHERE name LIKE ? ESCAPE '\\' ORDER BY name, i.row_id LIMIT ?",
    );
    const lat = timeEach(list, (t) => {
      const pattern = `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      count.get(pattern);
      page.all(pattern, PAGE);
    });
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [...latencyColumns, { title: 'mean matches', keys: ['mean_matches'] }],
};
