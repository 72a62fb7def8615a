import type { z } from 'zod';
import type { Db } from '../cache/open-cache';
import {
  datasetSchema,
  parseAnswer,
  projectSchema,
  teamSchema,
  workspaceSchema,
  type RemoteDatasetInfo,
  type RemoteProjectInfo,
} from './api-schemas';
import { ServerCallError, type SuperviselyClient } from './http-client';
import { listPages, START } from './paging';
import { storeRemoteTree } from './remote-tree-store';

/** Every entity of a small list (teams, workspaces, projects, datasets), page by page. */
export async function listAll<S extends z.ZodType>(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for await (const page of listPages(
    client,
    method,
    body,
    { ...START, paging: 'page' },
    { perPage: 1000, window: 2 },
  )) {
    for (const e of page.entities) out.push(parseAnswer(schema, e, method, client.host));
  }
  return out;
}

export type DatasetNode = {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
  imagesCount: number | null;
  updatedAt: string | null;
};

/**
 * A project's datasets with their full paths ("train/city"). `recursive: true` returns nested
 * ones too (supervisely-api.md §2.2); an older server that refuses it has no nesting anyway.
 */
export async function listDatasets(
  client: SuperviselyClient,
  projectId: number,
): Promise<DatasetNode[]> {
  let rows: RemoteDatasetInfo[];
  try {
    rows = await listAll(
      client,
      'datasets.list',
      { projectId, filter: [], recursive: true },
      datasetSchema,
    );
  } catch (err) {
    if (!(err instanceof ServerCallError) || err.status !== 400) throw err;
    rows = await listAll(client, 'datasets.list', { projectId, filter: [] }, datasetSchema);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (r: RemoteDatasetInfo, depth = 0): string => {
    const parent = r.parentId == null ? undefined : byId.get(r.parentId);
    return parent && depth < 64 ? `${pathOf(parent, depth + 1)}/${r.name}` : r.name;
  };
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parentId ?? null,
    name: r.name,
    path: pathOf(r),
    imagesCount: r.imagesCount ?? r.itemsCount ?? null,
    updatedAt: r.updatedAt ?? null,
  }));
}

/** Runs `fn` over items with at most `n` at once (the client's limiter caps requests anyway). */
export async function eachLimit<T>(
  items: readonly T[],
  n: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let i = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await fn(items[i++] as T);
  });
  await Promise.all(lanes);
}

/** A listing that this account may not see (403) or that vanished (404) is left out, not fatal. */
function skippable(err: unknown): boolean {
  return err instanceof ServerCallError && (err.status === 403 || err.status === 404);
}

/**
 * Fetches teams → workspaces → image projects → nested datasets with image counts and stores
 * them for offline browsing, replacing what was cached for this account.
 */
export async function refreshRemoteTree(
  db: Db,
  client: SuperviselyClient,
  sourceId: number,
): Promise<void> {
  const teams = await listAll(client, 'teams.list', { filter: [] }, teamSchema);
  const workspaces: { teamId: number; id: number; name: string }[] = [];
  await eachLimit(teams, 5, async (t) => {
    try {
      const ws = await listAll(
        client,
        'workspaces.list',
        { teamId: t.id, filter: [] },
        workspaceSchema,
      );
      for (const w of ws) workspaces.push({ teamId: t.id, id: w.id, name: w.name });
    } catch (err) {
      if (!skippable(err)) throw err;
    }
  });
  const projects: (RemoteProjectInfo & { ws: number })[] = [];
  await eachLimit(workspaces, 5, async (w) => {
    try {
      const ps = await listAll(
        client,
        'projects.list',
        { workspaceId: w.id, filter: [] },
        projectSchema,
      );
      // Other project types (videos, volumes, point clouds) have no ImageInfo.
      for (const p of ps) if (!p.type || p.type === 'images') projects.push({ ...p, ws: w.id });
    } catch (err) {
      if (!skippable(err)) throw err;
    }
  });
  const datasets = new Map<number, DatasetNode[]>();
  await eachLimit(projects, 5, async (p) => {
    try {
      datasets.set(p.id, await listDatasets(client, p.id));
    } catch (err) {
      if (!skippable(err)) throw err;
    }
  });
  storeRemoteTree(db, sourceId, { teams, workspaces, projects, datasets });
}
