import { ImageViews } from '../../electron/core/cache/image-views';
import { TagNames } from '../../electron/core/cache/tag-names';
import { ROW_COLUMNS } from '../../electron/core/cache/view-rows';
import { searchCache } from '../lib/search-cache';
import {
  asParams,
  chips,
  latencyColumns,
  latencyResult,
  openBare,
  openBrowse,
  summariseLatency,
  timeEach,
  type SearchParams,
} from '../lib/search-bench';
import type { BenchCase } from '../lib/types';

const PAGE = 100;
/** Demo meta keys: a number on 70% of records, one on 30%, text on 60%, a rare letter on 10%. */
const KEYS = ['exposure_ms', 'iso', 'city', 'customSort'] as const;
const CLICKS = KEYS.flatMap((key) => (['asc', 'desc'] as const).map((dir) => ({ key, dir })));
const REPEATS = 3;

/**
 * A sort click on a meta column (#19): the view opened on the whole cache sorted by a meta key
 * (count + first ids by a walk of meta_values_key), then its first page of 100 rows with the
 * key's values — the table's first screen. Each key both ways, three times.
 */
export const b7MetaSort: BenchCase = {
  id: 'B7',
  title: 'first page after a sort click on a meta key, vs ORDER BY json_extract',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { ratio: 1 },
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    const clicks = Array.from({ length: REPEATS }, () => CLICKS).flat();
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      const views = new ImageViews(db, new TagNames(db));
      const lat = timeEach(clicks, ({ key, dir }) => {
        const query = { ...chips([], [{ key: `meta.${key}`, dir }]), columns: ['name', `meta.${key}`] };
        const { view_id } = views.open(query);
        views.window(view_id, 0, PAGE);
      });
      views.clear();
      db.close();
      return latencyResult(lat);
    }
    // The plain way: sort every record by the JSON value (missing last), take the first page.
    const db = openBare(p.cache);
    const stmt = (dir: string) =>
      db.prepare(
        `SELECT ${ROW_COLUMNS}, json_extract(d.meta, '$.' || ?) AS v FROM images i JOIN image_docs d ON d.row_id = i.row_id
          ORDER BY v IS NULL, v ${dir}, i.row_id ${dir} LIMIT ?`,
      );
    const asc = stmt('ASC');
    const desc = stmt('DESC');
    const lat = timeEach(clicks.slice(0, CLICKS.length), ({ key, dir }) => (dir === 'asc' ? asc : desc).all(key, PAGE));
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [...latencyColumns],
};
