import { ServerCallError } from './http-client';
import { listPages, START } from './paging';
import type { UnitRow } from './pass-store';
import type { ProjectPass } from './project-pass';
import type { SyncContext } from './sync-types';

function idOf(e: unknown): number {
  const id = (e as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : Number.NaN;
}

/**
 * Whether a second, cheap listing (ids only) of the same units agrees with the ids the pass
 * marked: every id it returns is marked, and it returns as many distinct ids as are marked.
 * A walk by position that skipped a record (an earlier one deleted, later ones sliding back),
 * or a record moved into a dataset already listed, makes the two differ. Pages come sorted
 * by id, so an id at or below the last one read is a page boundary read twice, not a new one.
 */
export async function listingAgrees(ctx: SyncContext, pass: ProjectPass, units: UnitRow[]): Promise<boolean> {
  const { store } = pass;
  let distinct = 0;
  for (const u of units) {
    const scope = u.unit === 0 ? { projectId: pass.projectId, recursive: true } : { datasetId: u.unit };
    const body = { ...scope, forceMetadataForLinks: false, fields: ['id'] };
    let top = Number.NEGATIVE_INFINITY;
    try {
      for await (const page of listPages(ctx.client, 'images.list', body, { ...START, paging: u.paging }, { perPage: ctx.tuning.lightPerPage, window: 4 })) {
        pass.checkCancelled();
        for (const e of page.entities) {
          const id = idOf(e);
          if (!(id > top)) continue;
          top = id;
          if (!store.isSeen(id)) return false;
          distinct++;
        }
      }
    } catch (err) {
      // A dataset deleted since: its marked records, if any, make the counts differ.
      if (!(err instanceof ServerCallError) || err.status !== 404 || u.unit === 0) throw err;
    }
  }
  return distinct === store.seenCount();
}
