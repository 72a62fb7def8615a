import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import type { RemoteTree as Tree, ServerAccount } from '../../../shared/sync';
import { asAppError, call } from '../api';
import { formatDate } from '../format';
import { accountLabel, TOKEN_LABEL } from '../sync-format';
import { RemoteTree } from './RemoteTree';
import { useModalKeys } from '../use-modal-keys';
import '../styles/sync.css';

type Props = {
  account: ServerAccount;
  syncing: boolean;
  onClose: () => void;
  onReconnect: (serverUrl: string) => void;
  /** The account's token was forgotten: the page reloads the accounts. */
  onDisconnected: () => void;
  onChanges: () => void;
  onStarted: () => void;
};

/**
 * One account: its remote tree (from the cache, so it opens offline; refreshed from the server
 * on request or when never fetched), the projects ticked to sync, and the sync button.
 */
export function SyncSheet({ account, syncing, onClose, onReconnect, onDisconnected, onChanges, onStarted }: Props) {
  const [tree, setTree] = useState<Tree | null>(null);
  const [busy, setBusy] = useState<'refresh' | 'sync' | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [full, setFull] = useState(false);
  useModalKeys(onClose);
  const src = account.source_id;

  const refresh = useCallback(async () => {
    setBusy('refresh');
    setError(null);
    try {
      setTree(await call('remote:refresh', { source_id: src }));
    } catch (err) {
      setError(asAppError(err));
    } finally {
      setBusy(null);
    }
  }, [src]);

  useEffect(() => {
    let live = true;
    call('remote:tree', { source_id: src }).then(
      (t) => {
        if (!live) return;
        setTree(t);
        if (t.fetched_at === null && account.token !== 'missing') void refresh();
      },
      (err: unknown) => live && setError(asAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [src, refresh, account.token]);

  const toggle = async (projectId: number, selected: boolean) => {
    // Ticked at once on screen; the core's answer confirms (or the tree reloads as it was).
    setTree((t) => t && withSelected(t, projectId, selected));
    try {
      await call('sync:select', { source_id: src, project_ids: [projectId], selected });
    } catch (err) {
      setError(asAppError(err));
      setTree(await call('remote:tree', { source_id: src }).catch(() => null));
    }
  };

  const disconnect = async () => {
    setError(null);
    try {
      await call('servers:disconnect', { source_id: src });
      onDisconnected();
    } catch (err) {
      setError(asAppError(err));
    }
  };

  const ticked = tree?.teams.flatMap((t) => t.workspaces.flatMap((w) => w.projects.filter((p) => p.selected))) ?? [];
  const start = async () => {
    setBusy('sync');
    setError(null);
    try {
      await call('sync:start', { source_id: src, project_ids: [], full });
      onStarted();
    } catch (err) {
      setError(asAppError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="sync-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="sync-modal sync-sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title" data-testid="sync-sheet">
        <header className="sheet-head">
          <div>
            <h2 id="sheet-title">{accountLabel(account)}</h2>
            <p className="muted">
              {account.user_name ? `${account.user_name} · ` : ''}
              {account.server_version ? `Supervisely ${account.server_version} · ` : ''}
              {TOKEN_LABEL[account.token]}
            </p>
          </div>
          <div className="sheet-tools">
            <button type="button" className="button button-small" onClick={refresh} disabled={busy !== null || account.token === 'missing'} data-testid="tree-refresh">
              {busy === 'refresh' ? 'Fetching…' : 'Refresh list'}
            </button>
            <button type="button" className="button button-small" onClick={onChanges} data-testid="open-changes">
              What changed
            </button>
            {account.token !== 'missing' && (
              <button
                type="button"
                className="button button-small"
                onClick={disconnect}
                disabled={busy !== null || syncing}
                title="Forget this account’s token on this computer. Its records and project list stay in the cache."
                data-testid="disconnect"
              >
                Disconnect
              </button>
            )}
          </div>
        </header>
        {account.token === 'missing' && (
          <div className="sync-banner is-info" role="status">
            <span>Loupe holds no token for this account (disconnected, or kept for a previous session only). The cached projects stay browsable; connect again to sync.</span>
            <button type="button" className="button button-small" onClick={() => onReconnect(account.server_url)} data-testid="reconnect">
              Connect again…
            </button>
          </div>
        )}
        {error && (
          <div className="sync-banner is-error" role="alert" data-testid="sheet-error">
            {error.message}
          </div>
        )}
        <div className="sheet-body">
          {tree === null ? (
            <p className="muted tree-empty">Loading…</p>
          ) : tree.fetched_at === null ? (
            <p className="muted tree-empty">{busy === 'refresh' ? 'Fetching teams, workspaces and projects…' : 'The project list has not been fetched yet.'}</p>
          ) : (
            <RemoteTree tree={tree} onToggle={toggle} disabled={busy !== null} />
          )}
        </div>
        <footer className="sheet-foot">
          <span className="muted">
            {tree?.fetched_at ? `List from ${formatDate(tree.fetched_at)} (kept for offline use)` : ''}
          </span>
          <label className="sheet-full" title="List every record again instead of only what changed">
            <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Full sync
          </label>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={start}
            disabled={busy !== null || syncing || ticked.length === 0 || account.token === 'missing'}
            data-testid="sync-start"
          >
            {syncing ? 'Syncing…' : ticked.length > 1 ? `Sync ${ticked.length} projects` : 'Sync'}
          </button>
        </footer>
      </div>
    </div>
  );
}

function withSelected(t: Tree, projectId: number, selected: boolean): Tree {
  return {
    ...t,
    teams: t.teams.map((team) => ({
      ...team,
      workspaces: team.workspaces.map((w) => ({
        ...w,
        projects: w.projects.map((p) => (p.id === projectId ? { ...p, selected } : p)),
      })),
    })),
  };
}
