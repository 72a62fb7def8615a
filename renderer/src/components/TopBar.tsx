import type { ReactNode } from 'react';
import { columnSpec } from '../../../shared/view-columns';
import type { Sort } from '../../../shared/query';
import { formatCount } from '../format';
import { ImportMenu, type ImportWhat } from './ImportMenu';

type Props = {
  /** The search box (SearchBar). */
  search: ReactNode;
  /** Some chip narrows the view: the count reads "N of M images". */
  filtered: boolean;
  /** Rows matching the current view; null before the first view opens. */
  matching: number | null;
  /** Images in the cache. */
  cached: number | null;
  searching: boolean;
  sort: Sort;
  disabled: boolean;
  onImport: (what: ImportWhat) => void;
  skipBad: boolean;
  onSkipBad: (on: boolean) => void;
  /** Opens the export dialog. */
  onExport?: () => void;
  /** Opens the column chooser. */
  onColumns?: () => void;
  /** Narrow windows: shows or hides the sidebar, which then opens over the table. */
  onToggleSidebar?: () => void;
  sidebarOpen?: boolean;
  /** Opens or closes the stats panel; `statsOpen` says which. */
  onStats?: () => void;
  statsOpen?: boolean;
};

/** Search box, result count, current sort, Export and the Import menu. */
export function TopBar({
  search,
  filtered: narrowed,
  matching,
  cached,
  searching,
  sort,
  disabled,
  onImport,
  skipBad,
  onSkipBad,
  onExport,
  onColumns,
  onToggleSidebar,
  sidebarOpen = false,
  onStats,
  statsOpen = false,
}: Props) {
  const sortLabel = columnSpec(sort.key)?.label ?? sort.key;
  const filtered = narrowed && matching !== null && cached !== null;
  return (
    <header className="topbar" aria-label="Search and actions">
      {onToggleSidebar && (
        <button
          type="button"
          className="icon-button sidebar-toggle"
          onClick={onToggleSidebar}
          aria-expanded={sidebarOpen}
          aria-controls="sidebar"
          aria-label={sidebarOpen ? 'Hide the sidebar' : 'Show the sidebar'}
          title="Sources, filters and saved searches"
          data-testid="sidebar-toggle"
        >
          <span aria-hidden="true">☰</span>
        </button>
      )}
      <h1 className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Loupe
      </h1>
      {search}
      <div
        className={`result-count${searching ? ' is-pending' : ''}`}
        aria-live="polite"
        data-testid="result-count"
      >
        {matching === null || disabled
          ? ''
          : filtered
            ? `${formatCount(matching)} of ${formatCount(cached)} images`
            : `${formatCount(matching)} ${matching === 1 ? 'image' : 'images'}`}
      </div>
      <div
        className="sort-indicator"
        data-testid="sort-indicator"
        title="Click a column header to sort"
      >
        {!disabled && (
          <>
            Sorted by <strong>{sortLabel}</strong> {sort.dir === 'asc' ? '↑' : '↓'}
            <span className="visually-hidden">
              {sort.dir === 'asc' ? 'ascending' : 'descending'}
            </span>
          </>
        )}
      </div>
      {onColumns && (
        <button
          type="button"
          className="button"
          onClick={onColumns}
          disabled={disabled}
          aria-haspopup="dialog"
          data-testid="topbar-columns"
          title="Choose, order and pin the table's columns"
        >
          Columns…
        </button>
      )}
      {onStats && (
        <button type="button" className="button" onClick={onStats} disabled={disabled} aria-pressed={statsOpen} data-testid="topbar-stats">
          Statistics
        </button>
      )}
      {onExport && (
        <button type="button" className="button" onClick={onExport} disabled={disabled} data-testid="topbar-export">
          Export…
        </button>
      )}
      <ImportMenu onImport={onImport} skipBad={skipBad} onSkipBad={onSkipBad} />
    </header>
  );
}
