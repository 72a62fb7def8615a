import { getCatalogue } from '../cache/catalogue';
import { FacetService } from '../cache/facet-service';
import { getImageDetail } from '../cache/image-store';
import { ImageViews } from '../cache/image-views';
import type { Db } from '../cache/open-cache';
import { TagNames } from '../cache/tag-names';
import { checkSummary } from '../cache/quality-checks';
import { histogram } from '../cache/histograms';
import { resolveFilter } from '../cache/compile-query';
import type { CheckSummary } from '../../../shared/quality-checks';
import { STANDARD_HISTOGRAM_IDS, type StandardHistogramId } from '../../../shared/stats';
import type { ReadHandlers } from './read-messages';
import { querySchema, type Query } from '../../../shared/query';

/**
 * Facet counting on a reader thread: nothing else waits on this loop but the next facet
 * request, so the first answer may count longer and background steps may be larger than on
 * a loop that answers IPC — fewer "counting" answers, fewer re-runs of the filter per step.
 * These scans count only until the reader's facet store is built (facet-store.ts).
 */
const READER_FACET_BUDGET_MS = 150;
const READER_FACET_STEP_ROWS = 200_000;
/** Check summaries kept per query while the cache is unchanged: the panel asks on every view. */
const CHECK_SUMMARIES_KEPT = 32;
/** The whole cache, as the panel asks for it with an empty search. */
const WHOLE_CACHE: Query = querySchema.parse({ text: '' });

/**
 * What a reader thread runs: the cache's own read functions (views, windows, facets, detail,
 * catalogue) over the reader's connection, unchanged. `live(key)` tells background facet
 * counting whether anyone still waits for that answer.
 */
export class ReadService {
  readonly handlers: ReadHandlers;
  private readonly tagNames: TagNames;
  private readonly views: ImageViews;
  private readonly facets: FacetService;
  private readonly checks = new Map<string, CheckSummary>();

  constructor(
    private readonly db: Db,
    onReady: (key: string) => void,
    live: (key: string) => boolean = () => true,
    onProgress: (key: string, fraction: number) => void = () => {},
  ) {
    this.tagNames = new TagNames(db);
    this.views = new ImageViews(db, this.tagNames);
    this.facets = new FacetService(db, onReady, READER_FACET_BUDGET_MS, live, READER_FACET_STEP_ROWS, true, onProgress);
    this.handlers = {
      'images:openView': ({ query, first }) => {
        const view = this.views.open(query);
        return { ...view, rows: first ? this.views.window(view.view_id, 0, first).rows : [] };
      },
      'images:window': ({ view_id, offset, limit }) => this.views.window(view_id, offset, limit),
      'images:get': ({ row_id }) => getImageDetail(db, this.tagNames, row_id),
      'facets:get': ({ query, facets: ids, limit }) => this.facets.get(query, ids, limit),
      'search:catalogue': () => getCatalogue(db),
      'stats:histograms': ({ query, histograms }) => {
        // The standard ones from the facet store when it holds the cache; meta keys, and all of
        // them until the store is built, from SQLite.
        const standard = histograms.filter((id): id is StandardHistogramId => STANDARD_HISTOGRAM_IDS.includes(id as StandardHistogramId));
        const fromStore = this.facets.histograms(query, standard);
        return histograms.map((id) => fromStore?.[standard.indexOf(id as StandardHistogramId)] ?? histogram(db, query, id));
      },
      'checks:summary': ({ query }) => {
        // Once the panel has asked, the whole cache's summary is kept counted after each change.
        this.keepCurrent = true;
        return this.checkSummary(query);
      },
    };
  }

  /** The cache changed: views, tag names and counted facets start again. */
  invalidate(): void {
    this.views.clear();
    this.tagNames.invalidate();
    this.facets.clear();
    this.checks.clear();
    if (this.keepCurrent) this.recountWholeCache();
  }

  /** Whether the whole cache's check summary is recounted after each change (the panel has been opened). */
  private keepCurrent = false;
  /** Check summaries counted so far (tests: an answer read from the kept summary counts nothing). */
  summariesCounted = 0;
  /** The background recount of the whole cache's checks, while one runs. */
  recounting: Promise<void> | null = null;

  /**
   * After an import, a sync or an export's log committed (main sends `invalidate`), the whole
   * cache's summary is counted again off the request path, between other calls: opening the
   * panel, or `loupe`'s app asking for the whole cache, then reads a ready answer instead of
   * counting nine checks on the request. "Incremental" here means per commit, not per record:
   * every check is recounted over the whole cache, each a few index ranges or one pass.
   */
  private recountWholeCache(): void {
    const run = async () => {
      await new Promise((r) => setImmediate(r));
      if (this.db.open) this.checkSummary(WHOLE_CACHE);
    };
    this.recounting = run()
      // A failed recount (the cache closed) leaves the next request to count.
      .catch(() => undefined)
      .finally(() => (this.recounting = null));
  }

  /** A query's check summary, counted once per cache state (PRAGMA data_version) and kept. */
  private checkSummary(query: Query): CheckSummary {
    const db = this.db;
    // data_version moves when another connection commits (an import, a sync, an export's log).
    // Keyed by the filter alone: the view's sort does not change what the checks find.
    const filter = JSON.stringify(resolveFilter(query));
    const keyOf = () => `${String(db.pragma('data_version', { simple: true }))} ${filter}`;
    let key = keyOf();
    let summary = this.checks.get(key);
    if (!summary) {
      // One read transaction: every check counts the same snapshot, and the key names it,
      // even when a commit lands between two checks.
      [key, summary] = db.transaction(() => [keyOf(), checkSummary(db, query)] as const)();
      this.summariesCounted++;
      if (this.checks.size >= CHECK_SUMMARIES_KEPT) this.checks.delete(this.checks.keys().next().value as string);
    }
    this.checks.delete(key);
    this.checks.set(key, summary);
    return summary;
  }
}
