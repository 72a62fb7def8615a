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
  summariseLatency,
  textClause,
  timeEach,
  type SearchParams,
} from '../lib/search-bench';
import type { BenchCase } from '../lib/types';

/**
 * Words as people search the demo data: places in meta.city and descriptions, words of the
 * operators' notes, tag names, and two-word combinations. Counts range from a few thousand
 * to a tenth of the records.
 */
const WORDS = [
  'horizon',
  'operator flagged',
  'kraków',
  'zürich',
  'lagos',
  'montréal',
  '東京',
  'são',
  'night drive',
  'day berlin',
  'occluded',
  'split',
  'drive lagos',
  'check horizon',
];
const REPEAT = 4;
const PAGE = 100;

export const b3WordSearch: BenchCase = {
  id: 'B3',
  title: 'word search in meta / tags / description: first page + exact count (FTS5 unicode61 vs LIKE over the JSON)',
  kind: 'latency',
  defaultScale: 1_000_000,
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      const views = new ImageViews(db, new TagNames(db));
      let matched = 0;
      const list = Array.from({ length: REPEAT }, () => WORDS).flat();
      const lat = timeEach(list, (w) => {
        const v = views.open(chips(w.split(' ').map(textClause)));
        views.window(v.view_id, 0, PAGE);
        matched += v.total;
      });
      views.clear();
      db.close();
      return latencyResult(lat, { mean_matches: matched / list.length });
    }
    const db = openBare(p.cache);
    // Each word anywhere in meta or description (LIKE, case-insensitive for ASCII), or in a
    // tag's name through the tag ids in the JSON.
    const one = `(d.meta LIKE @w OR i.description LIKE @w OR EXISTS (
        SELECT 1 FROM json_each(d.tags) t JOIN tag_metas m ON m.source_id = i.source_id AND m.id = t.value ->> 'tagId'
         WHERE m.name LIKE @w))`;
    const lat = timeEach(WORDS.slice(0, 6), (w) => {
      const parts = w.split(' ');
      const where = parts.map((_, k) => one.replaceAll('@w', `@w${k}`)).join(' AND ');
      const args = Object.fromEntries(parts.map((x, k) => [`w${k}`, `%${x}%`]));
      db.prepare(`SELECT count(*) FROM images i JOIN image_docs d ON d.row_id = i.row_id WHERE ${where}`).get(args);
      db.prepare(`SELECT i.row_id, i.name FROM images i JOIN image_docs d ON d.row_id = i.row_id WHERE ${where} ORDER BY i.name, i.row_id LIMIT ${PAGE}`).all(args);
    });
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [...latencyColumns, { title: 'mean matches', keys: ['mean_matches'] }],
};
