import type { AppError } from '../../shared/errors';
import type { Query } from '../../shared/query';
import type { ImageRow } from '../../shared/records';
import { LoupeError } from '../../shared/errors';
import { asAppError, call } from './api';
import { LruCache } from './lru-cache';

/**
 * Rows per `images:window` call: a screen of the table (~35 rows) plus its overscan needs one
 * or two, so a jump asks for what is seen, not for several screens' worth to serialise.
 */
export const PAGE_SIZE = 50;
/** Pages kept in memory: a few screens around the viewport plus recent jumps. */
const MAX_PAGES = 64;
/** Window calls in flight at once; more only queue behind the database anyway. */
const MAX_IN_FLIGHT = 2;
/** A view that expires again this soon after being reopened is a bug, not an expiry. */
const REOPEN_GUARD_MS = 2000;

export type ViewSnapshot = {
  status: 'idle' | 'opening' | 'ready' | 'error';
  total: number;
  error: AppError | null;
  /** Bumps whenever rows arrive, so React re-reads rowAt(). */
  version: number;
  /** Free-text terms under 3 characters the engine searched as name prefixes. */
  prefixTerms: readonly string[];
};

/**
 * The table's data source: opens a materialised view for a query, then fetches only the pages
 * the viewport asks for, newest wish first, into a small LRU. Reopens the view when the core
 * says it expired. Responses that belong to an older view are dropped.
 */
export class ViewPager {
  private query: Query | null = null;
  private viewId: string | null = null;
  private gen = 0;
  private pages = new LruCache<number, ImageRow[]>(MAX_PAGES);
  /**
   * The previous view's pages: shown (dimmed) while a new view opens, and while a refresh of
   * the same query loads its pages.
   */
  private stale: LruCache<number, ImageRow[]> | null = null;
  private inFlight = new Set<number>();
  private wanted: number[] = [];
  private lastReopen = 0;
  private listeners = new Set<() => void>();
  private snapshot: ViewSnapshot = { status: 'idle', total: 0, error: null, version: 0, prefixTerms: [] };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewSnapshot => this.snapshot;

  /**
   * Opens a view for `query`; the answer brings its first page. The previous rows stay on
   * screen until it arrives; with `keepRows` (a refresh of the same query after the cache
   * changed) until their own replacements arrive.
   */
  async open(query: Query, opts: { keepRows?: boolean } = {}): Promise<void> {
    const gen = ++this.gen;
    this.query = query;
    this.stale = this.pages;
    this.pages = new LruCache(MAX_PAGES);
    this.inFlight = new Set();
    this.viewId = null;
    this.update({ status: 'opening', error: null });
    try {
      // The table's lane: opening a newer view stops the core's work on an older one.
      const view = await call('images:openView', { query, lane: 'table', first: PAGE_SIZE });
      if (gen !== this.gen) return;
      this.viewId = view.view_id;
      // Another query's rows must not stand in for this one's once its count is shown.
      if (!opts.keepRows) this.stale = null;
      if (view.rows.length) this.pages.set(0, view.rows);
      this.update({ status: 'ready', total: view.total, prefixTerms: view.hints.prefix_terms });
      this.pump();
    } catch (err) {
      if (gen === this.gen) this.update({ status: 'error', error: asAppError(err) });
    }
  }

  /** Reopens the current query, keeping rows on screen meanwhile. */
  refresh(): Promise<void> {
    return this.query ? this.open(this.query, { keepRows: true }) : Promise.resolve();
  }

  /** The row at a position of the view, or undefined while its page loads. */
  rowAt(index: number): ImageRow | undefined {
    const p = Math.floor(index / PAGE_SIZE);
    const page = this.pages.peek(p) ?? this.stale?.peek(p);
    return page?.[index - p * PAGE_SIZE];
  }

  /** Declares the rows [start, end) the screen needs; pages nearest `start` load first. */
  want(start: number, end: number): void {
    if (end <= start) {
      this.wanted = [];
      return;
    }
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.floor((end - 1) / PAGE_SIZE);
    const pages: number[] = [];
    for (let p = first; p <= last; p++) {
      pages.push(p);
      this.pages.get(p); // touch: what is on screen is the last to be evicted
    }
    this.wanted = pages;
    this.pump();
  }

  private pump(): void {
    if (!this.viewId) return;
    for (const p of this.wanted) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      if (this.pages.has(p) || this.inFlight.has(p)) continue;
      void this.fetchPage(p);
    }
  }

  private async fetchPage(page: number): Promise<void> {
    const gen = this.gen;
    const viewId = this.viewId;
    const offset = page * PAGE_SIZE;
    const limit = Math.min(PAGE_SIZE, this.snapshot.total - offset);
    if (!viewId || limit <= 0) return;
    const inFlight = this.inFlight;
    inFlight.add(page);
    try {
      const res = await call('images:window', { view_id: viewId, offset, limit });
      if (gen !== this.gen) return;
      this.pages.set(page, res.rows);
      this.update({});
    } catch (err) {
      if (gen !== this.gen) return;
      if (err instanceof LoupeError && err.code === 'NOT_FOUND' && this.canReopen()) {
        void this.refresh();
        return;
      }
      this.update({ status: 'error', error: asAppError(err) });
    } finally {
      inFlight.delete(page);
      if (gen === this.gen) this.pump();
    }
  }

  private canReopen(): boolean {
    const now = Date.now();
    if (now - this.lastReopen < REOPEN_GUARD_MS) return false;
    this.lastReopen = now;
    return true;
  }

  private update(patch: Partial<Omit<ViewSnapshot, 'version'>>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l();
  }
}
