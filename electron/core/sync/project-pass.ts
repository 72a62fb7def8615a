import { LoupeError } from '../../../shared/errors';
import { parseAnswer, projectMetaSchema, projectSchema, tagMetasOf } from './api-schemas';
import { setListing } from './accounts';
import { ServerCallError } from './http-client';
import { listPages, START, type Cursor } from './paging';
import { PassLedger, type Fetched } from './pass-ledger';
import { PassStore, type Phase, type UnitRow } from './pass-store';
import { PassWriter } from './pass-writer';
import { finishPass, probeProject } from './pass-finish';
import { ProjectCacheStore } from './project-cache-store';
import { eachLimit, listDatasets, type DatasetNode } from './remote-tree';
import { storeRemoteDatasets } from './remote-tree-store';
import type { SyncContext } from './sync-types';

const LIGHT_FIELDS = ['id', 'updatedAt', 'datasetId'];

/**
 * Fetched records are committed in groups of about this many (or every half second): a commit
 * per 50-id request made the COMMIT itself a third of an incremental sync's time at 100k.
 */
export const FETCH_COMMIT_RECORDS = 1000;
const FETCH_COMMIT_MS = 500;

/**
 * One project's sync. A pass lists the project (whole records on the first pass or with
 * --full; otherwise only id and updatedAt, then fetches what changed), marking every id seen,
 * with each page and its cursor committed together. When the listing is complete a cheap probe
 * checks the server did not change meanwhile; only then are unmarked records swept. A pass that
 * stops for any reason deletes nothing and resumes from its checkpoint next time.
 */
export class ProjectPass {
  private passId = 0;
  private light = false;
  private writer: PassWriter | undefined;
  private ledger: PassLedger | undefined;
  readonly store: PassStore;
  readonly cache: ProjectCacheStore;
  datasets: DatasetNode[] = [];

  constructor(
    private readonly ctx: SyncContext,
    readonly projectId: number,
    private readonly full: boolean,
  ) {
    this.store = new PassStore(ctx.sql, ctx.account.source_id, projectId);
    this.cache = new ProjectCacheStore(ctx.sql, ctx.account.source_id, projectId);
  }

  /** For the job's progress: work done and known so far in this pass. */
  get done(): number {
    return this.ledger?.done ?? 0;
  }

  get total(): number {
    return this.ledger?.total ?? 0;
  }

  /** Progress reaches its end when the pass completes. */
  finished(): void {
    if (this.ledger) this.ledger.done = this.ledger.total;
  }

  async run(): Promise<void> {
    try {
      let phase = await this.prepare();
      for (;;) {
        this.checkCancelled();
        if (phase === 'list') {
          await this.listPhase();
          phase = this.setPhase(this.light ? 'fetch' : 'verify');
        } else if (phase === 'fetch') {
          await this.fetchPhase();
          phase = this.setPhase('verify');
        } else {
          const next = await finishPass(this.ctx, this);
          if (next === 'done') return;
          phase = 'list';
          this.light = true;
          this.writer?.setDatasetPaths(this.paths());
        }
      }
    } catch (err) {
      const code = err instanceof LoupeError ? err.code : 'INTERNAL';
      const state = code === 'AUTH_FAILED' || code === 'NOT_FOUND' ? 'failed' : 'interrupted';
      this.store.setState(state, code === 'CANCELLED' ? null : (err as Error).message);
      throw err;
    }
  }

  get pass(): number {
    return this.passId;
  }

  paths(): Map<number, string> {
    return new Map(this.datasets.map((d) => [d.id, d.path]));
  }

  checkCancelled(): void {
    if (this.ctx.signal.aborted) throw new LoupeError('CANCELLED', 'The sync was cancelled.');
  }

  /** Reads the project, its tag metas and datasets; resumes the pass in progress or starts one. */
  private async prepare(): Promise<Phase> {
    const { client, db } = this.ctx;
    let info;
    try {
      info = parseAnswer(projectSchema, await client.call('projects.info', { id: this.projectId }), 'projects.info', client.host);
    } catch (err) {
      if (err instanceof ServerCallError && err.status === 404) {
        throw new LoupeError('NOT_FOUND', `Project ${this.projectId} is not on ${client.host} any more, or this account cannot see it.`);
      }
      throw err;
    }
    const meta = parseAnswer(projectMetaSchema, await client.call('projects.meta', { id: this.projectId }), 'projects.meta', client.host);
    this.datasets = await listDatasets(client, this.projectId);
    const now = new Date().toISOString();
    const { store, cache } = this;
    return db.transaction(() => {
      store.register(info.name);
      cache.saveProject(info.name, info.imagesCount ?? null);
      for (const t of tagMetasOf(meta)) if (t.id !== undefined) cache.saveTagMeta({ ...t, id: t.id });
      cache.writeDatasets(this.datasets, false);
      storeRemoteDatasets(db, this.ctx.account.source_id, this.projectId, this.datasets);
      let row = store.row();
      const resume = row.pass_id !== null && !(this.full && row.pass_kind !== 'full');
      if (row.pass_id !== null && !resume) {
        store.abandonPass(row.pass_id, now);
        store.clearMarks(true);
      }
      if (!resume) {
        const kind = this.full || row.last_synced_at === null ? 'full' : 'incremental';
        store.startPass(kind, now, info.imagesCount ?? info.itemsCount ?? null);
        row = store.row();
      }
      this.passId = row.pass_id as number;
      this.light = row.light === 1;
      this.writer = new PassWriter(this.ctx, store, cache, this.passId, this.paths(), row.last_synced_at !== null);
      this.ledger = new PassLedger(this.ctx, store, this.writer);
      store.markRunning(now, row.phase === 'fetch' ? row.fetched : row.listed);
      return row.phase as Phase;
    }).immediate();
  }

  private setPhase(phase: Phase): Phase {
    const row = this.store.row();
    this.store.setPhase(phase, new Date().toISOString(), phase === 'fetch' ? row.fetched : row.listed);
    return phase;
  }

  /** Lists every unit (the whole project, or each dataset on an old server) to its end. */
  private async listPhase(): Promise<void> {
    let units = this.store.units();
    if (units.length === 0) {
      // The server's latest updatedAt before the listing starts: anything later, found at the
      // end, changed during the listing (max_updated_at holds this baseline).
      let base;
      try {
        base = await probeProject(this.ctx, this.projectId, this.datasets);
      } catch (err) {
        if (!(err instanceof ServerCallError) || err.status !== 400 || this.ctx.account.listing === 'datasets') throw err;
        // The server refuses `projectId` (supervisely-api.md §6): list each dataset instead.
        this.ctx.log(`project ${this.projectId}: the server cannot list a project at once; listing each dataset`);
        setListing(this.ctx.db, this.ctx.account.source_id, 'datasets');
        this.ctx.account.listing = 'datasets';
        base = await probeProject(this.ctx, this.projectId, this.datasets);
      }
      this.store.setBaseline(base.maxUpdated);
      units = this.createUnits();
    }
    await eachLimit(units.filter((u) => !u.done), this.ctx.tuning.unitConcurrency, (u) => this.listUnit(u));
  }

  private createUnits(): UnitRow[] {
    const perDataset = this.ctx.account.listing === 'datasets';
    const ids = perDataset ? this.datasets.map((d) => d.id) : [0];
    this.ctx.db.transaction(() => {
      for (const id of ids) this.store.addUnit(id);
    })();
    return ids.map((unit) => ({ unit, paging: 'token', after: null, next_page: 1, per_page: null, done: 0, total: null }));
  }

  private async listUnit(u: UnitRow): Promise<void> {
    const scope = u.unit === 0 ? { projectId: this.projectId, recursive: true } : { datasetId: u.unit };
    const body: Record<string, unknown> = { ...scope, forceMetadataForLinks: false, ...(this.light ? { fields: LIGHT_FIELDS } : {}) };
    const from: Cursor = { ...START, paging: u.paging, after: u.after, nextPage: u.next_page, perPage: u.per_page, total: u.total };
    const fresh = u.after === null && u.next_page <= 1;
    let committed = 0;
    try {
      const perPage = this.light ? this.ctx.tuning.lightPerPage : this.ctx.tuning.perPage;
      for await (const page of listPages(this.ctx.client, 'images.list', body, from, { perPage, window: 4 })) {
        this.checkCancelled();
        (this.ledger as PassLedger).commitPage(u.unit, page);
        committed++;
      }
    } catch (err) {
      if (!(err instanceof ServerCallError)) throw err;
      if (err.status === 400 && fresh && committed === 0) {
        if (this.light) {
          // The server refuses `fields`: list whole records for the rest of this pass.
          this.ctx.log(`project ${this.projectId}: the server refused "fields"; listing whole records`);
          this.light = false;
          this.store.listWholeRecords();
          return this.listUnit(u);
        }
        if (u.unit === 0 && this.ctx.account.listing !== 'datasets') {
          this.ctx.log(`project ${this.projectId}: the server cannot list a project at once; listing each dataset`);
          return this.switchToDatasets();
        }
      }
      if (err.status === 404 && u.unit !== 0) {
        // The dataset was deleted during the pass: nothing left to list in it.
        this.store.unitDone(u.unit);
        return;
      }
      throw err;
    }
    if (u.unit === 0 && this.ctx.account.listing === null) {
      setListing(this.ctx.db, this.ctx.account.source_id, 'project');
      this.ctx.account.listing = 'project';
    }
  }

  /** For servers that refuse `projectId` (supervisely-api.md §6): one listing per dataset. */
  private async switchToDatasets(): Promise<void> {
    setListing(this.ctx.db, this.ctx.account.source_id, 'datasets');
    this.ctx.account.listing = 'datasets';
    this.store.dropUnits();
    const units = this.createUnits();
    await eachLimit(units, this.ctx.tuning.unitConcurrency, (x) => this.listUnit(x));
  }

  /** Incremental passes: fetches, in batches of ids, the records whose updatedAt moved. */
  private async fetchPhase(): Promise<void> {
    const { tuning } = this.ctx;
    const ledger = this.ledger as PassLedger;
    const rows = this.store.pending();
    const byProject = this.ctx.account.listing !== 'datasets';
    const batches: { dataset: number | null; ids: number[] }[] = [];
    for (const r of rows) {
      const last = batches.at(-1);
      const dataset = byProject ? null : r.dataset_id;
      if (last && last.dataset === dataset && last.ids.length < tuning.fetchBatch) last.ids.push(r.id);
      else batches.push({ dataset, ids: [r.id] });
    }
    const buffer: Fetched[] = [];
    let buffered = 0;
    let last = Date.now();
    const flush = () => {
      if (buffer.length) ledger.commitFetched(buffer.splice(0));
      buffered = 0;
      last = Date.now();
    };
    this.onFetched = (f) => {
      buffer.push(f);
      buffered += f.ids.length;
      if (buffered >= FETCH_COMMIT_RECORDS || Date.now() - last >= FETCH_COMMIT_MS) flush();
    };
    try {
      await eachLimit(batches, 4, (b) => this.fetchBatch(b.dataset, b.ids));
    } catch (err) {
      // What did arrive is good: keep it (the rest stays pending), then report the failure.
      try {
        flush();
      } catch {
        // the original error says more
      }
      throw err;
    }
    flush();
  }

  private onFetched: (f: Fetched) => void = (f) => this.ledger?.commitFetched([f]);

  private async fetchBatch(dataset: number | null, ids: number[]): Promise<void> {
    this.checkCancelled();
    const filter = [{ field: 'id', operator: 'in', value: ids }];
    const scope = dataset === null ? { projectId: this.projectId, recursive: true } : { datasetId: dataset };
    const entities: unknown[] = [];
    try {
      const body = { ...scope, filter, forceMetadataForLinks: false };
      for await (const page of listPages(this.ctx.client, 'images.list', body, { ...START, paging: 'page' }, { perPage: ids.length, window: 1 })) {
        entities.push(...page.entities);
      }
    } catch (err) {
      if (!(err instanceof ServerCallError) || (err.status !== 404 && err.status !== 400)) throw err;
      if (err.status === 400 && dataset === null) return this.fetchOneByOne(ids);
      // 404: the dataset is gone, and its records with it.
    }
    this.onFetched({ ids, entities });
  }

  /** Last resort for a server that filters by id only within a dataset: one images.info each. */
  private async fetchOneByOne(ids: number[]): Promise<void> {
    const entities: unknown[] = [];
    for (const id of ids) {
      try {
        entities.push(await this.ctx.client.call('images.info', { id, forceMetadataForLinks: false }));
      } catch (err) {
        if (!(err instanceof ServerCallError) || err.status !== 404) throw err;
      }
    }
    this.onFetched({ ids, entities });
  }
}
