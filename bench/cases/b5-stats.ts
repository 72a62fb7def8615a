import { FacetService } from '../../electron/core/cache/facet-service';
import { compileQuery } from '../../electron/core/cache/compile-query';
import { histogram } from '../../electron/core/cache/histograms';
import { querySchema } from '../../shared/query';
import { STANDARD_HISTOGRAM_IDS } from '../../shared/stats';
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

/** The stats panel's top-N bars (renderer/src/use-stats.ts asks these with its histograms). */
const TOP = ['dataset', 'tag', 'author', 'mime', 'ext'] as const;
const TOP_N = 8;
/** Whole cache and filters a user clicks through, from broad to narrow (B4's, plus ranges). */
const FILTERS = [
  '',
  'tag:review',
  'dataset:train/night',
  'meta.camera:"cam 07"',
  'ext:png width:>=1920',
  'created:2024-03',
  'author:gus tag:verified',
  'dataset:unlabeled labels:0',
  'size:<100000',
];
const REPEAT = 3;

export const b5Stats: BenchCase = {
  id: 'B5',
  title: 'whole stats panel (8 histograms + top-8 dataset, tag, author, mime, ext) under a filter vs GROUP BY over the same view',
  kind: 'latency',
  defaultScale: 1_000_000,
  async prepare(scale, log) {
    return { params: asParams({ cache: await searchCache(scale, log), scale }) };
  },
  async run(side, params) {
    const p = params as unknown as SearchParams;
    if (side === 'ours') {
      const db = openBrowse(p.cache);
      // As the facet reader answers the panel: its facet store built once before the clock starts.
      const svc = new FacetService(db, undefined, undefined, undefined, undefined, true);
      const b0 = performance.now();
      if (!(await svc.storeReady())) throw new Error('B5: the facet store was not built');
      process.stderr.write(`facet store built in ${((performance.now() - b0) / 1000).toFixed(2)} s\n`);
      let deferred = 0;
      const list = Array.from({ length: REPEAT }, () => FILTERS).flat();
      const lat = timeEach(list, (text) => {
        // Nothing answered from an earlier identical request: each panel is counted.
        svc.forgetAnswers();
        const query = querySchema.parse({ text });
        const hist = svc.histograms(query, STANDARD_HISTOGRAM_IDS);
        if (!hist) throw new Error('B5: the histograms were not answered from the facet store');
        deferred += svc.get(query, [...TOP], TOP_N).facets.filter((f) => f.status === 'counting').length;
      });
      svc.clear();
      db.close();
      return latencyResult(lat, { deferred_facets: deferred });
    }
    // The same figures from SQLite: each histogram's range and GROUP BY bin (histograms.ts), each bar a GROUP BY.
    const bare = openBare(p.cache);
    const db = openBrowse(p.cache);
    const lat = timeEach(FILTERS, (text) => {
      const query = querySchema.parse({ text });
      for (const id of STANDARD_HISTOGRAM_IDS) histogram(db, query, id);
      const { where, params: args } = compileQuery(query);
      for (const col of ['dataset_path', 'created_by', 'mime', 'ext']) {
        bare.prepare(`SELECT i.${col}, count(*) FROM images i ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT ${TOP_N + 1}`).all(...args);
      }
      bare
        .prepare(`SELECT t.name, count(DISTINCT t.row_id) FROM images i JOIN image_tags t ON t.row_id = i.row_id ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT ${TOP_N + 1}`)
        .all(...args);
    });
    bare.close();
    db.close();
    return latencyResult(lat);
  },
  summarise: summariseLatency,
  columns: [...latencyColumns, { title: 'facets left "counting"', keys: ['deferred_facets'] }],
};
