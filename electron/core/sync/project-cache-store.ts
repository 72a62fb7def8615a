import type { Statement } from 'better-sqlite3';
import { DIFF_FIELDS, type OldRecord } from './change-diff';
import type { DatasetNode } from './remote-tree';
import type { Statements } from './sync-types';
import { DOCS_JOIN, joinedColumn } from '../cache/image-docs';

type Gone = { id: number; name: string; dataset_path: string | null };

/** Cached records of the project that the pass in progress has not marked as seen. */
const UNMARKED = `FROM images i WHERE i.source_id = ? AND i.project_id = ? AND NOT EXISTS
  (SELECT 1 FROM sync_seen s WHERE s.source_id = i.source_id AND s.project_id = i.project_id AND s.id = i.id)`;

/**
 * What a pass writes into the browsable cache besides the records themselves (ImageWriter owns
 * those): the project, its tag metas and datasets, the change log of a pass, the sweep of
 * records the server no longer has, and the counts shown in the sidebar. Statements come from
 * the connection's statement cache when the store is built.
 */
export class ProjectCacheStore {
  private readonly s: Record<
    | 'project' | 'remoteProject' | 'tagMeta' | 'updatedAt' | 'before' | 'logChange' | 'gone' | 'dropAdded' | 'logDeleted'
    | 'sweep' | 'cached' | 'recountSource' | 'remoteSynced' | 'datasetPaths' | 'dataset' | 'repath' | 'dropDataset',
    Statement
  >;

  constructor(
    sql: Statements,
    readonly src: number,
    readonly projectId: number,
  ) {
    this.s = {
      project: sql.get('INSERT OR REPLACE INTO projects (source_id, id, name) VALUES (?, ?, ?)'),
      remoteProject: sql.get('UPDATE remote_projects SET name = ?, images_count = ? WHERE source_id = ? AND id = ?'),
      tagMeta: sql.get('INSERT OR REPLACE INTO tag_metas (source_id, id, name, value_type, color) VALUES (?, ?, ?, ?, ?)'),
      updatedAt: sql.get('SELECT updated_at FROM images WHERE source_id = ? AND id = ?').pluck(),
      before: sql.get(
        `SELECT i.row_id, i.updated_at, i.dataset_path, d.meta, d.tags, ${DIFF_FIELDS.map(joinedColumn).join(', ')}
           FROM images i ${DOCS_JOIN} WHERE i.source_id = ? AND i.id = ?`,
      ),
      logChange: sql.get(
        `INSERT INTO sync_changes (pass_id, image_id, change, name, dataset, diff) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (pass_id, image_id) DO UPDATE SET name = excluded.name, dataset = excluded.dataset,
           change = CASE WHEN sync_changes.change = 'added' THEN 'added' ELSE excluded.change END,
           diff = CASE WHEN sync_changes.change = 'added' THEN NULL ELSE excluded.diff END`,
      ),
      gone: sql.get(`SELECT i.id, i.name, i.dataset_path ${UNMARKED}`),
      dropAdded: sql.get("DELETE FROM sync_changes WHERE pass_id = ? AND image_id = ? AND change = 'added'"),
      logDeleted: sql.get(
        `INSERT INTO sync_changes (pass_id, image_id, change, name, dataset, diff) VALUES (?, ?, 'deleted', ?, ?, NULL)
         ON CONFLICT (pass_id, image_id) DO UPDATE SET change = 'deleted', diff = NULL`,
      ),
      sweep: sql.get(`DELETE FROM images WHERE row_id IN (SELECT i.row_id ${UNMARKED})`),
      cached: sql.get('SELECT count(*) FROM images WHERE source_id = ? AND project_id = ?').pluck(),
      recountSource: sql.get('UPDATE sources SET image_count = (SELECT count(*) FROM images WHERE source_id = ?), last_import_at = ? WHERE id = ?'),
      remoteSynced: sql.get('UPDATE remote_datasets SET last_synced_at = ? WHERE source_id = ? AND project_id = ?'),
      datasetPaths: sql.get('SELECT id, path FROM datasets WHERE source_id = ? AND project_id = ?'),
      dataset: sql.get(
        `INSERT INTO datasets (source_id, id, project_id, parent_id, name, path) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_id, id) DO UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id,
           name = excluded.name, path = excluded.path`,
      ),
      repath: sql.get('UPDATE images SET dataset_path = ? WHERE source_id = ? AND dataset_id = ?'),
      dropDataset: sql.get('DELETE FROM datasets WHERE source_id = ? AND id = ?'),
    };
  }

  /** The project's name in the browse hierarchy and in the server tree. */
  saveProject(name: string, imagesCount: number | null): void {
    this.s.project.run(this.src, this.projectId, name);
    this.s.remoteProject.run(name, imagesCount, this.src, this.projectId);
  }

  saveTagMeta(t: { id: number; name: string; value_type?: string | null | undefined; color?: string | null | undefined }): void {
    this.s.tagMeta.run(this.src, t.id, t.name, t.value_type ?? null, t.color ?? null);
  }

  /** The cached record's updatedAt: undefined when it is not cached. */
  cachedUpdatedAt(id: number): string | null | undefined {
    return this.s.updatedAt.get(this.src, id) as string | null | undefined;
  }

  /** The cached record as the change log compares it. */
  before(id: number): OldRecord | undefined {
    return this.s.before.get(this.src, id) as OldRecord | undefined;
  }

  logChange(passId: number, imageId: number, change: 'added' | 'updated', name: string, dataset: string | null, diff: string | null): void {
    this.s.logChange.run(passId, imageId, change, name, dataset, diff);
  }

  /** Deletes the cached records the pass did not see, logging each; returns how many. */
  sweep(passId: number): number {
    for (const g of this.s.gone.all(this.src, this.projectId) as Gone[]) {
      // Added and deleted within one pass: the cache never showed it, so it is no change.
      if (this.s.dropAdded.run(passId, g.id).changes === 0) this.s.logDeleted.run(passId, g.id, g.name, g.dataset_path);
    }
    return this.s.sweep.run(this.src, this.projectId).changes;
  }

  cachedCount(): number {
    return this.s.cached.get(this.src, this.projectId) as number;
  }

  recountSource(now: string): void {
    this.s.recountSource.run(this.src, now, this.src);
  }

  markDatasetsSynced(now: string): void {
    this.s.remoteSynced.run(now, this.src, this.projectId);
  }

  /**
   * Writes the project's datasets into the browse hierarchy with their full paths, re-pathing
   * cached records of a renamed or moved dataset; with `prune`, drops datasets the server no
   * longer has (only after a complete pass, like records).
   */
  writeDatasets(list: DatasetNode[], prune: boolean): void {
    const rows = this.s.datasetPaths.all(this.src, this.projectId) as { id: number; path: string }[];
    const old = new Map(rows.map((r) => [r.id, r.path]));
    for (const d of list) {
      this.s.dataset.run(this.src, d.id, this.projectId, d.parentId, d.name, d.path);
      const was = old.get(d.id);
      if (was !== undefined && was !== d.path) this.s.repath.run(d.path, this.src, d.id);
    }
    if (prune) {
      const keep = new Set(list.map((d) => d.id));
      for (const id of old.keys()) if (!keep.has(id)) this.s.dropDataset.run(this.src, id);
    }
  }
}
