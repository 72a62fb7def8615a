import { columnByKey } from '../../../shared/columns';
import type { Sort } from '../../../shared/query';
import { formatCount } from '../format';
import { Icon } from './Icon';
import { ImportMenu, type ImportWhat } from './ImportMenu';

type Props = {
  text: string;
  onText: (text: string) => void;
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
  /** Opens the export dialog (issue 5). */
  onExport?: () => void;
};

/** Search box, result count, current sort, Export and the Import menu. */
export function TopBar({
  text,
  onText,
  matching,
  cached,
  searching,
  sort,
  disabled,
  onImport,
  skipBad,
  onSkipBad,
  onExport,
}: Props) {
  const sortLabel = columnByKey(sort.key)?.label ?? sort.key;
  const filtered = text.trim() !== '' && matching !== null && cached !== null;
  return (
    <header className="topbar">
      <div className="brand" aria-label="Loupe">
        <span className="brand-mark" aria-hidden="true" />
        Loupe
      </div>
      <div className="search">
        <Icon name="search" />
        <input
          type="search"
          placeholder="Search images"
          aria-label="Search images"
          value={text}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && text) {
              e.preventDefault();
              onText('');
            }
          }}
          disabled={disabled}
          spellCheck={false}
          data-testid="search"
        />
      </div>
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
      {onExport && (
        <button type="button" className="button" onClick={onExport} disabled={disabled} data-testid="topbar-export">
          Export…
        </button>
      )}
      <ImportMenu onImport={onImport} skipBad={skipBad} onSkipBad={onSkipBad} />
    </header>
  );
}
