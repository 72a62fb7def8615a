import { MAX_NESTING_DEPTH, tooDeepField } from '../import/nesting';
import { describeIssues, normaliseImageKeys, RecordShapeError, type ImageInfo } from '../../../shared/image-info';
import { parseImageInfo } from '../../../shared/image-info-fast';
import { ImageWriter } from '../cache/image-writer';
import { diffRecord } from './change-diff';
import type { PageTally, PassStore } from './pass-store';
import type { ProjectCacheStore } from './project-cache-store';
import type { SyncContext } from './sync-types';

/**
 * Whether a record with `updatedAt` a replaces one with b: the cache's own upsert rule (newer
 * wins, and a side without a time always writes), so the sync never queues what it would not write.
 */
export function isNewer(a: string | null | undefined, b: string | null | undefined): boolean {
  return a == null || b == null || a > b;
}

export type { PageTally };

/**
 * Writes what one page of a pass brings, inside the caller's transaction: marks every id as
 * seen, upserts whole records (logging each new or changed one with its field-level diff), and
 * for an incremental listing queues the ids whose `updatedAt` moved to be fetched in full.
 */
export class PassWriter {
  private writer: ImageWriter;
  private warned = false;

  constructor(
    private readonly ctx: SyncContext,
    private readonly store: PassStore,
    private readonly cache: ProjectCacheStore,
    private readonly passId: number,
    private datasetPaths: ReadonlyMap<number, string>,
    /**
     * Whether new records are logged one by one. A project's first sync adds every record:
     * listing them all as "what changed" would cost a row each and tell nothing.
     */
    private readonly logAdds = true,
  ) {
    this.writer = new ImageWriter(ctx.db, ctx.account.source_id, ctx.syncedAt, datasetPaths);
  }

  setDatasetPaths(paths: ReadonlyMap<number, string>): void {
    this.datasetPaths = paths;
    this.writer = new ImageWriter(this.ctx.db, this.ctx.account.source_id, this.ctx.syncedAt, paths);
  }

  /** One listing page; `unitDataset` is the dataset a per-dataset listing covers. */
  page(entities: unknown[], unitDataset: number | null): PageTally {
    const t: PageTally = { seen: 0, added: 0, updated: 0, pending: 0, skipped: 0 };
    for (const raw of entities) {
      if (!raw || typeof raw !== 'object' || !Number.isInteger((raw as { id?: unknown }).id)) {
        t.skipped++;
        continue;
      }
      const e = raw as { id: number; updatedAt?: unknown; datasetId?: unknown; name?: unknown };
      const ds = typeof e.datasetId === 'number' ? e.datasetId : unitDataset;
      t.seen += this.store.mark(e.id, ds);
      const at = typeof e.updatedAt === 'string' ? e.updatedAt : null;
      if (typeof e.name === 'string') {
        // A whole record (a full listing, or a server that ignored `fields`).
        this.record(raw, t);
      } else {
        const cached = this.cache.cachedUpdatedAt(e.id);
        if (cached === undefined || isNewer(at, cached)) t.pending += this.store.queue(e.id, ds);
      }
    }
    return t;
  }

  /** Upserts one whole record; counts it as added, updated or unchanged. */
  record(raw: unknown, t: PageTally): void {
    let info: ImageInfo;
    try {
      // The same depth limit as imports: deeper values would overflow every recursive step
      // after this one (zod, JSON.stringify, search indexing).
      const deep = tooDeepField(raw);
      if (deep) throw new RecordShapeError(`field ${deep}: nested deeper than ${MAX_NESTING_DEPTH} levels`);
      const parsed = parseImageInfo(normaliseImageKeys(raw));
      if (!parsed.success) {
        const { field, message } = describeIssues(parsed.error);
        throw new RecordShapeError(`field ${field}: ${message}`);
      }
      info = { ...parsed.data, project_id: this.store.projectId };
    } catch (err) {
      if (!(err instanceof RecordShapeError)) throw err;
      t.skipped++;
      if (!this.warned) {
        this.warned = true;
        this.ctx.log(`project ${this.store.projectId}: skipped record ${(raw as { id: number }).id}: ${err.message}`);
      }
      return;
    }
    const before = this.cache.before(info.id);
    let change: 'added' | 'updated' | null = null;
    let diff: string | null = null;
    if (!before) change = 'added';
    else if (isNewer(info.updated_at, before.updated_at)) {
      change = 'updated';
      const d = diffRecord(before, info);
      diff = d ? JSON.stringify(d) : null;
    }
    this.writer.write(info);
    if (change === null) return;
    if (change === 'added') {
      t.added++;
      if (!this.logAdds) return;
    } else t.updated++;
    const dataset = info.dataset_id == null ? null : (this.datasetPaths.get(info.dataset_id) ?? null);
    this.cache.logChange(this.passId, info.id, change, info.name, dataset, diff);
  }
}
