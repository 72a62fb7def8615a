import type { Source } from '../../../shared/records';
import { formatCount, formatDate } from '../format';
import { Icon, type IconName } from './Icon';

const KIND_ICON: Record<Source['kind'], IconName> = {
  file: 'file',
  folder: 'folder',
  server: 'server',
  demo: 'demo',
};

/** Where the cached images came from, with how many each holds. */
export function Sidebar({ sources, total }: { sources: Source[]; total: number | null }) {
  return (
    <nav className="sidebar" aria-label="Sources" data-testid="sidebar">
      <h2 className="sidebar-heading">Library</h2>
      <ul className="source-list">
        <li className="source-item is-all">
          <Icon name="images" />
          <span className="source-label">All images</span>
          <span className="source-count">{total === null ? '' : formatCount(total)}</span>
        </li>
      </ul>
      <h2 className="sidebar-heading">Sources</h2>
      {sources.length === 0 ? (
        <p className="sidebar-empty">None yet. Imported files and demo data appear here.</p>
      ) : (
        <ul className="source-list" data-testid="source-list">
          {sources.map((s) => (
            <li key={s.id} className="source-item" title={s.uri} data-testid="source-item">
              <Icon name={KIND_ICON[s.kind]} />
              <span className="source-label">{s.label}</span>
              <span className="source-count">{formatCount(s.image_count)}</span>
              <span className="source-meta">
                {s.last_import_at ? `Imported ${formatDate(s.last_import_at)}` : s.kind}
              </span>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
