import { LoupeError } from '../../../shared/errors';
import type { Db } from '../cache/open-cache';
import { serverHost } from './server-url';

/** A server account as stored: a source of kind 'server' plus who we are on that server. */
export type AccountRow = {
  source_id: number;
  server_url: string;
  user_id: number;
  login: string;
  user_name: string | null;
  server_version: string | null;
  connected_at: string;
  tree_fetched_at: string | null;
  listing: 'project' | 'datasets' | null;
};

/** The key of an account's token in the secret store: the server and the user, never the token. */
export function secretKey(a: Pick<AccountRow, 'server_url' | 'user_id'>): string {
  return `supervisely:${a.server_url}#${a.user_id}`;
}

/**
 * Records a connected account (creating its source the first time) and returns its source id.
 * The same server and user connect to the same source, so reconnecting keeps the cache.
 */
export function upsertAccount(
  db: Db,
  a: { serverUrl: string; userId: number; login: string; userName: string | null; version: string | null },
  now: string,
): number {
  return db.transaction(() => {
    const label = `${a.login} @ ${serverHost(a.serverUrl)}`;
    const { id } = db
      .prepare(
        `INSERT INTO sources (kind, uri, label, created_at) VALUES ('server', ?, ?, ?)
         ON CONFLICT (kind, uri) DO UPDATE SET label = excluded.label RETURNING id`,
      )
      .get(`${a.serverUrl}#${a.userId}`, label, now) as { id: number };
    db.prepare(
      `INSERT INTO server_accounts (source_id, server_url, user_id, login, user_name, server_version, connected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id) DO UPDATE SET login = excluded.login, user_name = excluded.user_name,
         server_version = excluded.server_version, connected_at = excluded.connected_at`,
    ).run(id, a.serverUrl, a.userId, a.login, a.userName, a.version, now);
    return id;
  }).immediate();
}

export function getAccount(db: Db, sourceId: number): AccountRow {
  const row = db.prepare('SELECT * FROM server_accounts WHERE source_id = ?').get(sourceId) as AccountRow | undefined;
  if (!row) throw new LoupeError('NOT_FOUND', `Source ${sourceId} is not a connected server.`);
  return row;
}

export function listAccounts(db: Db): AccountRow[] {
  return db.prepare('SELECT * FROM server_accounts ORDER BY source_id').all() as AccountRow[];
}

/** Finds the account of a server address (any user), for the CLI's `--server URL`. */
export function accountsOf(db: Db, serverUrl: string): AccountRow[] {
  return db.prepare('SELECT * FROM server_accounts WHERE server_url = ? ORDER BY source_id').all(serverUrl) as AccountRow[];
}

export function setListing(db: Db, sourceId: number, listing: 'project' | 'datasets'): void {
  db.prepare('UPDATE server_accounts SET listing = ? WHERE source_id = ?').run(listing, sourceId);
}
