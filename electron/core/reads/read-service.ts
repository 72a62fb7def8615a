import { getCatalogue } from '../cache/catalogue';
import { FacetService } from '../cache/facet-service';
import { getImageDetail } from '../cache/image-store';
import { ImageViews } from '../cache/image-views';
import type { Db } from '../cache/open-cache';
import { TagNames } from '../cache/tag-names';
import { checkSummary } from '../cache/quality-checks';
import { histogram } from '../cache/histograms';
import type { CheckSummary } from '../../../shared/quality-checks';
import type { ReadHandlers } from './read-messages';

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
    db: Db,
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
      'stats:histograms': ({ query, histograms }) => histograms.map((id) => histogram(db, query, id)),
      'checks:summary': ({ query }) => {
        // data_version moves when another connection commits (an import, a sync, an export's log).
        const keyOf = () => `${String(db.pragma('data_version', { simple: true }))} ${JSON.stringify(query)}`;
        let key = keyOf();
        let summary = this.checks.get(key);
        if (!summary) {
          // One read transaction: every check counts the same snapshot, and the key names it,
          // even when a commit lands between two checks.
          [key, summary] = db.transaction(() => [keyOf(), checkSummary(db, query)] as const)();
          if (this.checks.size >= CHECK_SUMMARIES_KEPT) this.checks.delete(this.checks.keys().next().value as string);
        }
        this.checks.delete(key);
        this.checks.set(key, summary);
        return summary;
      },
    };
  }

  /** The cache changed: views, tag names and counted facets start again. */
  invalidate(): void {
    this.views.clear();
    this.tagNames.invalidate();
    this.facets.clear();
    this.checks.clear();
  }
}
