import { LoupeError } from '../../../shared/errors';
import type { Db } from '../cache/open-cache';
import { getAccount } from './accounts';
import { SuperviselyClient, type RetryInfo } from './http-client';
import { ProjectPass } from './project-pass';
import { eachLimit } from './remote-tree';
import { DEFAULT_SYNC_TUNING, Statements, type RunCounts, type SyncContext, type SyncLog, type SyncTuning } from './sync-types';

export type SyncRequest = {
  sourceId: number;
  /** Projects to sync; empty = the ones ticked for this account. */
  projectIds: number[];
  /** A full pass (every record) even where an incremental one would do. */
  full: boolean;
};

export type SyncHooks = {
  isCancelled?: () => boolean;
  onProgress?: (p: { records: number; fraction: number | null }) => void;
  log?: SyncLog;
  /** Aborts in-flight requests at once (the job's cancel flag is also polled). */
  signal?: AbortSignal;
  /** How backoff waits (the chaos test records the waits instead of sitting through them). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export type SyncOutcome = RunCounts & { seconds: number; projects: number; failed: { projectId: number; message: string }[] };

/** The projects a sync covers: those named, else those ticked. */
export function projectsToSync(db: Db, sourceId: number, named: number[]): number[] {
  if (named.length) return [...new Set(named)];
  return db
    .prepare('SELECT project_id FROM sync_projects WHERE source_id = ? AND selected = 1 ORDER BY project_id')
    .pluck()
    .all(sourceId) as number[];
}

/**
 * Syncs projects of one server account into the cache: each project's pass resumes or starts
 * (see ProjectPass), a few projects side by side, every request through one client with one
 * in-flight cap. The token lives only inside `token` → the client; it is never logged, stored
 * or put in a message. Fails (after finishing what it can) when any project failed.
 */
export async function runSync(
  db: Db,
  req: SyncRequest,
  token: string,
  hooks: SyncHooks = {},
  tuning: Partial<SyncTuning> = {},
): Promise<SyncOutcome> {
  const started = Date.now();
  const t: SyncTuning = { ...DEFAULT_SYNC_TUNING, ...tuning };
  const account = getAccount(db, req.sourceId);
  const projects = projectsToSync(db, req.sourceId, req.projectIds);
  if (projects.length === 0) {
    throw new LoupeError('INVALID_INPUT', `Nothing to sync for ${account.login} @ ${account.server_url}: tick a project first (or name one with --project ID).`);
  }
  const abort = new AbortController();
  const outer = hooks.signal;
  const onOuter = () => abort.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  const poll = setInterval(() => {
    if (hooks.isCancelled?.()) abort.abort();
  }, 50);
  const log = hooks.log ?? (() => undefined);
  const client = new SuperviselyClient({
    server: account.server_url,
    token,
    tuning: t,
    signal: abort.signal,
    ...(hooks.sleep ? { sleep: hooks.sleep } : {}),
    onRetry: (r: RetryInfo) => log(`${r.method}: ${r.reason}; retry ${r.retry} in ${(r.delayMs / 1000).toFixed(1)} s`),
  });
  const passes: ProjectPass[] = [];
  let lastEmit = 0;
  const ctx: SyncContext = {
    db,
    sql: new Statements(db),
    client,
    account,
    tuning: t,
    signal: abort.signal,
    log,
    counts: { records: 0, added: 0, updated: 0, unchanged: 0, deleted: 0 },
    syncedAt: new Date().toISOString(),
    progressed: () => {
      if (Date.now() - lastEmit < 50) return;
      lastEmit = Date.now();
      const done = passes.reduce((s, p) => s + p.done, 0);
      const total = passes.reduce((s, p) => s + p.total, 0);
      hooks.onProgress?.({ records: ctx.counts.records, fraction: total > 0 ? Math.min(0.999, done / total) : null });
    },
  };
  const failed: SyncOutcome['failed'] = [];
  let fatal: unknown;
  try {
    await eachLimit(projects, t.projectConcurrency, async (projectId) => {
      if (fatal) return;
      const pass = new ProjectPass(ctx, projectId, req.full);
      passes.push(pass);
      try {
        await pass.run();
      } catch (err) {
        const code = err instanceof LoupeError ? err.code : 'INTERNAL';
        // A project that vanished fails alone; a lost network, a refused token or a cancel stops all.
        if (code === 'NOT_FOUND') failed.push({ projectId, message: (err as Error).message });
        else {
          fatal ??= err;
          abort.abort();
        }
      }
    });
  } finally {
    clearInterval(poll);
    outer?.removeEventListener('abort', onOuter);
  }
  if (fatal) {
    if (hooks.isCancelled?.() || outer?.aborted) throw new LoupeError('CANCELLED', 'The sync was cancelled; it resumes where it stopped next time.');
    const e = fatal as Error;
    if (e instanceof LoupeError && e.code !== 'CANCELLED') {
      throw new LoupeError(e.code, `${e.message} The sync stopped; what it wrote is kept and the next sync resumes from there.`, e.details);
    }
    throw fatal;
  }
  const counts = ctx.counts;
  counts.unchanged = Math.max(0, counts.records - counts.added - counts.updated);
  const outcome: SyncOutcome = { ...counts, seconds: (Date.now() - started) / 1000, projects: projects.length, failed };
  if (failed.length === projects.length) {
    throw new LoupeError('NOT_FOUND', failed.map((f) => f.message).join(' '));
  }
  return outcome;
}
