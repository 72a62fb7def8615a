import { setListing } from './accounts';
import { listEnvelopeSchema, parseAnswer } from './api-schemas';
import { LoupeError } from '../../../shared/errors';
import { listingAgrees } from './coverage';
import { ServerCallError } from './http-client';
import { walksByPosition } from './paging';
import type { ProjectPass } from './project-pass';
import { eachLimit, listDatasets, type DatasetNode } from './remote-tree';
import { storeRemoteDatasets } from './remote-tree-store';
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
 * the listing cannot be proven complete) or completes the pass — sweeping unmarked records —
 * in one transaction with the pass's bookkeeping. A listing is proven complete when it is one
 * walk that cannot skip a record (token cursor or keyset on id), or when the server did not
 * change and a second listing of ids agrees with it (walks by position, one listing per
 * dataset). One that cannot be proven within the relist budget ends the pass as incomplete:
 * nothing deleted, not marked synced, listed again by the next sync.
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
    relist(ctx, pass, fresh, null, 'keep');
    return 'relist';
  }
  const units = store.units();
  const byPosition = units.some(walksByPosition);
  // One walk by token or keyset cannot skip a record that stayed on the server; any other
  // listing needs a second one to agree. That one runs before the probe, so that the probe,
  // the pass's last read, also sees what changed while it ran.
  const oneWalk = units.length === 1 && !byPosition;
  const agrees = oneWalk || (await listingAgrees(ctx, pass, units));
  const probe = await probeProject(ctx, pid, fresh);
  pass.checkCancelled();
  const seen = store.seenCount();
  const row = store.row();
  const sameDatasets = fresh.length === pass.datasets.length && fresh.every((d) => pass.datasets.some((o) => o.id === d.id));
  // Unchanged: as many records as were marked, and nothing newer than before the listing.
  const unchanged =
    probe.total === seen &&
    (probe.maxUpdated === null || (row.max_updated_at !== null && probe.maxUpdated <= row.max_updated_at)) &&
    (ctx.account.listing !== 'datasets' || sameDatasets);
  const budget = row.relists < ctx.tuning.maxRelists;
  if (!unchanged && budget) {
    ctx.log(`project ${pid}: the server changed during the listing (total ${probe.total ?? '?'} vs ${seen} seen); listing again`);
    relist(ctx, pass, fresh, probe.total, 'count');
    return 'relist';
  }
  if (!oneWalk && !(agrees && unchanged)) {
    const why = unchanged ? 'a second listing of ids disagrees' : 'the server kept changing';
    if (budget) {
      ctx.log(`project ${pid}: the listing could not be proven complete (${why}); listing again`);
      relist(ctx, pass, fresh, probe.total, 'count');
      return 'relist';
    }
    relist(ctx, pass, fresh, probe.total, 'reset');
    ctx.log(`project ${pid}: the listing could not be proven complete (${why}); incomplete, the next sync retries`);
    throw new LoupeError(
      'SERVER_ERROR',
      `The server kept changing while project ${pid} was listed, so the listing could not be proven complete: nothing was deleted and the project is not marked synced. The next sync lists it again.`,
    );
  }
  const how = byPosition ? 'page paging, checked by a second listing' : units.every((u) => u.paging === 'token') ? 'token paging' : 'keyset paging';
  ctx.log(`project ${pid}: listing complete (${seen} seen, server total ${probe.total ?? '?'}, ${how})`);
  completePass(ctx, pass, fresh);
  return 'done';
}

function relist(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[], total: number | null, relists: 'count' | 'keep' | 'reset'): void {
  ctx.db.transaction(() => {
    pass.store.clearMarks(true);
    pass.store.restartListing(relists, total, new Date().toISOString());
    pass.cache.writeDatasets(fresh, false);
  }).immediate();
  pass.datasets = fresh;
}

function completePass(ctx: SyncContext, pass: ProjectPass, fresh: DatasetNode[]): void {
  const { store, cache } = pass;
  const pid = pass.projectId;
  const now = new Date().toISOString();
  ctx.db.transaction(() => {
    const first = store.row().last_synced_at === null;
    ctx.counts.deleted += cache.sweep(pass.pass);
    cache.writeDatasets(fresh, true);
    storeRemoteDatasets(ctx.db, ctx.account.source_id, pid, fresh);
    cache.markDatasetsSynced(now);
    const count = store.changeCounts(pass.pass);
    const cached = cache.cachedCount();
    // A first sync logs no "added" rows (see PassWriter): everything cached is new.
    const counts = { added: first ? cached : count('added'), updated: count('updated'), deleted: count('deleted') };
    store.complete(pass.pass, now, counts, cached, KEEP_PASSES);
    cache.recountSource(now);
  }).immediate();
  pass.finished();
}
