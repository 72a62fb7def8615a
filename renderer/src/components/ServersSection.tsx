import type { ReactNode } from 'react';
import type { ProjectProgress, ServerAccount } from '../../../shared/sync';
import { formatDate } from '../format';
import { accountLabel, TOKEN_LABEL } from '../sync-format';
import { Icon } from './Icon';
import { SidebarSection } from './SidebarSection';
import '../styles/sync.css';

type Props = {
  accounts: ServerAccount[];
  progress: ProjectProgress[];
  onOpen: (sourceId: number) => void;
  onConnect: () => void;
  /** What sits under the accounts in the same section (the sync progress card). */
  children?: ReactNode;
};

/** The sidebar's server accounts: who, where, when last synced; a click opens the account. */
export function ServersSection({ accounts, progress, onOpen, onConnect, children }: Props) {
  return (
    <SidebarSection
      id="servers"
      title="Servers"
      count={accounts.length ? String(accounts.length) : undefined}
      action={
        <button type="button" className="icon-button section-action" title="Connect a server" aria-label="Connect a server" onClick={onConnect} data-testid="connect-open">
          <svg className="icon" width={14} height={14} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" aria-hidden="true" focusable="false">
            <path d="M8 3v10M3 8h10" />
          </svg>
        </button>
      }
    >
      <div className="servers-section" data-testid="servers-section">
      {accounts.length === 0 ? (
        <div className="sidebar-empty">
          <p>Sync projects from Supervisely and browse them offline.</p>
          <button type="button" className="button button-small servers-connect" onClick={onConnect} data-testid="connect-open-empty">
            Connect a server…
          </button>
        </div>
      ) : (
        <ul className="source-list">
          {accounts.map((a) => {
            const mine = progress.filter((p) => p.source_id === a.source_id);
            const running = mine.some((p) => p.state === 'running');
            const last = mine.map((p) => p.last_synced_at).filter((x): x is string => !!x).sort().at(-1);
            const trouble = mine.some((p) => p.state === 'interrupted' || p.state === 'failed');
            return (
              <li key={a.source_id}>
                <button type="button" className="source-item server-item" onClick={() => onOpen(a.source_id)} title={`${a.server_url} — ${TOKEN_LABEL[a.token]}`} data-testid="server-item">
                  <Icon name="server" />
                  <span className="source-label">{accountLabel(a)}</span>
                  <span className={`server-dot${running ? ' is-running' : trouble ? ' is-trouble' : a.token === 'missing' ? ' is-off' : ''}`} aria-hidden="true" />
                  <span className="source-meta">
                    {running ? 'Syncing…' : trouble ? 'Sync interrupted' : last ? `Synced ${formatDate(last)}` : a.token === 'missing' ? TOKEN_LABEL.missing : 'Not synced yet'}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {children}
      </div>
    </SidebarSection>
  );
}
