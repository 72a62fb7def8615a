import { useEffect } from 'react';
import type { Notice } from '../notices';
import { Icon } from './Icon';

const FADE_MS = 8000;

/** Job results and errors, stacked over the bottom of the centre pane (no layout shift). */
export function Notices({
  notices,
  onDismiss,
}: {
  notices: Notice[];
  onDismiss: (id: string) => void;
}) {
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => (
        <NoticeCard key={n.id} notice={n} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function NoticeCard({ notice, onDismiss }: { notice: Notice; onDismiss: (id: string) => void }) {
  useEffect(() => {
    if (notice.sticky) return;
    const t = setTimeout(() => onDismiss(notice.id), FADE_MS);
    return () => clearTimeout(t);
  }, [notice, onDismiss]);
  const error = notice.tone === 'error';
  return (
    <div
      className={`notice notice-${notice.tone}`}
      role={error ? 'alert' : 'status'}
      data-testid={`notice-${notice.tone}`}
    >
      <span className="notice-icon" aria-hidden="true">
        <Icon name={error ? 'alert' : 'check'} />
      </span>
      <div className="notice-text">
        <p className="notice-title">{notice.title}</p>
        <p className="notice-message" data-testid="notice-message">
          {notice.message}
        </p>
        {notice.details.length > 0 && (
          <ul className="notice-details">
            {notice.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      <button
        type="button"
        className="icon-button"
        onClick={() => onDismiss(notice.id)}
        aria-label="Dismiss"
        title="Dismiss"
        data-testid="notice-dismiss"
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
