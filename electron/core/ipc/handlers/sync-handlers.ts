import { LoupeError } from '../../../../shared/errors';
import type { ServerAccount } from '../../../../shared/sync';
import type { CoreContext } from '../../core-context';
import { getAccount, listAccounts, secretKey, upsertAccount, type AccountRow } from '../../sync/accounts';
import { checkConnection } from '../../sync/connect';
import { SuperviselyClient } from '../../sync/http-client';
import { refreshRemoteTree } from '../../sync/remote-tree';
import { readRemoteTree } from '../../sync/remote-tree-store';
import { serverHost } from '../../sync/server-url';
import { syncProgress, whatChanged } from '../../sync/sync-status';
import type { Handlers } from '../dispatch';

/** How often the cache is announced as changed while a sync writes pages. */
const REFRESH_WHILE_SYNCING_MS = 3_000;

type SyncChannels =
  | 'servers:list'
  | 'servers:connect'
  | 'servers:disconnect'
  | 'remote:tree'
  | 'remote:refresh'
  | 'sync:select'
  | 'sync:start'
  | 'sync:status'
  | 'sync:changes';

/**
 * Server accounts, the remote tree, and sync. Thin: logic lives in core/sync. The
 * token enters in servers:connect, goes to the platform's secret store, and from there only
 * to a client or a sync job; no output or event carries it.
 */
export function syncHandlers(ctx: CoreContext): Pick<Handlers, SyncChannels> {
  const running = new Map<number, string>();
  const secrets = ctx.platform.secrets;

  const toAccount = async (a: AccountRow): Promise<ServerAccount> => ({
    source_id: a.source_id,
    server_url: a.server_url,
    user_id: a.user_id,
    login: a.login,
    user_name: a.user_name,
    server_version: a.server_version,
    token: await secrets.state(secretKey(a)),
    connected_at: a.connected_at,
    tree_fetched_at: a.tree_fetched_at,
  });

  const tokenOf = async (a: AccountRow): Promise<string> => {
    const token = await secrets.get(secretKey(a));
    if (!token) {
      throw new LoupeError(
        'AUTH_REQUIRED',
        `Loupe has no API token for ${a.login} @ ${serverHost(a.server_url)} (it was disconnected, or kept for the previous session only). Connect again with your token to sync; the cached records stay available meanwhile.`,
      );
    }
    return token;
  };

  const changed = () => {
    ctx.reads.invalidate();
    ctx.tagNames.invalidate();
    ctx.emit('cache:changed', { tables: ['images', 'sources', 'datasets'] });
  };

  return {
    'servers:list': () => Promise.all(listAccounts(ctx.db).map(toAccount)),

    'servers:connect': async ({ server_url, token }) => {
      const conn = await checkConnection(server_url, token, ctx.syncTuning);
      const sourceId = upsertAccount(
        ctx.db,
        { serverUrl: conn.serverUrl, userId: conn.user.id, login: conn.user.login, userName: conn.user.name ?? null, version: conn.version },
        new Date().toISOString(),
      );
      const account = getAccount(ctx.db, sourceId);
      const { persisted } = await secrets.set(secretKey(account), token);
      const p = await secrets.persistence();
      const notice = persisted
        ? null
        : `This computer offers no keychain Loupe can use${p.persistent ? '' : ` (${p.reason})`}, so the token is kept for this session only: Loupe will ask for it again after a restart. Nothing was written to disk.`;
      ctx.emit('cache:changed', { tables: ['sources'] });
      return { account: await toAccount(account), notice };
    },

    'servers:disconnect': async ({ source_id }) => {
      await secrets.delete(secretKey(getAccount(ctx.db, source_id)));
      return { disconnected: true };
    },

    'remote:tree': ({ source_id }) => {
      getAccount(ctx.db, source_id);
      return readRemoteTree(ctx.db, source_id);
    },

    'remote:refresh': async ({ source_id }) => {
      const a = getAccount(ctx.db, source_id);
      const client = new SuperviselyClient({ server: a.server_url, token: await tokenOf(a), tuning: ctx.syncTuning });
      await refreshRemoteTree(ctx.db, client, source_id);
      return readRemoteTree(ctx.db, source_id);
    },

    'sync:select': ({ source_id, project_ids, selected }) => {
      getAccount(ctx.db, source_id);
      const up = ctx.db.prepare(
        `INSERT INTO sync_projects (source_id, project_id, name, selected)
         VALUES (?, ?, coalesce((SELECT name FROM remote_projects WHERE source_id = ? AND id = ?), 'project #' || ?), ?)
         ON CONFLICT (source_id, project_id) DO UPDATE SET selected = excluded.selected`,
      );
      ctx.db.transaction(() => {
        for (const id of project_ids) up.run(source_id, id, source_id, id, id, selected ? 1 : 0);
      })();
      const ids = ctx.db
        .prepare('SELECT project_id FROM sync_projects WHERE source_id = ? AND selected = 1 ORDER BY project_id')
        .pluck()
        .all(source_id) as number[];
      return { selected: ids };
    },

    'sync:start': async ({ source_id, project_ids, full }) => {
      const a = getAccount(ctx.db, source_id);
      const token = await tokenOf(a);
      const busy = running.get(source_id);
      if (busy && ctx.jobs.list().some((j) => j.id === busy && j.state === 'running')) {
        throw new LoupeError('INVALID_INPUT', `A sync of ${a.login} @ ${serverHost(a.server_url)} is already running.`);
      }
      const job = ctx.jobs.start(
        { kind: 'sync', sourceId: source_id, projectIds: project_ids, full, token, ...(ctx.syncTuning ? { tuning: ctx.syncTuning } : {}) },
        `Sync ${a.login} @ ${serverHost(a.server_url)}`,
      );
      running.set(source_id, job.id);
      // Pages are committed as they come: let the table show them while the sync runs (when
      // records were written since the last look), and after a sync that stopped early (a
      // finished one announces itself).
      const written = ctx.db.prepare(
        `SELECT (SELECT image_count FROM sources WHERE id = @src) || ':' ||
                (SELECT count(*) FROM sync_changes c JOIN sync_passes p ON p.id = c.pass_id
                  WHERE p.source_id = @src AND p.state = 'running')`,
      );
      let seen = written.pluck().get({ src: source_id });
      const tick = setInterval(() => {
        const now = written.pluck().get({ src: source_id });
        if (now !== seen) changed();
        seen = now;
      }, REFRESH_WHILE_SYNCING_MS);
      tick.unref?.();
      void ctx.jobs.settle(job.id).then(
        (j) => {
          clearInterval(tick);
          if (j.state !== 'done') changed();
        },
        () => clearInterval(tick),
      );
      return { job_id: job.id };
    },

    'sync:status': ({ source_id }) => syncProgress(ctx.db, source_id),

    'sync:changes': ({ source_id, project_id, change, offset, limit }) =>
      whatChanged(ctx.db, ctx.tagNames, source_id, { projectId: project_id, change, offset, limit }),
  };
}
