import { useState } from 'react';
import type { Source } from '../../../shared/records';
import { formatCount, formatDate } from '../format';
import { ConfirmDialog } from './ConfirmDialog';
import { Icon, type IconName } from './Icon';

const KIND: Record<Source['kind'], { icon: IconName; label: string }> = {
  file: { icon: 'file', label: 'File' },
  folder: { icon: 'folder', label: 'Folder' },
  server: { icon: 'server', label: 'Server' },
  demo: { icon: 'demo', label: 'Demo' },
};

/** The last import's counts, only the parts that say something: "5 new · 1 skipped". */
export function runSummary(run: NonNullable<Source['last_run']>): string {
  const parts = [
    run.inserted > 0 && `${formatCount(run.inserted)} new`,
    run.updated > 0 && `${formatCount(run.updated)} updated`,
    run.unchanged > 0 && `${formatCount(run.unchanged)} unchanged`,
    run.skipped > 0 && `${formatCount(run.skipped)} skipped`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : `${formatCount(run.records)} records`;
}

function tooltip(s: Source): string {
  const lines = [s.uri];
  const r = s.last_run;
  if (r) {
    lines.push(
      `Last import ${r.started_at} → ${r.finished_at}`,
      `${r.records} records read: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped} skipped`,
    );
  }
  return lines.join('\n');
}

type Props = {
  sources: Source[];
  /** Starts removing a source (a job); called after the user confirmed. */
  onRemove: (source: Source) => void;
  /** Clicking a source filters the table to it (`source:`), when given. */
  onPick?: (source: Source, exclude: boolean) => void;
  /** Ids of sources the current filter selects, shown as selected. */
  active?: ReadonlySet<number>;
};

/** Where the cached images came from: kind, record count, last import; each removable. */
export function SourceList({ sources, onRemove, onPick, active }: Props) {
  const [confirm, setConfirm] = useState<Source | null>(null);
  if (sources.length === 0) {
    return (
      <p className="sidebar-empty">
        None yet. Imported files and folders, server syncs and demo data appear here.
      </p>
    );
  }
  return (
    <>
      <ul className="source-list" data-testid="source-list">
        {sources.map((s) => {
          const kind = KIND[s.kind];
          const when = s.last_run?.finished_at ?? s.last_import_at;
          return (
            <li
              key={s.id}
              className={`source-item${active?.has(s.id) ? ' is-active' : ''}`}
              title={tooltip(s)}
              data-testid="source-item"
              data-source-id={s.id}
            >
              <Icon name={kind.icon} />
              {onPick ? (
                <button
                  type="button"
                  className="source-label source-pick"
                  onClick={(e) => onPick(s, e.altKey)}
                  aria-pressed={active?.has(s.id) ?? false}
                  title={`Show only ${s.label} (Alt-click: everything else)`}
                >
                  {s.label}
                </button>
              ) : (
                <span className="source-label">{s.label}</span>
              )}
              <span className="source-count">{formatCount(s.image_count)}</span>
              <span className="source-meta" data-testid="source-meta">
                <span data-testid="source-kind">{kind.label}</span>
                {when && ` · ${formatDate(when)}`}
              </span>
              <button
                type="button"
                className="icon-button source-remove"
                onClick={() => setConfirm(s)}
                aria-label={`Remove ${s.label}…`}
                title="Remove this source and its records…"
                data-testid="source-remove"
              >
                <Icon name="trash" size={14} />
              </button>
              {s.last_run && (
                <span className="source-run" data-testid="source-run">
                  {runSummary(s.last_run)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {confirm && (
        <ConfirmDialog
          title={`Remove “${confirm.label}”?`}
          confirmLabel={`Remove ${formatCount(confirm.image_count)} ${confirm.image_count === 1 ? 'record' : 'records'}`}
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            onRemove(confirm);
            setConfirm(null);
          }}
        >
          <p>
            Its <strong>{formatCount(confirm.image_count)}</strong>{' '}
            {confirm.image_count === 1 ? 'record goes' : 'records go'} from the cache, with the
            source itself. {confirmNote(confirm)}
          </p>
          <p className="dialog-note mono" title={confirm.uri}>
            {confirm.uri}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function confirmNote(s: Source): string {
  switch (s.kind) {
    case 'file':
    case 'folder':
      return 'The files on disk are not touched; you can import them again.';
    case 'server':
      return 'Nothing changes on the server; a sync brings the records back.';
    case 'demo':
      return 'Demo data can be loaded again at any time.';
  }
}
