import type { RemoteDataset, RemoteTree } from '../../../shared/sync';
import type { Db } from '../cache/open-cache';
import { prepared } from '../cache/statement-cache';
import type { RemoteProjectInfo } from './api-schemas';
import type { DatasetNode } from './remote-tree';

/** What a refresh of an account's remote tree fetched, ready to store. */
export type FetchedTree = {
  teams: readonly { id: number; name: string }[];
  workspaces: readonly { teamId: number; id: number; name: string }[];
  projects: readonly (RemoteProjectInfo & { ws: number })[];
  datasets: ReadonlyMap<number, DatasetNode[]>;
};

/** Replaces what was cached of an account's remote tree, in one transaction. */
export function storeRemoteTree(
  db: Db,
  sourceId: number,
  { teams, workspaces, projects, datasets }: FetchedTree,
): void {
  db.transaction(() => {
    for (const t of ['remote_teams', 'remote_workspaces', 'remote_projects']) {
      prepared(db, `DELETE FROM ${t} WHERE source_id = ?`).run(sourceId);
    }
    const insTeam = prepared(db, 'INSERT INTO remote_teams (source_id, id, name) VALUES (?, ?, ?)');
    for (const t of teams) insTeam.run(sourceId, t.id, t.name);
    const insWs = prepared(
      db,
      'INSERT OR REPLACE INTO remote_workspaces (source_id, id, team_id, name) VALUES (?, ?, ?, ?)',
    );
    for (const w of workspaces) insWs.run(sourceId, w.id, w.teamId, w.name);
    const insP = prepared(
      db,
      'INSERT OR REPLACE INTO remote_projects (source_id, id, workspace_id, name, images_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const p of projects)
      insP.run(
        sourceId,
        p.id,
        p.ws,
        p.name,
        p.imagesCount ?? p.itemsCount ?? null,
        p.updatedAt ?? null,
      );
    for (const [projectId, list] of datasets) storeRemoteDatasets(db, sourceId, projectId, list);
    prepared(db, 'UPDATE server_accounts SET tree_fetched_at = ? WHERE source_id = ?').run(
      new Date().toISOString(),
      sourceId,
    );
  }).immediate();
}

/** Replaces a project's cached remote datasets, keeping each one's "last synced" time. */
export function storeRemoteDatasets(
  db: Db,
  sourceId: number,
  projectId: number,
  list: DatasetNode[],
): void {
  const keep = new Set(list.map((d) => d.id));
  const existing = prepared(
    db,
    'SELECT id FROM remote_datasets WHERE source_id = ? AND project_id = ?',
    'pluck',
  ).all(sourceId, projectId) as number[];
  const del = prepared(db, 'DELETE FROM remote_datasets WHERE source_id = ? AND id = ?');
  for (const id of existing) if (!keep.has(id)) del.run(sourceId, id);
  const up = prepared(
    db,
    `INSERT INTO remote_datasets (source_id, id, project_id, parent_id, name, images_count, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, id) DO UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id,
       name = excluded.name, images_count = excluded.images_count, updated_at = excluded.updated_at`,
  );
  for (const d of list)
    up.run(sourceId, d.id, projectId, d.parentId, d.name, d.imagesCount, d.updatedAt);
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
  const fetched = prepared(
    db,
    'SELECT tree_fetched_at FROM server_accounts WHERE source_id = ?',
    'pluck',
  ).get(sourceId) as string | null | undefined;
  const teams = prepared(
    db,
    'SELECT id, name FROM remote_teams WHERE source_id = ? ORDER BY name, id',
  ).all(sourceId) as { id: number; name: string }[];
  const wss = prepared(
    db,
    'SELECT id, team_id, name FROM remote_workspaces WHERE source_id = ? ORDER BY name, id',
  ).all(sourceId) as { id: number; team_id: number; name: string }[];
  const projects = prepared(
    db,
    `SELECT p.id, p.workspace_id, p.name, p.images_count, p.updated_at, s.selected, s.state, s.last_synced_at, s.cached_count
         FROM remote_projects p LEFT JOIN sync_projects s ON s.source_id = p.source_id AND s.project_id = p.id
        WHERE p.source_id = ? ORDER BY p.name, p.id`,
  ).all(sourceId) as ProjectRow[];
  const datasets = prepared(
    db,
    'SELECT id, project_id, parent_id, name, images_count, last_synced_at FROM remote_datasets WHERE source_id = ? ORDER BY name, id',
  ).all(sourceId) as {
    id: number;
    project_id: number;
    parent_id: number | null;
    name: string;
    images_count: number | null;
    last_synced_at: string | null;
  }[];
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const children = new Map<number | null, typeof datasets>();
  const roots = new Map<number, typeof datasets>();
  for (const d of datasets) {
    const parent = d.parent_id !== null && byId.has(d.parent_id) ? d.parent_id : null;
    const list =
      parent === null
        ? (roots.get(d.project_id) ?? roots.set(d.project_id, []).get(d.project_id))
        : (children.get(parent) ?? children.set(parent, []).get(parent));
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
              state: (p.state ??
                'never') as RemoteTree['teams'][number]['workspaces'][number]['projects'][number]['state'],
              last_synced_at: p.last_synced_at,
              cached_count: p.cached_count ?? 0,
              datasets: (roots.get(p.id) ?? []).map((d) => build(d)),
            })),
        })),
    })),
  };
}
