import type { Statement } from 'better-sqlite3';
import type { Cursor } from './paging';
import type { Statements } from './sync-types';

export type Phase = 'list' | 'fetch' | 'verify';

export type ProjectRow = {
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
  max_updated_at: string | null;
  last_synced_at: string | null;
};

export type UnitRow = {
  unit: number;
  paging: 'token' | 'page';
  after: string | null;
  next_page: number;
  per_page: number | null;
  done: number;
  total: number | null;
};

export type PageTally = { seen: number; added: number; updated: number; pending: number; skipped: number };

/**
 * The bookkeeping of one project's pass in progress — its row in sync_projects, the pass in
 * sync_passes, the listing cursors (sync_units), the ids seen (sync_seen) and those to fetch
 * (sync_pending). Every statement is taken from the connection's statement cache when the store
 * is built, so a page costs no prepare. The caller owns the transactions.
 */
export class PassStore {
  private readonly s: Record<
    | 'row' | 'register' | 'state' | 'abandon' | 'newPass' | 'startPass' | 'running' | 'phase' | 'baseline' | 'heavy'
    | 'units' | 'addUnit' | 'dropUnits' | 'unitDone' | 'cursor' | 'bump' | 'sourceGrew' | 'mark' | 'queue'
    | 'pending' | 'unqueue' | 'unmark' | 'isSeen' | 'seenCount' | 'seenByDataset' | 'dropSeen' | 'dropPending' | 'relist'
    | 'changeCounts' | 'passDone' | 'synced' | 'prune',
    Statement
  >;

  constructor(
    sql: Statements,
    readonly src: number,
    readonly projectId: number,
  ) {
    const where = 'WHERE source_id = ? AND project_id = ?';
    this.s = {
      row: sql.get(`SELECT * FROM sync_projects ${where}`),
      register: sql.get(
        `INSERT INTO sync_projects (source_id, project_id, name, selected) VALUES (?, ?, ?, 1)
         ON CONFLICT (source_id, project_id) DO UPDATE SET name = excluded.name, selected = 1`,
      ),
      state: sql.get(`UPDATE sync_projects SET state = ?, error = ? ${where}`),
      abandon: sql.get("UPDATE sync_passes SET state = 'abandoned', finished_at = ? WHERE id = ?"),
      newPass: sql.get('INSERT INTO sync_passes (source_id, project_id, kind, started_at) VALUES (?, ?, ?, ?) RETURNING id'),
      startPass: sql.get(
        `UPDATE sync_projects SET pass_id = ?, pass_kind = ?, phase = 'list', light = ?, relists = 0, listed = 0,
           list_total = ?, fetched = 0, fetch_total = 0, max_updated_at = NULL ${where}`,
      ),
      running: sql.get(`UPDATE sync_projects SET state = 'running', error = NULL, run_started_at = ?, run_done_start = ? ${where}`),
      phase: sql.get(`UPDATE sync_projects SET phase = ?, run_started_at = ?, run_done_start = ? ${where}`),
      baseline: sql.get(`UPDATE sync_projects SET max_updated_at = ? ${where}`),
      heavy: sql.get(`UPDATE sync_projects SET light = 0 ${where}`),
      units: sql.get(`SELECT * FROM sync_units ${where} ORDER BY unit`),
      addUnit: sql.get('INSERT OR IGNORE INTO sync_units (source_id, project_id, unit) VALUES (?, ?, ?)'),
      dropUnits: sql.get(`DELETE FROM sync_units ${where}`),
      unitDone: sql.get(`UPDATE sync_units SET done = 1 ${where} AND unit = ?`),
      cursor: sql.get(`UPDATE sync_units SET paging = ?, after = ?, next_page = ?, per_page = ?, total = ?, done = ? ${where} AND unit = ?`),
      bump: sql.get(
        `UPDATE sync_projects SET
           listed = listed + ?, fetched = fetched + ?, fetch_total = fetch_total + ?, cached_count = cached_count + ?,
           list_total = CASE WHEN ? = 'listed' AND NOT EXISTS (SELECT 1 FROM sync_units u WHERE u.source_id = sync_projects.source_id
                              AND u.project_id = sync_projects.project_id AND u.total IS NULL)
                        THEN (SELECT sum(total) FROM sync_units u WHERE u.source_id = sync_projects.source_id
                              AND u.project_id = sync_projects.project_id) ELSE list_total END
         ${where}`,
      ),
      sourceGrew: sql.get('UPDATE sources SET image_count = image_count + ? WHERE id = ?'),
      mark: sql.get('INSERT OR IGNORE INTO sync_seen (source_id, project_id, id, dataset_id) VALUES (?, ?, ?, ?)'),
      queue: sql.get('INSERT OR IGNORE INTO sync_pending (source_id, project_id, id, dataset_id) VALUES (?, ?, ?, ?)'),
      pending: sql.get(`SELECT id, dataset_id FROM sync_pending ${where} ORDER BY dataset_id, id`),
      unqueue: sql.get(`DELETE FROM sync_pending ${where} AND id = ?`),
      unmark: sql.get(`DELETE FROM sync_seen ${where} AND id = ?`),
      isSeen: sql.get(`SELECT 1 FROM sync_seen ${where} AND id = ?`).pluck(),
      seenCount: sql.get(`SELECT count(*) FROM sync_seen ${where}`).pluck(),
      seenByDataset: sql.get(`SELECT dataset_id AS d, count(*) AS n FROM sync_seen ${where} GROUP BY dataset_id`),
      dropSeen: sql.get(`DELETE FROM sync_seen ${where}`),
      dropPending: sql.get(`DELETE FROM sync_pending ${where}`),
      relist: sql.get(
        `UPDATE sync_projects SET phase = 'list', light = 1,
           relists = CASE ? WHEN 'count' THEN relists + 1 WHEN 'reset' THEN 0 ELSE relists END, listed = 0, fetched = 0,
           fetch_total = 0, list_total = ?, run_started_at = ?, run_done_start = 0 ${where}`,
      ),
      changeCounts: sql.get('SELECT change, count(*) AS n FROM sync_changes WHERE pass_id = ? GROUP BY change'),
      passDone: sql.get(
        `UPDATE sync_passes SET state = 'complete', finished_at = ?, added = ?, updated = ?, deleted = ?,
           relists = (SELECT relists FROM sync_projects ${where}) WHERE id = ?`,
      ),
      synced: sql.get(
        `UPDATE sync_projects SET state = 'synced', last_synced_at = ?, last_pass_id = pass_id, pass_id = NULL,
           pass_kind = NULL, phase = NULL, light = 0, relists = 0, cached_count = ?, error = NULL ${where}`,
      ),
      prune: sql.get(
        `DELETE FROM sync_passes ${where} AND state != 'running'
           AND id NOT IN (SELECT id FROM sync_passes ${where} ORDER BY id DESC LIMIT ?)`,
      ),
    };
  }

  private get key(): [number, number] {
    return [this.src, this.projectId];
  }

  row(): ProjectRow {
    return this.s.row.get(...this.key) as ProjectRow;
  }

  register(name: string): void {
    this.s.register.run(...this.key, name);
  }

  setState(state: 'failed' | 'interrupted', error: string | null): void {
    this.s.state.run(state, error, ...this.key);
  }

  abandonPass(passId: number, now: string): void {
    this.s.abandon.run(now, passId);
  }

  /** Opens a pass and points the project's row at it, with every counter at zero. */
  startPass(kind: 'full' | 'incremental', now: string, listTotal: number | null): void {
    const { id } = this.s.newPass.get(...this.key, kind, now) as { id: number };
    this.s.startPass.run(id, kind, kind === 'incremental' ? 1 : 0, listTotal, ...this.key);
  }

  markRunning(now: string, doneAtStart: number): void {
    this.s.running.run(now, doneAtStart, ...this.key);
  }

  setPhase(phase: Phase, now: string, doneAtStart: number): void {
    this.s.phase.run(phase, now, doneAtStart, ...this.key);
  }

  /** The server's latest updatedAt before the listing began. */
  setBaseline(maxUpdated: string | null): void {
    this.s.baseline.run(maxUpdated, ...this.key);
  }

  listWholeRecords(): void {
    this.s.heavy.run(...this.key);
  }

  units(): UnitRow[] {
    return this.s.units.all(...this.key) as UnitRow[];
  }

  addUnit(unit: number): void {
    this.s.addUnit.run(...this.key, unit);
  }

  dropUnits(): void {
    this.s.dropUnits.run(...this.key);
  }

  unitDone(unit: number): void {
    this.s.unitDone.run(...this.key, unit);
  }

  saveCursor(unit: number, c: Cursor): void {
    this.s.cursor.run(c.paging, c.after, c.nextPage, c.perPage, c.total, c.done ? 1 : 0, ...this.key, unit);
  }

  /** Adds a page's tally to the project's row (inside the page's transaction). */
  bump(t: PageTally, counter: 'listed' | 'fetched', fetched: number): void {
    this.s.bump.run(counter === 'listed' ? t.seen : 0, fetched, t.pending, t.added, counter, ...this.key);
    // The sidebar's count grows with each page; the pass recounts exactly when it completes.
    if (t.added) this.s.sourceGrew.run(t.added, this.src);
  }

  /** Marks an id as seen by this pass; 1 when it was not marked yet. */
  mark(id: number, datasetId: number | null): number {
    return this.s.mark.run(...this.key, id, datasetId).changes;
  }

  queue(id: number, datasetId: number | null): number {
    return this.s.queue.run(...this.key, id, datasetId).changes;
  }

  pending(): { id: number; dataset_id: number | null }[] {
    return this.s.pending.all(...this.key) as { id: number; dataset_id: number | null }[];
  }

  unqueue(id: number): void {
    this.s.unqueue.run(...this.key, id);
  }

  unmark(id: number): void {
    this.s.unmark.run(...this.key, id);
  }

  isSeen(id: number): boolean {
    return this.s.isSeen.get(...this.key, id) !== undefined;
  }

  seenCount(): number {
    return this.s.seenCount.get(...this.key) as number;
  }

  seenByDataset(): Map<number | null, number> {
    const rows = this.s.seenByDataset.all(...this.key) as { d: number | null; n: number }[];
    return new Map(rows.map((r) => [r.d, r.n]));
  }

  /** Forgets the marks and cursors of the pass in progress (a new pass or a re-listing). */
  clearMarks(pending: boolean): void {
    this.s.dropSeen.run(...this.key);
    this.s.dropUnits.run(...this.key);
    if (pending) this.s.dropPending.run(...this.key);
  }

  /**
   * Back to the listing phase, light, with the progress counters at zero; the relist budget
   * spent grows by one ('count'), stays ('keep') or is whole again for the next sync ('reset').
   */
  restartListing(relists: 'count' | 'keep' | 'reset', total: number | null, now: string): void {
    this.s.relist.run(relists, total, now, ...this.key);
  }

  /** How many records the pass logged as added, updated and deleted. */
  changeCounts(passId: number): (change: 'added' | 'updated' | 'deleted') => number {
    const n = this.s.changeCounts.all(passId) as { change: string; n: number }[];
    return (c) => n.find((x) => x.change === c)?.n ?? 0;
  }

  /**
   * Closes the pass as complete, with the listings it repeated, and the project as synced;
   * keeps the last `keep` passes.
   */
  complete(passId: number, now: string, counts: { added: number; updated: number; deleted: number }, cached: number, keep: number): void {
    this.s.passDone.run(now, counts.added, counts.updated, counts.deleted, ...this.key, passId);
    this.s.synced.run(now, cached, ...this.key);
    this.clearMarks(true);
    this.s.prune.run(...this.key, ...this.key, keep);
  }
}
