import { LoupeError } from '../../../shared/errors';
import { parseAnswer, projectMetaSchema, projectSchema, tagMetasOf } from './api-schemas';
import { setListing } from './accounts';
import { ServerCallError } from './http-client';
import { listPages, START, type Cursor, type Page } from './paging';
import { PassWriter, type PageTally } from './pass-writer';
import { finishPass, probeProject, writeDatasets } from './pass-finish';
import { eachLimit, listDatasets, storeRemoteDatasets, type DatasetNode } from './remote-tree';
import type { SyncContext } from './sync-types';

type Phase = 'list' | 'fetch' | 'verify';

type ProjectRow = {
  name: string;
  pass_id: number | null;
  pass_kind: 'full' | 'incremental' | null;
  phase: Phase | null;
  light: number;
  relists: number;
  listed: number;
  list_total: number | null;
  fetched: number;
  fetch_total: number;
  last_synced_at: string | null;
};

type UnitRow = {
  unit: number;
  paging: 'token' | 'page';
  after: string | null;
  next_page: number;
  per_page: number | null;
  done: number;
  total: number | null;
};

const LIGHT_FIELDS = ['id', 'updatedAt', 'datasetId'];

/**
 * Fetched records are committed in groups of about this many (or every half second): a commit
 * per 50-id request made the COMMIT itself a third of an incremental sync's time at 100k.
 */
export const FETCH_COMMIT_RECORDS = 1000;
const FETCH_COMMIT_MS = 500;

type Fetched = { ids: number[]; entities: unknown[] };

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
  datasets: DatasetNode[] = [];
  /** For the job's progress: work done and known so far in this pass. */
  done = 0;
  total = 0;

  constructor(
    private readonly ctx: SyncContext,
    readonly projectId: number,
    private readonly full: boolean,
  ) {}

  get src(): number {
    return this.ctx.account.source_id;
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
      this.ctx.sql
        .get('UPDATE sync_projects SET state = ?, error = ? WHERE source_id = ? AND project_id = ?')
        .run(state, code === 'CANCELLED' ? null : (err as Error).message, this.src, this.projectId);
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

  row(): ProjectRow {
    return this.ctx.sql.get('SELECT * FROM sync_projects WHERE source_id = ? AND project_id = ?').get(this.src, this.projectId) as ProjectRow;
  }

  /** Reads the project, its tag metas and datasets; resumes the pass in progress or starts one. */
  private async prepare(): Promise<Phase> {
    const { client, db, sql } = this.ctx;
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
    return db.transaction(() => {
      sql
        .get(
          `INSERT INTO sync_projects (source_id, project_id, name, selected) VALUES (?, ?, ?, 1)
           ON CONFLICT (source_id, project_id) DO UPDATE SET name = excluded.name, selected = 1`,
        )
        .run(this.src, this.projectId, info.name);
      sql.get('INSERT OR REPLACE INTO projects (source_id, id, name) VALUES (?, ?, ?)').run(this.src, this.projectId, info.name);
      sql.get('UPDATE remote_projects SET name = ?, images_count = ? WHERE source_id = ? AND id = ?').run(info.name, info.imagesCount ?? null, this.src, this.projectId);
      const tm = sql.get('INSERT OR REPLACE INTO tag_metas (source_id, id, name, value_type, color) VALUES (?, ?, ?, ?, ?)');
      for (const t of tagMetasOf(meta)) if (t.id !== undefined) tm.run(this.src, t.id, t.name, t.value_type ?? null, t.color ?? null);
      writeDatasets(this.ctx, this.projectId, this.datasets, false);
      storeRemoteDatasets(db, this.src, this.projectId, this.datasets);
      let row = this.row();
      const resume = row.pass_id !== null && !(this.full && row.pass_kind !== 'full');
      if (row.pass_id !== null && !resume) {
        sql.get("UPDATE sync_passes SET state = 'abandoned', finished_at = ? WHERE id = ?").run(now, row.pass_id);
        clearMarks(this.ctx, this.projectId, true);
      }
      if (!resume) {
        const kind = this.full || row.last_synced_at === null ? 'full' : 'incremental';
        const { id } = sql
          .get('INSERT INTO sync_passes (source_id, project_id, kind, started_at) VALUES (?, ?, ?, ?) RETURNING id')
          .get(this.src, this.projectId, kind, now) as { id: number };
        sql
          .get(
            `UPDATE sync_projects SET pass_id = ?, pass_kind = ?, phase = 'list', light = ?, relists = 0, listed = 0,
               list_total = ?, fetched = 0, fetch_total = 0, max_updated_at = NULL WHERE source_id = ? AND project_id = ?`,
          )
          .run(id, kind, kind === 'incremental' ? 1 : 0, info.imagesCount ?? info.itemsCount ?? null, this.src, this.projectId);
        row = this.row();
      }
      this.passId = row.pass_id as number;
      this.light = row.light === 1;
      this.writer = new PassWriter(this.ctx, this.projectId, this.passId, this.paths(), row.last_synced_at !== null);
      this.syncProgress(row);
      sql
        .get(
          `UPDATE sync_projects SET state = 'running', error = NULL, run_started_at = ?, run_done_start = ?
            WHERE source_id = ? AND project_id = ?`,
        )
        .run(now, row.phase === 'fetch' ? row.fetched : row.listed, this.src, this.projectId);
      return row.phase as Phase;
    }).immediate();
  }

  /**
   * Attaches to the pass in progress without asking the server anything: what prepare() ends
   * with. The B11 benchmark uses it to time the write path alone.
   */
  attach(datasets: DatasetNode[]): void {
    const row = this.row();
    this.datasets = datasets;
    this.passId = row.pass_id as number;
    this.light = row.light === 1;
    this.writer = new PassWriter(this.ctx, this.projectId, this.passId, this.paths(), row.last_synced_at !== null);
    this.syncProgress(row);
  }

  private syncProgress(row: ProjectRow): void {
    this.done = row.listed + row.fetched;
    this.total = Math.max(this.done, (row.list_total ?? row.listed) + row.fetch_total);
  }

  setPhase(phase: Phase): Phase {
    const row = this.row();
    this.ctx.sql
      .get('UPDATE sync_projects SET phase = ?, run_started_at = ?, run_done_start = ? WHERE source_id = ? AND project_id = ?')
      .run(phase, new Date().toISOString(), phase === 'fetch' ? row.fetched : row.listed, this.src, this.projectId);
    return phase;
  }

  /** Lists every unit (the whole project, or each dataset on an old server) to its end. */
  private async listPhase(): Promise<void> {
    const { sql } = this.ctx;
    let units = sql.get('SELECT * FROM sync_units WHERE source_id = ? AND project_id = ? ORDER BY unit').all(this.src, this.projectId) as UnitRow[];
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
        setListing(this.ctx.db, this.src, 'datasets');
        this.ctx.account.listing = 'datasets';
        base = await probeProject(this.ctx, this.projectId, this.datasets);
      }
      sql.get('UPDATE sync_projects SET max_updated_at = ? WHERE source_id = ? AND project_id = ?').run(base.maxUpdated, this.src, this.projectId);
      units = this.createUnits();
    }
    await eachLimit(units.filter((u) => !u.done), this.ctx.tuning.unitConcurrency, (u) => this.listUnit(u));
  }

  createUnits(): UnitRow[] {
    const perDataset = this.ctx.account.listing === 'datasets';
    const ids = perDataset ? this.datasets.map((d) => d.id) : [0];
    const ins = this.ctx.sql.get('INSERT OR IGNORE INTO sync_units (source_id, project_id, unit) VALUES (?, ?, ?)');
    this.ctx.db.transaction(() => {
      for (const id of ids) ins.run(this.src, this.projectId, id);
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
        this.commitPage(u.unit, page);
        committed++;
      }
    } catch (err) {
      if (!(err instanceof ServerCallError)) throw err;
      if (err.status === 400 && fresh && committed === 0) {
        if (this.light) {
          // The server refuses `fields`: list whole records for the rest of this pass.
          this.ctx.log(`project ${this.projectId}: the server refused "fields"; listing whole records`);
          this.light = false;
          this.ctx.sql.get('UPDATE sync_projects SET light = 0 WHERE source_id = ? AND project_id = ?').run(this.src, this.projectId);
          return this.listUnit(u);
        }
        if (u.unit === 0 && this.ctx.account.listing !== 'datasets') {
          this.ctx.log(`project ${this.projectId}: the server cannot list a project at once; listing each dataset`);
          return this.switchToDatasets();
        }
      }
      if (err.status === 404 && u.unit !== 0) {
        // The dataset was deleted during the pass: nothing left to list in it.
        this.ctx.sql.get('UPDATE sync_units SET done = 1 WHERE source_id = ? AND project_id = ? AND unit = ?').run(this.src, this.projectId, u.unit);
        return;
      }
      throw err;
    }
    if (u.unit === 0 && this.ctx.account.listing === null) {
      setListing(this.ctx.db, this.src, 'project');
      this.ctx.account.listing = 'project';
    }
  }

  /** For servers that refuse `projectId` (supervisely-api.md §6): one listing per dataset. */
  async switchToDatasets(): Promise<void> {
    setListing(this.ctx.db, this.src, 'datasets');
    this.ctx.account.listing = 'datasets';
    this.ctx.sql.get('DELETE FROM sync_units WHERE source_id = ? AND project_id = ?').run(this.src, this.projectId);
    const units = this.createUnits();
    await eachLimit(units, this.ctx.tuning.unitConcurrency, (x) => this.listUnit(x));
  }

  /** A page and its cursor, in one transaction: the checkpoint never runs ahead of the data. */
  /** (Public for the B11 benchmark, which times exactly this write path.) */
  commitPage(unit: number, page: Page): void {
    const { db, sql } = this.ctx;
    const c = page.cursor;
    const tally = db.transaction((): PageTally => {
      const t = (this.writer as PassWriter).page(page.entities, unit === 0 ? null : unit);
      sql
        .get(
          `UPDATE sync_units SET paging = ?, after = ?, next_page = ?, per_page = ?, total = ?, done = ?
            WHERE source_id = ? AND project_id = ? AND unit = ?`,
        )
        .run(c.paging, c.after, c.nextPage, c.perPage, c.total, c.done ? 1 : 0, this.src, this.projectId, unit);
      this.bump(t, 'listed');
      return t;
    }).immediate();
    this.tallied(tally, page.entities.length);
  }

  /** Adds a page's tally to the project's row (inside the page's transaction). */
  bump(t: PageTally, counter: 'listed' | 'fetched', fetched = 0): void {
    this.ctx.sql
      .get(
        `UPDATE sync_projects SET
           listed = listed + ?, fetched = fetched + ?, fetch_total = fetch_total + ?, cached_count = cached_count + ?,
           list_total = CASE WHEN ? = 'listed' AND NOT EXISTS (SELECT 1 FROM sync_units u WHERE u.source_id = sync_projects.source_id
                              AND u.project_id = sync_projects.project_id AND u.total IS NULL)
                        THEN (SELECT sum(total) FROM sync_units u WHERE u.source_id = sync_projects.source_id
                              AND u.project_id = sync_projects.project_id) ELSE list_total END
         WHERE source_id = ? AND project_id = ?`,
      )
      .run(counter === 'listed' ? t.seen : 0, fetched, t.pending, t.added, counter, this.src, this.projectId);
    // The sidebar's count grows with each page; the pass recounts exactly when it completes.
    if (t.added) this.ctx.sql.get('UPDATE sources SET image_count = image_count + ? WHERE id = ?').run(t.added, this.src);
  }

  tallied(t: PageTally, records: number): void {
    const c = this.ctx.counts;
    c.records += records;
    c.added += t.added;
    c.updated += t.updated;
    this.syncProgress(this.row());
    this.ctx.progressed();
  }

  /** Incremental passes: fetches, in batches of ids, the records whose updatedAt moved. */
  private async fetchPhase(): Promise<void> {
    const { sql, tuning } = this.ctx;
    const rows = sql
      .get('SELECT id, dataset_id FROM sync_pending WHERE source_id = ? AND project_id = ? ORDER BY dataset_id, id')
      .all(this.src, this.projectId) as { id: number; dataset_id: number | null }[];
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
      if (buffer.length) this.commitFetched(buffer.splice(0));
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

  private onFetched: (f: Fetched) => void = (f) => this.commitFetched([f]);

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

  /** Fetched batches, written with their removal from the pending list in one transaction. */
  commitFetched(batches: Fetched[]): void {
    const { db, sql } = this.ctx;
    let n = 0;
    const tally = db.transaction((): PageTally => {
      const t: PageTally = { seen: 0, added: 0, updated: 0, pending: 0, skipped: 0 };
      const unqueue = sql.get('DELETE FROM sync_pending WHERE source_id = ? AND project_id = ? AND id = ?');
      const unmark = sql.get('DELETE FROM sync_seen WHERE source_id = ? AND project_id = ? AND id = ?');
      for (const { ids, entities } of batches) {
        const asked = new Set(ids);
        const got = new Set<number>();
        for (const e of entities) {
          const id = (e as { id?: unknown })?.id;
          if (typeof id !== 'number' || !asked.has(id)) continue;
          got.add(id);
          (this.writer as PassWriter).record(e, t);
        }
        for (const id of ids) {
          unqueue.run(this.src, this.projectId, id);
          // Listed a moment ago, gone now: unmarked, so the sweep removes it from the cache.
          if (!got.has(id)) unmark.run(this.src, this.projectId, id);
        }
        n += ids.length;
      }
      this.bump(t, 'fetched', n);
      return t;
    }).immediate();
    this.tallied(tally, n);
  }
}

/** Forgets the marks and cursors of the pass in progress (a new pass or a re-listing). */
export function clearMarks(ctx: SyncContext, projectId: number, pending: boolean): void {
  const src = ctx.account.source_id;
  ctx.sql.get('DELETE FROM sync_seen WHERE source_id = ? AND project_id = ?').run(src, projectId);
  ctx.sql.get('DELETE FROM sync_units WHERE source_id = ? AND project_id = ?').run(src, projectId);
  if (pending) ctx.sql.get('DELETE FROM sync_pending WHERE source_id = ? AND project_id = ?').run(src, projectId);
}

