import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LoupeError } from '../../../../shared/errors';
import type { ProjectProgress } from '../../../../shared/sync';
import { BULK_WRITER } from '../../cache/open-cache';
import { openCacheToWrite } from '../cli-cache';
import { upsertAccount } from '../../sync/accounts';
import { checkConnection } from '../../sync/connect';
import { serverHost } from '../../sync/server-url';
import { runSync } from '../../sync/sync-engine';
import { syncProgress } from '../../sync/sync-status';
import { UsageError, type CliIo, type Command } from '../cli-types';

/** `KEY=value` lines of a dotenv file (the SDK's ~/supervisely.env), quotes and `export` allowed. */
export function readEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) continue;
    let v = m[2] as string;
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1] as string] = v;
  }
  return out;
}

/**
 * Where the token comes from: `API_TOKEN` in the environment, else the SDK's convention
 * `~/supervisely.env` (`SERVER_ADDRESS`, `API_TOKEN`). Never the command line, where any user
 * of the machine can read it in the process list.
 */
export function credentials(io: CliIo, server: string | undefined): { server: string; token: string; from: string } {
  const home = io.env.HOME ?? io.env.USERPROFILE ?? homedir();
  const file = join(home, 'supervisely.env');
  const fromFile = existsSync(file) ? readEnvFile(readFileSync(file, 'utf8')) : {};
  const token = io.env.API_TOKEN || fromFile.API_TOKEN;
  const address = server ?? (io.env.SERVER_ADDRESS || fromFile.SERVER_ADDRESS);
  if (!address) throw new UsageError('sync needs --server URL (or SERVER_ADDRESS in ~/supervisely.env)');
  if (!token) {
    throw new LoupeError(
      'AUTH_REQUIRED',
      `no API token: set API_TOKEN in the environment or in ${file} (the token is never read from the command line, where process lists show it).`,
    );
  }
  return { server: address, token, from: io.env.API_TOKEN ? 'API_TOKEN' : file };
}

function describe(p: ProjectProgress): string {
  const what = p.phase === 'fetch' ? 'fetching changed' : p.phase === 'verify' ? 'checking' : p.pass === 'incremental' ? 'comparing' : 'listing';
  const of = p.total === null ? '' : `/${p.total.toLocaleString('en')}`;
  const rate = p.rate_per_s > 0 ? `, ${Math.round(p.rate_per_s).toLocaleString('en')}/s` : '';
  const eta = p.eta_s === null ? '' : `, ETA ${Math.ceil(p.eta_s)} s`;
  return `${p.name}: ${what} ${p.done.toLocaleString('en')}${of}${rate}${eta}`;
}

export const syncCommand: Command = {
  usage: `sync --server URL [--project ID]… [--full]
                              sync projects from a Supervisely server (the ticked ones when
                              no --project is given); token from API_TOKEN or ~/supervisely.env`,
  async run({ options, cachePath, io }) {
    if (options.token !== undefined) {
      throw new UsageError('--token is not accepted: process lists show command lines. Set API_TOKEN or use ~/supervisely.env');
    }
    const projects = ([] as unknown[]).concat(options.project ?? []).map((v) => {
      if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--project takes a project id, not "${String(v)}"`);
      return Number(v);
    });
    const cred = credentials(io, typeof options.server === 'string' ? options.server : undefined);
    const conn = await checkConnection(cred.server, cred.token);
    const db = openCacheToWrite(cachePath, BULK_WRITER);
    try {
      const sourceId = upsertAccount(
        db,
        { serverUrl: conn.serverUrl, userId: conn.user.id, login: conn.user.login, userName: conn.user.name ?? null, version: conn.version },
        new Date().toISOString(),
      );
      io.err(`connected to ${serverHost(conn.serverUrl)} as ${conn.user.login}${conn.version ? ` (server ${conn.version})` : ''}\n`);
      let last = 0;
      let shown = '';
      const out = await runSync(db, { sourceId, projectIds: projects, full: options.full === true }, cred.token, {
        log: (line) => io.err(`${io.isTTY ? '\r\x1b[K' : ''}${line}\n`),
        onProgress: () => {
          const every = io.isTTY ? 250 : 2000;
          if (Date.now() - last < every) return;
          last = Date.now();
          const line = syncProgress(db, sourceId).filter((p) => p.state === 'running').map(describe).join(' | ');
          if (!line || line === shown) return;
          shown = line;
          io.err(io.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
        },
      });
      if (io.isTTY) io.err('\r\x1b[K');
      for (const p of syncProgress(db, sourceId).filter((x) => projects.length === 0 || projects.includes(x.project_id))) {
        io.err(`${p.name} (${p.project_id}): ${p.state}, ${p.done.toLocaleString('en')} records cached${p.error ? ` — ${p.error}` : ''}\n`);
      }
      for (const f of out.failed) io.err(`loupe: ${f.message}\n`);
      io.out(`added=${out.added} updated=${out.updated} deleted=${out.deleted} seconds=${out.seconds.toFixed(1)}\n`);
      return out.failed.length ? 1 : 0;
    } finally {
      db.close();
    }
  },
};
