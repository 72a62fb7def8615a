import { useEffect } from 'react';
import type { Notice } from '../notices';
import { formatCount } from '../format';
import { Icon } from './Icon';

const FADE_MS = 8000;

type Props = {
  notices: Notice[];
  onDismiss: (id: string) => void;
  /** Runs a notice's button (e.g. "Save report…"). */
  onAction?: (notice: Notice) => void;
};

/** Job results and errors, stacked over the bottom of the centre pane (no layout shift). */
export function Notices({ notices, onDismiss, onAction }: Props) {
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => (
        <NoticeCard key={n.id} notice={n} onDismiss={onDismiss} onAction={onAction} />
      ))}
    </div>
  );
}

function NoticeCard({
  notice,
  onDismiss,
  onAction,
}: {
  notice: Notice;
  onDismiss: (id: string) => void;
  onAction?: (notice: Notice) => void;
}) {
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
        <Icon name={error || notice.tone === 'warning' ? 'alert' : 'check'} />
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
        {notice.groups?.map((g) => (
          <div key={g.title} className="notice-group" data-testid="notice-group">
            <p className="notice-group-title">{g.title}</p>
            <ul className="notice-details">
              {g.lines.map((line, i) => (
                <li key={`${i}-${line}`} title={line}>
                  {line}
                </li>
              ))}
              {g.more > 0 && (
                <li className="notice-more">
                  … and {formatCount(g.more)} more{notice.action ? ' (all in the report)' : ''}
                </li>
              )}
            </ul>
          </div>
        ))}
        {notice.action && onAction && (
          <div className="notice-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => onAction(notice)}
              data-testid="notice-action"
            >
              {notice.action.label}
            </button>
          </div>
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
