import { setListing } from './accounts';
import { listEnvelopeSchema, parseAnswer } from './api-schemas';
import { ServerCallError } from './http-client';
import { clearMarks, type ProjectPass } from './project-pass';
import { eachLimit, listDatasets, storeRemoteDatasets, type DatasetNode } from './remote-tree';
import type { SyncContext } from './sync-types';

/** How many completed passes (with their change logs) a project keeps. */
const KEEP_PASSES = 5;

type Probe = { total: number | null; maxUpdated: string | null };

/** A scope's total and latest `updatedAt`, from one tiny page sorted by updatedAt. */
async function probeScope(ctx: SyncContext, scope: Record<string, unknown>): Promise<Probe> {
  const { client } = ctx;
  const base = { ...scope, per_page: 1, forceMetadataForLinks: false };
  let raw: unknown;
  let sorted = true;
  try {
    raw = await client.call('images.list', { ...base, sort: 'updatedAt', sort_order: 'desc' });
  } catch (err) {
    if (!(err instanceof ServerCallError) || err.status !== 400) throw err;
    raw = await client.call('images.list', base);
    sorted = false;
  }
  const env = parseAnswer(listEnvelopeSchema, raw, 'images.list', client.host);
  const at = (env.entities[0] as { updatedAt?: unknown } | undefined)?.updatedAt;
  return { total: env.total ?? null, maxUpdated: sorted && typeof at === 'string' ? at : null };
}

/** The server's view of the whole project now: summed over datasets on an old server. */
export async function probeProject(ctx: SyncContext, projectId: number, datasets: DatasetNode[]): Promise<Probe> {
  if (ctx.account.listing !== 'datasets') return probeScope(ctx, { projectId, recursive: true });
  const out: Probe = { total: 0, maxUpdated: null };
  await eachLimit(datasets, 5, async (d) => {
    let p: Probe;
    try {
      p = await probeScope(ctx, { datasetId: d.id });
    } catch (err) {
      if (!(err instanceof ServerCallError) || err.status !== 404) throw err;
      p = { total: 0, maxUpdated: null };
    }
    out.total = out.total === null || p.total === null ? null : out.total + p.total;
    if (p.maxUpdated !== null && (out.maxUpdated === null || p.maxUpdated > out.maxUpdated)) out.maxUpdated = p.maxUpdated;
  });
  return out;
}

/**
 * Writes a project's datasets into the browse hierarchy with their full paths, re-pathing
 * cached records of a renamed or moved dataset; with `prune`, drops datasets the server no
 * longer has (only after a complete pass, like records).
 */
export function writeDatasets(ctx: SyncContext, projectId: number, list: DatasetNode[], prune: boolean): void {
  const src = ctx.account.source_id;
  const { sql } = ctx;
  const old = new Map(
    (sql.get('SELECT id, path FROM datasets WHERE source_id = ? AND project_id = ?').all(src, projectId) as { id: number; path: string }[]).map((r) => [r.id, r.path]),
  );
  const up = sql.get(
    `INSERT INTO datasets (source_id, id, project_id, parent_id, name, path) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, id) DO UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id,
       name = excluded.name, path = excluded.path`,
  );
  const repath = sql.get('UPDATE images SET dataset_path = ? WHERE source_id = ? AND dataset_id = ?');
  for (const d of list) {
    up.run(src, d.id, projectId, d.parentId, d.name, d.path);
    const was = old.get(d.id);
    if (was !== undefined && was !== d.path) repath.run(d.path, src, d.id);
  }
  if (prune) {
    const keep = new Set(list.map((d) => d.id));
    const del = sql.get('DELETE FROM datasets WHERE source_id = ? AND id = ?');
    for (const id of old.keys()) if (!keep.has(id)) del.run(src, id);
  }
}

/**
 * The server ignored `recursive` on a project listing (servers between mid-2024 and early 2025
 * may): a nested dataset that has images contributed none. Listing each dataset is then the
 * only complete way, and sweeping what this listing missed would delete good records.
 */
function recursiveIgnored(ctx: SyncContext, projectId: number, fresh: DatasetNode[]): boolean {
  if (ctx.account.listing === 'datasets') return false;
  const rows = ctx.sql
    .get('SELECT dataset_id AS d, count(*) AS n FROM sync_seen WHERE source_id = ? AND project_id = ? GROUP BY dataset_id')
    .all(ctx.account.source_id, projectId) as { d: number | null; n: number }[];
  const seen = new Map(rows.map((r) => [r.d, r.n]));
  if (![...seen.keys()].some((d) => d !== null)) return false; // the listing did not say
  return fresh.some((d) => d.parentId !== null && (d.imagesCount ?? 0) > 0 && !seen.has(d.id));
}

/**
 * Ends a listing: probes the server, and either lists again (the server changed meanwhile, or
 * paging could have skipped records) or completes the pass — sweeping unmarked records when the
 * listing is known complete — in one transaction with the pass's bookkeeping.
 */
export async function finishPass(ctx: SyncContext, pass: ProjectPass): Promise<'done' | 'relist'> {
  const { db, sql, client } = ctx;
  const src = ctx.account.source_id;
  const pid = pass.projectId;
  const fresh = await listDatasets(client, pid);
  if (recursiveIgnored(ctx, pid, fresh)) {
    ctx.log(`project ${pid}: the server ignored "recursive"; listing each dataset`);
    setListing(db, src, 'datasets');
    ctx.account.listing = 'datasets';
    relist(ctx, pass, fresh, null, false);
    return 'relist';
  }
  const probe = await probeProject(ctx, pid, fresh);
  pass.checkCancelled();
  const seen = sql.get('SELECT count(*) FROM sync_seen WHERE source_id = ? AND project_id = ?').pluck().get(src, pid) as number;
  const row = sql.get('SELECT max_updated_at, relists FROM sync_projects WHERE source_id = ? AND project_id = ?').get(src, pid) as {
    max_updated_at: string | null;
    relists: number;
  };
  const pagings = sql.get('SELECT paging FROM sync_units WHERE source_id = ? AND project_id = ?').pluck().all(src, pid) as string[];
  const allToken = pagings.every((p) => p === 'token');
  const sameDatasets = fresh.length === pass.datasets.length && fresh.every((d) => pass.datasets.some((o) => o.id === d.id));
  // Unchanged: as many records as were marked, and nothing newer than before the listing.
  const unchanged =
    probe.total === seen &&
    (probe.maxUpdated === null || (row.max_updated_at !== null && probe.maxUpdated <= row.max_updated_at)) &&
    (ctx.account.listing !== 'datasets' || sameDatasets);
  if (!unchanged && row.relists < ctx.tuning.maxRelists) {
    ctx.log(
      `project ${pid}: the server changed during the listing (total ${probe.total ?? '?'} vs ${seen} seen); listing again`,
    );
    relist(ctx, pass, fresh, probe.total, true);
    return 'relist';
  }
  // Token paging cannot skip a record, so its complete listing may sweep even if the server
  // kept changing; page paging may have (a deletion shifts later pages), so it must agree.
  const sweep = unchanged || allToken;
  ctx.log(`project ${pid}: listing complete (${seen} seen, server total ${probe.total ?? '?'}, ${allToken ? 'token' : 'page'} paging)${sweep ? '' : '; deletions deferred'}`);
  completePass(ctx, pass, fresh, sweep);
  return 'done';
}

function relist(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[], total: number | null, counts: boolean): void {
  const src = ctx.account.source_id;
  ctx.db.transaction(() => {
    clearMarks(ctx, pass.projectId, true);
    ctx.sql
      .get(
        `UPDATE sync_projects SET phase = 'list', light = 1, relists = relists + ?, listed = 0, fetched = 0,
           fetch_total = 0, list_total = ?, run_started_at = ?, run_done_start = 0 WHERE source_id = ? AND project_id = ?`,
      )
      .run(counts ? 1 : 0, total, new Date().toISOString(), src, pass.projectId);
    writeDatasets(ctx, pass.projectId, fresh, false);
  }).immediate();
  pass.datasets = fresh;
}

function completePass(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[], sweep: boolean): void {
  const { db, sql } = ctx;
  const src = ctx.account.source_id;
  const pid = pass.projectId;
  const now = new Date().toISOString();
  db.transaction(() => {
    const first = sql.get('SELECT last_synced_at FROM sync_projects WHERE source_id = ? AND project_id = ?').pluck().get(src, pid) === null;
    let deleted = 0;
    if (sweep) {
      const unmarked = `FROM images i WHERE i.source_id = ? AND i.project_id = ? AND NOT EXISTS
        (SELECT 1 FROM sync_seen s WHERE s.source_id = i.source_id AND s.project_id = i.project_id AND s.id = i.id)`;
      const gone = sql.get(`SELECT i.id, i.name, i.dataset_path ${unmarked}`).all(src, pid) as { id: number; name: string; dataset_path: string | null }[];
      const dropAdded = sql.get("DELETE FROM sync_changes WHERE pass_id = ? AND image_id = ? AND change = 'added'");
      const log = sql.get(
        `INSERT INTO sync_changes (pass_id, image_id, change, name, dataset, diff) VALUES (?, ?, 'deleted', ?, ?, NULL)
         ON CONFLICT (pass_id, image_id) DO UPDATE SET change = 'deleted', diff = NULL`,
      );
      for (const g of gone) {
        // Added and deleted within one pass: the cache never showed it, so it is no change.
        if (dropAdded.run(pass.pass, g.id).changes === 0) log.run(pass.pass, g.id, g.name, g.dataset_path);
      }
      deleted = sql.get(`DELETE FROM images WHERE row_id IN (SELECT i.row_id ${unmarked})`).run(src, pid).changes;
      ctx.counts.deleted += deleted;
    } else {
      ctx.log(`project ${pid}: the server kept changing; deletions wait for the next sync`);
    }
    writeDatasets(ctx, pid, fresh, sweep);
    storeRemoteDatasets(db, src, pid, fresh);
    sql.get('UPDATE remote_datasets SET last_synced_at = ? WHERE source_id = ? AND project_id = ?').run(now, src, pid);
    const n = sql.get('SELECT change, count(*) AS n FROM sync_changes WHERE pass_id = ? GROUP BY change').all(pass.pass) as { change: string; n: number }[];
    const count = (c: string) => n.find((x) => x.change === c)?.n ?? 0;
    const cached = sql.get('SELECT count(*) FROM images WHERE source_id = ? AND project_id = ?').pluck().get(src, pid) as number;
    // A first sync logs no "added" rows (see PassWriter): everything cached is new.
    sql
      .get("UPDATE sync_passes SET state = 'complete', finished_at = ?, added = ?, updated = ?, deleted = ? WHERE id = ?")
      .run(now, first ? cached : count('added'), count('updated'), count('deleted'), pass.pass);
    sql
      .get(
        `UPDATE sync_projects SET state = 'synced', last_synced_at = ?, last_pass_id = pass_id, pass_id = NULL,
           pass_kind = NULL, phase = NULL, light = 0, relists = 0, cached_count = ?, error = ?
         WHERE source_id = ? AND project_id = ?`,
      )
      .run(now, cached, sweep ? null : 'The server kept changing during the sync; deletions will be applied by the next sync.', src, pid);
    clearMarks(ctx, pid, true);
    sql
      .get('UPDATE sources SET image_count = (SELECT count(*) FROM images WHERE source_id = ?), last_import_at = ? WHERE id = ?')
      .run(src, now, src);
    sql
      .get(
        `DELETE FROM sync_passes WHERE source_id = ? AND project_id = ? AND state != 'running'
           AND id NOT IN (SELECT id FROM sync_passes WHERE source_id = ? AND project_id = ? ORDER BY id DESC LIMIT ?)`,
      )
      .run(src, pid, src, pid, KEEP_PASSES);
  }).immediate();
  pass.done = pass.total;
}
