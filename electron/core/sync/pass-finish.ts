import { setListing } from './accounts';
import { listEnvelopeSchema, parseAnswer } from './api-schemas';
import { ServerCallError } from './http-client';
import type { ProjectPass } from './project-pass';
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
 * The server ignored `recursive` on a project listing (servers between mid-2024 and early 2025
 * may): a nested dataset that has images contributed none. Listing each dataset is then the
 * only complete way, and sweeping what this listing missed would delete good records.
 */
function recursiveIgnored(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[]): boolean {
  if (ctx.account.listing === 'datasets') return false;
  const seen = pass.store.seenByDataset();
  if (![...seen.keys()].some((d) => d !== null)) return false; // the listing did not say
  return fresh.some((d) => d.parentId !== null && (d.imagesCount ?? 0) > 0 && !seen.has(d.id));
}

/**
 * Ends a listing: probes the server, and either lists again (the server changed meanwhile, or
 * paging could have skipped records) or completes the pass — sweeping unmarked records when the
 * listing is known complete — in one transaction with the pass's bookkeeping.
 */
export async function finishPass(ctx: SyncContext, pass: ProjectPass): Promise<'done' | 'relist'> {
  const { db, client } = ctx;
  const { store } = pass;
  const pid = pass.projectId;
  const fresh = await listDatasets(client, pid);
  if (recursiveIgnored(ctx, pass, fresh)) {
    ctx.log(`project ${pid}: the server ignored "recursive"; listing each dataset`);
    setListing(db, ctx.account.source_id, 'datasets');
    ctx.account.listing = 'datasets';
    relist(ctx, pass, fresh, null, false);
    return 'relist';
  }
  const probe = await probeProject(ctx, pid, fresh);
  pass.checkCancelled();
  const seen = store.seenCount();
  const row = store.row();
  const allToken = store.units().every((u) => u.paging === 'token');
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
  ctx.db.transaction(() => {
    pass.store.clearMarks(true);
    pass.store.restartListing(counts, total, new Date().toISOString());
    pass.cache.writeDatasets(fresh, false);
  }).immediate();
  pass.datasets = fresh;
}

function completePass(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[], sweep: boolean): void {
  const { store, cache } = pass;
  const pid = pass.projectId;
  const now = new Date().toISOString();
  ctx.db.transaction(() => {
    const first = store.row().last_synced_at === null;
    if (sweep) ctx.counts.deleted += cache.sweep(pass.pass);
    else ctx.log(`project ${pid}: the server kept changing; deletions wait for the next sync`);
    cache.writeDatasets(fresh, sweep);
    storeRemoteDatasets(ctx.db, ctx.account.source_id, pid, fresh);
    cache.markDatasetsSynced(now);
    const count = store.changeCounts(pass.pass);
    const cached = cache.cachedCount();
    // A first sync logs no "added" rows (see PassWriter): everything cached is new.
    const counts = { added: first ? cached : count('added'), updated: count('updated'), deleted: count('deleted') };
    const note = sweep ? null : 'The server kept changing during the sync; deletions will be applied by the next sync.';
    store.complete(pass.pass, now, counts, cached, KEEP_PASSES, note);
    cache.recountSource(now);
  }).immediate();
  pass.finished();
}
