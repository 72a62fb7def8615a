import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/search';
import { formatCount } from '../format';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon } from './Icon';
import { SidebarSection } from './SidebarSection';

type Props = {
  list: SavedSearch[];
  /** The saved search the view currently shows, if any. */
  activeId: number | null;
  onOpen: (s: SavedSearch) => void;
  onDelete: (s: SavedSearch) => void;
};

/** Saved searches in the sidebar: reopen, copy as text, delete. */
export function SavedSearchList({ list, activeId, onOpen, onDelete }: Props) {
  const [confirm, setConfirm] = useState<SavedSearch | null>(null);
  const [copied, setCopied] = useState<number | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), 1500);
    return () => clearTimeout(t);
  }, [copied]);

  const copy = async (s: SavedSearch) => {
    try {
      await navigator.clipboard.writeText(s.text);
      setCopied(s.id);
    } catch {
      // No clipboard permission: the text is in the tooltip and opens in the search box.
    }
  };

  return (
    <SidebarSection id="saved" title="Saved searches" count={list.length ? String(list.length) : undefined}>
      <div className="saved-searches" data-testid="saved-searches">
      {list.length === 0 ? (
        <p className="sidebar-empty">None yet. Filter, then “Save search…” (live or a snapshot).</p>
      ) : (
        <ul className="source-list">
          {list.map((s) => (
            <li
              key={s.id}
              className={`source-item saved-item${s.id === activeId ? ' is-active' : ''}`}
              title={s.text}
              data-testid="saved-search"
              data-kind={s.kind}
            >
              <Icon name={s.kind === 'live' ? 'filter' : 'bookmark'} />
              <button type="button" className="source-label source-pick" onClick={() => onOpen(s)} data-testid="saved-open">
                {s.name}
              </button>
              <span className="source-count">{s.count === null ? '' : formatCount(s.count)}</span>
              <span className="source-meta">
                {s.kind === 'live' ? 'Live' : 'Snapshot'} · <span className="mono">{s.text}</span>
              </span>
              <span className="saved-actions">
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => void copy(s)}
                  aria-label={`Copy ${s.name} as text`}
                  title="Copy as text"
                  data-testid="saved-copy"
                >
                  <Icon name={copied === s.id ? 'check' : 'copy'} size={13} />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => setConfirm(s)}
                  aria-label={`Delete ${s.name}…`}
                  title="Delete…"
                  data-testid="saved-delete"
                >
                  <Icon name="trash" size={13} />
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {confirm && (
        <ConfirmDialog
          title={`Delete the saved search “${confirm.name}”?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            onDelete(confirm);
            setConfirm(null);
          }}
        >
          <p>The images stay in the cache; only the saved search goes.</p>
          <p className="dialog-note mono">{confirm.text}</p>
        </ConfirmDialog>
      )}
      </div>
    </SidebarSection>
  );
}
