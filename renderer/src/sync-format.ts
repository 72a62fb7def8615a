import type { ProjectProgress, ServerAccount } from '../../shared/sync';
import { formatCount, formatDate, formatDuration, formatRate } from './format';

/** "alice @ app.supervisely.com" */
export function accountLabel(a: Pick<ServerAccount, 'login' | 'server_url'>): string {
  let host = a.server_url;
  try {
    host = new URL(a.server_url).host;
  } catch {
    // keep the address as stored
  }
  return `${a.login} @ ${host}`;
}

export const TOKEN_LABEL: Record<ServerAccount['token'], string> = {
  persisted: 'token in keychain',
  session: 'token for this session only',
  missing: 'no token — connect again to sync',
};

/** What a project's sync is doing, in a few words. */
export function phaseLabel(p: ProjectProgress): string {
  switch (p.state) {
    case 'running':
      if (p.phase === 'fetch') return 'Fetching changed records';
      if (p.phase === 'verify') return 'Checking with the server';
      return p.pass === 'incremental' ? 'Comparing with the server' : 'Downloading records';
    case 'interrupted':
      return 'Interrupted — resumes where it stopped';
    case 'failed':
      return 'Stopped';
    case 'synced':
      return p.last_synced_at ? `Synced ${formatDate(p.last_synced_at)}` : 'Synced';
    default:
      return 'Not synced yet';
  }
}

/** "1,200 / 5,000 · 850/s · 4 s left" */
export function progressNumbers(p: ProjectProgress): string {
  const parts = [p.total === null ? formatCount(p.done) : `${formatCount(p.done)} / ${formatCount(p.total)}`];
  if (p.state === 'running' && p.rate_per_s > 0) parts.push(formatRate(p.rate_per_s));
  if (p.state === 'running' && p.eta_s !== null && p.eta_s > 0) parts.push(`${formatDuration(p.eta_s)} left`);
  return parts.join(' · ');
}

/** A JSON value from a diff, short: strings quoted, objects compact, absent as "—". */
export function diffValue(v: unknown, present: boolean): string {
  if (!present) return '—';
  if (v === null) return 'null';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
