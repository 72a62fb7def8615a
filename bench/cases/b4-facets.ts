import { FacetService } from '../../electron/core/cache/facet-service';
import { compileQuery } from '../../electron/core/cache/compile-query';
import { topMetaKeys } from '../../electron/core/cache/facet-counts';
import { querySchema } from '../../shared/query';
import { searchCache } from '../lib/search-cache';
import {
  asParams,
  latencyColumns,
  latencyResult,
  openBare,
  openBrowse,
  summariseLatency,
  timeEach,
  type SearchParams,
} from '../lib/search-bench';
import type { BenchCase } from '../lib/types';

/** The panel the issue names: dataset, ext, author, the 3 most common meta keys, tags. */
const PANEL = ['dataset', 'ext', 'author', 'meta', 'tag'] as const;
/** Whole cache and filters a user clicks through, from broad to narrow. */
const FILTERS = [
  '',
  'tag:review',
  'dataset:train/night',
  'meta.camera:"cam 07"',
  'ext:png width:>=1920',
  'created:2024-03',
  'author:gus tag:verified',
  'dataset:unlabeled labels:0',
];
const REPEAT = 3;

export const b4Facets: BenchCase = {
  id: 'B4',
  title: 'whole facet panel (dataset, ext, author, 3 meta keys, tags) under a filter vs GROUP BY json_extract / json_each',
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: { ratio: 30 },
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    const list = Array.from({ length: REPEAT }, () => FILTERS).flat();
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      // As a reader thread counts: with its facet store, built once before the clock starts.
      const svc = new FacetService(db, undefined, undefined, undefined, undefined, true);
      const b0 = performance.now();
      if (!(await svc.storeReady())) throw new Error('B4: the facet store was not built');
      process.stderr.write(`facet store built in ${((performance.now() - b0) / 1000).toFixed(2)} s\n`);
      let deferred = 0;
      let facets = 0;
      const lat = timeEach(list, (text) => {
        // Nothing answered from an earlier identical request: each panel is counted.
        svc.forgetAnswers();
        const res = svc.get(querySchema.parse({ text }), [...PANEL], 10);
        facets += res.facets.length;
        deferred += res.facets.filter((f) => f.status === 'counting').length;
      });
      svc.clear();
      db.close();
      return latencyResult(lat, { deferred_share: deferred / facets });
    }
    const db = openBare(p.cache);
    const keys = topMetaKeys(openBrowse(p.cache), 3);
    const lat = timeEach(FILTERS, (text) => {
      const { where, params: args } = compileQuery(querySchema.parse({ text }));
      const q = (sql: string) => db.prepare(sql).all(...args);
      q(`SELECT i.dataset_path, count(*) FROM images i ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT 11`);
      q(`SELECT i.ext, count(*) FROM images i ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT 11`);
      q(`SELECT i.created_by, count(*) FROM images i ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT 11`);
      for (const k of keys) {
        db.prepare(`SELECT json_extract(d.meta, ?) AS v, count(*) FROM images i JOIN image_docs d ON d.row_id = i.row_id ${where} GROUP BY v ORDER BY 2 DESC LIMIT 11`).all(
          `$."${k.replace(/"/g, '""')}"`,
          ...args,
        );
      }
      q(`SELECT m.name, count(*) FROM images i JOIN image_docs d ON d.row_id = i.row_id JOIN json_each(d.tags) t
           JOIN tag_metas m ON m.source_id = i.source_id AND m.id = t.value ->> 'tagId' ${where}
          GROUP BY 1 ORDER BY 2 DESC LIMIT 11`);
    });
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [...latencyColumns, { title: 'share deferred ("counting")', keys: ['deferred_share'] }],
};
