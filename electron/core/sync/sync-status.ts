import { LoupeError } from '../../../shared/errors';
import type { FieldChange, ProjectProgress, RecordChange, TagChange, WhatChanged } from '../../../shared/sync';
import type { Db } from '../cache/open-cache';
import type { TagNames } from '../cache/tag-names';
import type { PathChange, StoredDiff } from './change-diff';

type ProgressRow = {
  source_id: number;
  project_id: number;
  name: string;
  state: ProjectProgress['state'];
  pass_id: number | null;
  pass_kind: ProjectProgress['pass'];
  phase: ProjectProgress['phase'];
  listed: number;
  list_total: number | null;
  fetched: number;
  fetch_total: number;
  cached_count: number;
  run_started_at: string | null;
  run_done_start: number;
  last_synced_at: string | null;
  last_pass_id: number | null;
  error: string | null;
};

/**
 * Each ticked (or once synced) project with its progress: counts, rate and ETA of the pass in
 * progress (from its own checkpoint rows, so any window and the CLI see the same), or what the
 * last pass did.
 */
export function syncProgress(db: Db, sourceId?: number, now = Date.now()): ProjectProgress[] {
  const rows = db
    .prepare(
      `SELECT * FROM sync_projects WHERE (selected = 1 OR last_synced_at IS NOT NULL OR pass_id IS NOT NULL)
         ${sourceId === undefined ? '' : 'AND source_id = ?'} ORDER BY source_id, name, project_id`,
    )
    .all(...(sourceId === undefined ? [] : [sourceId])) as ProgressRow[];
  const live = db.prepare('SELECT change, count(*) AS n FROM sync_changes WHERE pass_id = ? GROUP BY change');
  const finished = db.prepare('SELECT added, updated, deleted FROM sync_passes WHERE id = ?');
  return rows.map((r) => {
    // A pass in progress is counted from its log (a first sync, which logs no additions, by
    // what it has cached); a finished one has its totals.
    let count: (c: 'added' | 'updated' | 'deleted') => number;
    if (r.pass_id !== null) {
      const n = live.all(r.pass_id) as { change: string; n: number }[];
      count = (c) => (c === 'added' && r.last_synced_at === null ? r.cached_count : (n.find((x) => x.change === c)?.n ?? 0));
    } else {
      const p = (r.last_pass_id === null ? undefined : finished.get(r.last_pass_id)) as Record<string, number> | undefined;
      count = (c) => p?.[c] ?? 0;
    }
    const inPass = r.pass_id !== null;
    const fetching = r.phase === 'fetch';
    const done = !inPass ? r.cached_count : fetching ? r.fetched : r.listed;
    const total = !inPass ? r.cached_count : fetching ? r.fetch_total : r.list_total === null ? null : Math.max(r.list_total, r.listed);
    let rate = 0;
    let eta: number | null = null;
    if (r.state === 'running' && r.run_started_at) {
      const secs = (now - Date.parse(r.run_started_at)) / 1000;
      rate = secs > 0.5 ? Math.max(0, done - r.run_done_start) / secs : 0;
      eta = rate > 0 && total !== null ? Math.max(0, total - done) / rate : null;
    }
    return {
      source_id: r.source_id,
      project_id: r.project_id,
      name: r.name,
      state: r.state,
      pass: r.pass_kind,
      phase: r.phase,
      done,
      total,
      rate_per_s: rate,
      eta_s: eta,
      added: count('added'),
      updated: count('updated'),
      deleted: count('deleted'),
      last_synced_at: r.last_synced_at,
      error: r.error,
    };
  });
}

type ChangeRow = { pass_id: number; project_id: number; image_id: number; change: RecordChange['change']; name: string; dataset: string | null; diff: string | null };

/** A stored path change for the view; `before` / `after` stay absent where the key was. */
const fieldChange = (c: PathChange): FieldChange => ({
  path: c.p,
  ...(Object.hasOwn(c, 'b') ? { before: c.b } : {}),
  ...(Object.hasOwn(c, 'a') ? { after: c.a } : {}),
});

/**
 * "What changed": the last complete pass of each project of an account, and a page of its
 * new, updated and deleted records with the field-level diff of meta and tags (tag names
 * resolved from the project's tag metas).
 */
export function whatChanged(
  db: Db,
  tagNames: TagNames,
  sourceId: number,
  opts: { projectId?: number; change?: RecordChange['change']; offset: number; limit: number },
): WhatChanged {
  if (!db.prepare('SELECT 1 FROM server_accounts WHERE source_id = ?').get(sourceId)) {
    throw new LoupeError('NOT_FOUND', `Source ${sourceId} is not a connected server.`);
  }
  const passes = db
    .prepare(
      `SELECT p.id, p.project_id, coalesce(sp.name, 'project #' || p.project_id) AS project, p.kind, p.finished_at,
              p.added, p.updated, p.deleted, p.relists,
              p.added > 0 AND NOT EXISTS (SELECT 1 FROM sync_changes c WHERE c.pass_id = p.id AND c.change = 'added') AS first
         FROM sync_passes p LEFT JOIN sync_projects sp ON sp.source_id = p.source_id AND sp.project_id = p.project_id
        WHERE p.source_id = ? AND p.state = 'complete' AND (? IS NULL OR p.project_id = ?)
          AND p.id = (SELECT max(id) FROM sync_passes q WHERE q.source_id = p.source_id AND q.project_id = p.project_id AND q.state = 'complete')
        ORDER BY p.finished_at DESC`,
    )
    .all(sourceId, opts.projectId ?? null, opts.projectId ?? null) as (Omit<WhatChanged['passes'][number], 'first'> & { id: number; first: number })[];
  const ids = passes.map((p) => p.id);
  if (ids.length === 0) return { passes: [], total: 0, changes: [] };
  const inList = ids.map(() => '?').join(', ');
  const where = `c.pass_id IN (${inList}) AND (? IS NULL OR c.change = ?)`;
  const params = [...ids, opts.change ?? null, opts.change ?? null];
  const total = db.prepare(`SELECT count(*) FROM sync_changes c WHERE ${where}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      `SELECT c.*, p.project_id FROM sync_changes c JOIN sync_passes p ON p.id = c.pass_id WHERE ${where}
        ORDER BY CASE c.change WHEN 'added' THEN 0 WHEN 'updated' THEN 1 ELSE 2 END, c.name, c.image_id LIMIT ? OFFSET ?`,
    )
    .all(...params, opts.limit, opts.offset) as ChangeRow[];
  return {
    passes: passes.map(({ id: _id, first, ...p }) => ({ ...p, first: first === 1 })),
    total,
    changes: rows.map((r) => {
      const d = r.diff ? (JSON.parse(r.diff) as StoredDiff) : {};
      const tags: TagChange[] = (d.t ?? []).map(([change, tag, before, after]) => ({
        change,
        name: typeof tag === 'number' ? tagNames.nameOf(sourceId, { tagId: tag }) : String(tag),
        ...(before === undefined ? {} : { before: before as TagChange['before'] }),
        ...(after === undefined ? {} : { after: after as TagChange['after'] }),
      }));
      return {
        image_id: r.image_id,
        project_id: r.project_id,
        change: r.change,
        name: r.name,
        dataset: r.dataset,
        fields: (d.f ?? []).map(fieldChange),
        meta: (d.m ?? []).map(fieldChange),
        tags,
      };
    }),
  };
}
