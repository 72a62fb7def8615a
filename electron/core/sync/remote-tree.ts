import type { z } from 'zod';
import type { RemoteDataset, RemoteTree } from '../../../shared/sync';
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

/** Every entity of a small list (teams, workspaces, projects, datasets), page by page. */
export async function listAll<S extends z.ZodType>(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for await (const page of listPages(client, method, body, { ...START, paging: 'page' }, { perPage: 1000, window: 2 })) {
    for (const e of page.entities) out.push(parseAnswer(schema, e, method, client.host));
  }
  return out;
}

export type DatasetNode = { id: number; parentId: number | null; name: string; path: string; imagesCount: number | null; updatedAt: string | null };

/**
 * A project's datasets with their full paths ("train/city"). `recursive: true` returns nested
 * ones too (supervisely-api.md §2.2); an older server that refuses it has no nesting anyway.
 */
export async function listDatasets(client: SuperviselyClient, projectId: number): Promise<DatasetNode[]> {
  let rows: RemoteDatasetInfo[];
  try {
    rows = await listAll(client, 'datasets.list', { projectId, filter: [], recursive: true }, datasetSchema);
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
export async function eachLimit<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
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
export async function refreshRemoteTree(db: Db, client: SuperviselyClient, sourceId: number): Promise<void> {
  const teams = await listAll(client, 'teams.list', { filter: [] }, teamSchema);
  const workspaces: { teamId: number; id: number; name: string }[] = [];
  await eachLimit(teams, 5, async (t) => {
    try {
      const ws = await listAll(client, 'workspaces.list', { teamId: t.id, filter: [] }, workspaceSchema);
      for (const w of ws) workspaces.push({ teamId: t.id, id: w.id, name: w.name });
    } catch (err) {
      if (!skippable(err)) throw err;
    }
  });
  const projects: (RemoteProjectInfo & { ws: number })[] = [];
  await eachLimit(workspaces, 5, async (w) => {
    try {
      const ps = await listAll(client, 'projects.list', { workspaceId: w.id, filter: [] }, projectSchema);
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
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const t of ['remote_teams', 'remote_workspaces', 'remote_projects']) {
      db.prepare(`DELETE FROM ${t} WHERE source_id = ?`).run(sourceId);
    }
    const insTeam = db.prepare('INSERT INTO remote_teams (source_id, id, name) VALUES (?, ?, ?)');
    for (const t of teams) insTeam.run(sourceId, t.id, t.name);
    const insWs = db.prepare('INSERT OR REPLACE INTO remote_workspaces (source_id, id, team_id, name) VALUES (?, ?, ?, ?)');
    for (const w of workspaces) insWs.run(sourceId, w.id, w.teamId, w.name);
    const insP = db.prepare(
      'INSERT OR REPLACE INTO remote_projects (source_id, id, workspace_id, name, images_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const p of projects) insP.run(sourceId, p.id, p.ws, p.name, p.imagesCount ?? p.itemsCount ?? null, p.updatedAt ?? null);
    for (const [projectId, list] of datasets) storeRemoteDatasets(db, sourceId, projectId, list);
    db.prepare('UPDATE server_accounts SET tree_fetched_at = ? WHERE source_id = ?').run(now, sourceId);
  }).immediate();
}

/** Replaces a project's cached remote datasets, keeping each one's "last synced" time. */
export function storeRemoteDatasets(db: Db, sourceId: number, projectId: number, list: DatasetNode[]): void {
  const keep = new Set(list.map((d) => d.id));
  const existing = db.prepare('SELECT id FROM remote_datasets WHERE source_id = ? AND project_id = ?').pluck().all(sourceId, projectId) as number[];
  const del = db.prepare('DELETE FROM remote_datasets WHERE source_id = ? AND id = ?');
  for (const id of existing) if (!keep.has(id)) del.run(sourceId, id);
  const up = db.prepare(
    `INSERT INTO remote_datasets (source_id, id, project_id, parent_id, name, images_count, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, id) DO UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id,
       name = excluded.name, images_count = excluded.images_count, updated_at = excluded.updated_at`,
  );
  for (const d of list) up.run(sourceId, d.id, projectId, d.parentId, d.name, d.imagesCount, d.updatedAt);
}

type ProjectRow = {
  id: number;
  workspace_id: number;
  name: string;
  images_count: number | null;
  updated_at: string | null;
  selected: number | null;
  state: string | null;
  last_synced_at: string | null;
  cached_count: number | null;
};

/** The cached tree of an account, with what is ticked and when each part was last synced. */
export function readRemoteTree(db: Db, sourceId: number): RemoteTree {
  const fetched = db.prepare('SELECT tree_fetched_at FROM server_accounts WHERE source_id = ?').pluck().get(sourceId) as string | null | undefined;
  const teams = db.prepare('SELECT id, name FROM remote_teams WHERE source_id = ? ORDER BY name, id').all(sourceId) as { id: number; name: string }[];
  const wss = db.prepare('SELECT id, team_id, name FROM remote_workspaces WHERE source_id = ? ORDER BY name, id').all(sourceId) as { id: number; team_id: number; name: string }[];
  const projects = db
    .prepare(
      `SELECT p.id, p.workspace_id, p.name, p.images_count, p.updated_at, s.selected, s.state, s.last_synced_at, s.cached_count
         FROM remote_projects p LEFT JOIN sync_projects s ON s.source_id = p.source_id AND s.project_id = p.id
        WHERE p.source_id = ? ORDER BY p.name, p.id`,
    )
    .all(sourceId) as ProjectRow[];
  const datasets = db
    .prepare('SELECT id, project_id, parent_id, name, images_count, last_synced_at FROM remote_datasets WHERE source_id = ? ORDER BY name, id')
    .all(sourceId) as { id: number; project_id: number; parent_id: number | null; name: string; images_count: number | null; last_synced_at: string | null }[];
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const children = new Map<number | null, typeof datasets>();
  const roots = new Map<number, typeof datasets>();
  for (const d of datasets) {
    const parent = d.parent_id !== null && byId.has(d.parent_id) ? d.parent_id : null;
    const list = parent === null ? (roots.get(d.project_id) ?? roots.set(d.project_id, []).get(d.project_id)) : (children.get(parent) ?? children.set(parent, []).get(parent));
    list?.push(d);
  }
  const build = (d: (typeof datasets)[number], depth = 0): RemoteDataset => ({
    id: d.id,
    name: d.name,
    images_count: d.images_count,
    last_synced_at: d.last_synced_at,
    children: depth < 64 ? (children.get(d.id) ?? []).map((c) => build(c, depth + 1)) : [],
  });
  return {
    source_id: sourceId,
    fetched_at: fetched ?? null,
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      workspaces: wss
        .filter((w) => w.team_id === t.id)
        .map((w) => ({
          id: w.id,
          name: w.name,
          projects: projects
            .filter((p) => p.workspace_id === w.id)
            .map((p) => ({
              id: p.id,
              name: p.name,
              images_count: p.images_count,
              updated_at: p.updated_at,
              selected: p.selected === 1,
              state: (p.state ?? 'never') as RemoteTree['teams'][number]['workspaces'][number]['projects'][number]['state'],
              last_synced_at: p.last_synced_at,
              cached_count: p.cached_count ?? 0,
              datasets: (roots.get(p.id) ?? []).map((d) => build(d)),
            })),
        })),
    })),
  };
}
