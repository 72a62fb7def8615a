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
  timeEach,
  type SearchParams,
} from '../lib/search-bench';
import type { BenchCase } from '../lib/types';

const JUMPS = 60;
const BASELINE_JUMPS = 8;
const PAGES = 5;
const PAGE = 100;
const COLS = `i.row_id, i.source_id, i.id, i.name, i.dataset_id, i.dataset_path, i.size, i.width,
  i.height, i.labels_count, (SELECT d.tags FROM image_docs d WHERE d.row_id = i.row_id) AS tags, i.created_at,
  i.updated_at, i.created_by`;

/** Page starts: a jump to a random position, then the 5 pages below it. */
function pageStarts(scale: number, jumps: number): number[] {
  return randomInts(Math.max(1, scale - PAGES * PAGE), jumps, 6).flatMap((pos) =>
    Array.from({ length: PAGES }, (_, k) => pos + k * PAGE),
  );
}

/**
 * Ours: the whole cache sorted by name as the table opens it (count + first ids, the rest
 * materialised in keyset steps); after it settles, every page is a rowid range of the view.
 * Also measured: the first page's latency while nothing past it is materialised, the time to
 * materialise all ids, and the same pages read by keyset (seek to the previous page's last
 * key) — the alternative the issue asks to compare.
 */
export const b6Scroll: BenchCase = {
  id: 'B6',
  title: 'jump to a random position + 5 pages of 100, sorted by name, vs OFFSET on the same order',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { ratio: 50 },
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      const views = new ImageViews(db, new TagNames(db));
      const t0 = performance.now();
      const { view_id, total } = views.open(chips([]));
      views.window(view_id, 0, PAGE);
      const firstPage = performance.now() - t0;
      await views.settled();
      const materialise = (performance.now() - t0) / 1000;
      const starts = pageStarts(total, JUMPS);
      const lat = timeEach(starts, (s) => views.window(view_id, s, PAGE));
      // Keyset: each jump's first page located through the view, then 4 pages by seeking
      // past the last key of the page before.
      const keyRow = db.prepare('SELECT i.name, i.row_id FROM images i WHERE i.row_id = ?');
      const next = db.prepare(`SELECT ${COLS} FROM images i WHERE (i.name, i.row_id) > (?, ?) ORDER BY i.name, i.row_id LIMIT ?`);
      const keysetLat: number[] = [];
      for (let j = 0; j < JUMPS; j++) {
        let rows = views.window(view_id, starts[j * PAGES] as number, PAGE).rows;
        for (let k = 1; k < PAGES; k++) {
          const t = performance.now();
          const last = keyRow.get(rows.at(-1)?.row_id) as { name: string; row_id: number };
          rows = next.all(last.name, last.row_id, PAGE) as typeof rows;
          keysetLat.push(performance.now() - t);
        }
      }
      keysetLat.sort((a, b) => a - b);
      views.clear();
      db.close();
      return latencyResult(lat, {
        first_page_ms: firstPage,
        materialise_s: materialise,
        keyset_p50_ms: keysetLat[Math.floor(keysetLat.length / 2)] as number,
      });
    }
    const db = openBare(p.cache);
    const page = db.prepare(`SELECT ${COLS} FROM images i ORDER BY i.name, i.row_id LIMIT ? OFFSET ?`);
    const lat = timeEach(pageStarts(p.scale, BASELINE_JUMPS), (s) => page.all(PAGE, s));
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [
    ...latencyColumns,
    { title: 'first page ms', keys: ['first_page_ms'] },
    { title: 'materialise all s', keys: ['materialise_s'] },
    { title: 'keyset page p50 ms', keys: ['keyset_p50_ms'] },
  ],
};
