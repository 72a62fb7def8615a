import { useState } from 'react';
import type { AppError } from '../../../shared/errors';
import type { ProjectProgress, ServerAccount } from '../../../shared/sync';
import { asAppError, call } from '../api';
import { formatCount } from '../format';
import { accountLabel, phaseLabel, progressNumbers } from '../sync-format';
import { Icon } from './Icon';
import '../styles/sync.css';

type Props = {
  progress: ProjectProgress[];
  accounts: ServerAccount[];
  syncing: boolean;
  onChanges: (sourceId: number) => void;
  onError: (title: string, error: AppError) => void;
};

/**
 * Per-project sync progress, docked above the status bar for as long as something is worth
 * seeing: a sync running, a project interrupted, or a sync that finished in this session
 * (until closed). It reads the core's state, so it survives any dialog or view change.
 */
export function SyncPanel({ progress, accounts, syncing, onChanges, onError }: Props) {
  const [hidden, setHidden] = useState(false);
  const [seenSync, setSeenSync] = useState(false);
  if (syncing && !seenSync) setSeenSync(true);
  if (syncing && hidden) setHidden(false);
  const trouble = progress.some((p) => p.state === 'interrupted' || p.state === 'failed');
  const rows = progress.filter((p) => p.state !== 'never');
  if (hidden || rows.length === 0 || !(syncing || trouble || seenSync)) return null;

  const resume = async (p: ProjectProgress) => {
    try {
      await call('sync:start', { source_id: p.source_id, project_ids: [p.project_id] });
    } catch (err) {
      onError('Sync could not start', asAppError(err));
    }
  };
  const label = (src: number) => {
    const a = accounts.find((x) => x.source_id === src);
    return a ? accountLabel(a) : `server ${src}`;
  };
  const sources = [...new Set(rows.map((r) => r.source_id))];

  return (
    <aside className="sync-panel" aria-label="Sync progress" data-testid="sync-panel">
      <header className="sync-panel-head">
        <strong>{syncing ? 'Syncing' : 'Sync'}</strong>
        <button type="button" className="icon-button" aria-label="Hide sync progress" onClick={() => setHidden(true)} disabled={syncing}>
          <Icon name="close" />
        </button>
      </header>
      {sources.map((src) => (
        <section key={src} className="sync-panel-source">
          <h3>{label(src)}</h3>
          {rows
            .filter((p) => p.source_id === src)
            .map((p) => {
              const fraction = p.state === 'synced' ? 1 : p.total ? Math.min(1, p.done / p.total) : null;
              return (
                <div key={p.project_id} className={`sync-project is-${p.state}`} data-testid="sync-project" data-state={p.state} data-project-id={p.project_id}>
                  <span className="sync-project-name" title={p.name}>{p.name}</span>
                  <span className="sync-project-phase" data-testid="sync-phase">{phaseLabel(p)}</span>
                  <span className={`progress${fraction === null ? ' is-indeterminate' : ''}`} role="progressbar" aria-label={`${p.name} sync`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
                    <span className="progress-fill" style={{ width: fraction === null ? undefined : `${fraction * 100}%` }} />
                  </span>
                  <span className="muted" data-testid="sync-numbers">{progressNumbers(p)}</span>
                  <span className="muted sync-counts" data-testid="sync-counts">
                    {formatCount(p.added)} new · {formatCount(p.updated)} updated · {formatCount(p.deleted)} deleted
                  </span>
                  {p.error && <p className="sync-project-error" role="alert">{p.error}</p>}
                  <div className="sync-project-actions">
                    {(p.state === 'interrupted' || p.state === 'failed') && (
                      <button type="button" className="button button-small button-primary" onClick={() => resume(p)} disabled={syncing} data-testid="sync-resume">
                        Resume
                      </button>
                    )}
                    {p.state === 'synced' && (
                      <button type="button" className="button button-small" onClick={() => onChanges(p.source_id)} data-testid="sync-changes">
                        What changed
                      </button>
                    )}
                  </div>
                </div>
              );
            })}
        </section>
      ))}
    </aside>
  );
}
