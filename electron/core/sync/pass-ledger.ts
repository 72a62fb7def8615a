import type { Page } from './paging';
import type { PageTally, PassStore, ProjectRow } from './pass-store';
import type { PassWriter } from './pass-writer';
import type { SyncContext } from './sync-types';

/** A batch of fetched records: the ids asked for and what the server sent back. */
export type Fetched = { ids: number[]; entities: unknown[] };

/**
 * The write path of a pass: each listing page with its cursor, or each group of fetched
 * records with their removal from the pending list, in one transaction — so the checkpoint
 * never runs ahead of the data — followed by the run's counters and the job's progress.
 * The B11 benchmark drives this directly to time the writes alone.
 */
export class PassLedger {
  /** For the job's progress: work done and known so far in this pass. */
  done = 0;
  total = 0;

  constructor(
    private readonly ctx: SyncContext,
    private readonly store: PassStore,
    private readonly writer: PassWriter,
  ) {
    this.syncProgress(store.row());
  }

  syncProgress(row: ProjectRow): void {
    this.done = row.listed + row.fetched;
    this.total = Math.max(this.done, (row.list_total ?? row.listed) + row.fetch_total);
  }

  /** One listing page of `unit` (0 = the whole project, else a dataset) and its cursor. */
  commitPage(unit: number, page: Page): void {
    const tally = this.ctx.db
      .transaction((): PageTally => {
        const t = this.writer.page(page.entities, unit === 0 ? null : unit);
        this.store.saveCursor(unit, page.cursor);
        this.store.bump(t, 'listed', 0);
        return t;
      })
      .immediate();
    this.tallied(tally, page.entities.length);
  }

  /** Fetched batches; an id asked for and not sent back was deleted meanwhile and is unmarked. */
  commitFetched(batches: Fetched[]): void {
    let n = 0;
    const tally = this.ctx.db
      .transaction((): PageTally => {
        const t: PageTally = { seen: 0, added: 0, updated: 0, pending: 0, skipped: 0 };
        for (const { ids, entities } of batches) {
          const asked = new Set(ids);
          const got = new Set<number>();
          for (const e of entities) {
            const id = (e as { id?: unknown } | null)?.id;
            if (typeof id !== 'number' || !asked.has(id)) continue;
            got.add(id);
            this.writer.record(e, t);
          }
          for (const id of ids) {
            this.store.unqueue(id);
            // Listed a moment ago, gone now: unmarked, so the sweep removes it from the cache.
            if (!got.has(id)) this.store.unmark(id);
          }
          n += ids.length;
        }
        this.store.bump(t, 'fetched', n);
        return t;
      })
      .immediate();
    this.tallied(tally, n);
  }

  private tallied(t: PageTally, records: number): void {
    const c = this.ctx.counts;
    c.records += records;
    c.added += t.added;
    c.updated += t.updated;
    this.syncProgress(this.store.row());
    this.ctx.progressed();
  }
}
