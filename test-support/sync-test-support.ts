import { join } from 'node:path';
import { openCache, type Db } from '../electron/core/cache/open-cache';
import { upsertAccount } from '../electron/core/sync/accounts';
import { checkConnection } from '../electron/core/sync/connect';
import { seedFakeData, type SeedSpec } from './fake-server/fake-data';
import { FakeSupervisely, type FakeOptions } from './fake-server/fake-supervisely';
import { runSync, type SyncHooks, type SyncOutcome } from '../electron/core/sync/sync-engine';
import type { SyncTuning } from '../electron/core/sync/sync-types';

/** Short timeouts and near-zero backoff, so faults cost milliseconds in tests. */
export const FAST_TUNING: Partial<SyncTuning> = {
  timeoutMs: 400,
  attempts: 8,
  backoffBaseMs: 2,
  backoffCapMs: 20,
  maxRetryAfterMs: 5_000,
};

export type SyncFixture = {
  fake: FakeSupervisely;
  db: Db;
  sourceId: number;
  projectIds: number[];
  token: string;
  sync(opts?: { projectIds?: number[]; full?: boolean; hooks?: SyncHooks; tuning?: Partial<SyncTuning> }): Promise<SyncOutcome>;
  /** The cache's records of a project: id → updated_at. */
  cached(projectId: number): Map<number, string>;
  close(): Promise<void>;
};

/** A fake server with seeded data, a fresh cache in `dir`, and the account connected. */
export async function syncFixture(
  dir: string,
  seed: Omit<SeedSpec, 'token'> & { token?: string },
  options: FakeOptions = {},
  tuning: Partial<SyncTuning> = {},
): Promise<SyncFixture> {
  const token = seed.token ?? 'tok-'.padEnd(40, 'x');
  const { data, projectIds } = seedFakeData({ ...seed, token });
  const fake = new FakeSupervisely(data, options);
  await fake.start();
  const db = openCache(join(dir, 'cache.sqlite'));
  const conn = await checkConnection(fake.url, token);
  const sourceId = upsertAccount(
    db,
    { serverUrl: conn.serverUrl, userId: conn.user.id, login: conn.user.login, userName: conn.user.name ?? null, version: conn.version },
    new Date().toISOString(),
  );
  return {
    fake,
    db,
    sourceId,
    projectIds,
    token,
    sync: (o = {}) =>
      runSync(db, { sourceId, projectIds: o.projectIds ?? projectIds, full: o.full ?? false }, token, o.hooks ?? {}, {
        ...FAST_TUNING,
        ...tuning,
        ...o.tuning,
      }),
    cached: (projectId) =>
      new Map(
        (db.prepare('SELECT id, updated_at FROM images WHERE source_id = ? AND project_id = ?').all(sourceId, projectId) as {
          id: number;
          updated_at: string;
        }[]).map((r) => [r.id, r.updated_at]),
      ),
    close: async () => {
      db.close();
      await fake.stop();
    },
  };
}

/** Differences between the server and the cache, as a short list for assertion messages. */
export function mismatches(server: Map<number, string>, cache: Map<number, string>): string[] {
  const out: string[] = [];
  for (const [id, at] of server) {
    const c = cache.get(id);
    if (c === undefined) out.push(`missing ${id}`);
    else if (c !== at) out.push(`stale ${id} (${c} < ${at})`);
  }
  for (const id of cache.keys()) if (!server.has(id)) out.push(`extra ${id}`);
  return out.slice(0, 10);
}
