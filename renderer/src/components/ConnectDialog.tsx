import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors';
import type { ServerAccount } from '../../../shared/sync';
import { asAppError, call } from '../api';
import { useModalKeys } from '../use-modal-keys';
import '../styles/sync.css';

/** A headline for each way connecting fails; the core's message says the rest. */
const HEADLINE: Partial<Record<AppError['code'], string>> = {
  AUTH_FAILED: 'The server refused this token',
  SERVER_UNREACHABLE: 'Cannot reach the server',
  SERVER_TIMEOUT: 'The server did not answer in time',
  SERVER_ERROR: 'The server answered with an error',
  INVALID_INPUT: 'Check the address',
};

type Props = {
  initialUrl: string;
  onClose: () => void;
  onConnected: (account: ServerAccount) => void;
};

/**
 * Server address and API token, checked by the core (users.me, instance.version). The token
 * lives in this form's state only until it is sent; nothing sends it back.
 */
export function ConnectDialog({ initialUrl, onClose, onConnected }: Props) {
  const [url, setUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<{ text: string; account: ServerAccount } | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  useModalKeys(onClose);
  useEffect(() => {
    (initialUrl ? tokenRef : first).current?.focus();
  }, [initialUrl]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await call('servers:connect', { server_url: url, token });
      setToken('');
      if (r.notice) setNotice({ text: r.notice, account: r.account });
      else onConnected(r.account);
    } catch (err) {
      setError(asAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sync-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form className="sync-modal connect-dialog" role="dialog" aria-modal="true" aria-labelledby="connect-title" onSubmit={submit} data-testid="connect-dialog">
        <h2 id="connect-title">Connect a Supervisely server</h2>
        {notice ? (
          <>
            <p className="sync-banner is-info" role="status" data-testid="connect-notice">
              {notice.text}
            </p>
            <div className="sync-actions">
              <button type="button" className="button button-primary" onClick={() => onConnected(notice.account)}>
                Continue
              </button>
            </div>
          </>
        ) : (
          <>
            <label className="sync-field">
              <span>Server address</span>
              <input
                ref={first}
                type="url"
                inputMode="url"
                autoComplete="url"
                spellCheck={false}
                placeholder="e.g. https://app.supervisely.com"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                required
                data-testid="connect-url"
              />
            </label>
            <label className="sync-field">
              <span>API token</span>
              <input
                ref={tokenRef}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                required
                data-testid="connect-token"
              />
              <small className="muted">
                In Supervisely: your avatar → Account settings → API token. Loupe keeps it in your
                system’s keychain and never shows it again.
              </small>
            </label>
            {error && (
              <div className="sync-banner is-error" role="alert" data-testid="connect-error">
                <strong>{HEADLINE[error.code] ?? 'Could not connect'}</strong>
                <span>{error.message}</span>
              </div>
            )}
            <div className="sync-actions">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" disabled={busy || !url.trim() || !token.trim()} data-testid="connect-submit">
                {busy ? 'Checking…' : 'Connect'}
              </button>
            </div>
          </>
        )}
      </form>
    </div>
  );
}
