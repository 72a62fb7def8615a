import { COLUMNS } from '../../../shared/columns';
import type { Sort } from '../../../shared/query';

type Props = {
  sort: Sort;
  onSort: (key: Sort['key']) => void;
};

/** The sticky header row: sortable columns are buttons; aria-sort says the current order. */
export function TableHeader({ sort, onSort }: Props) {
  return (
    <div className="grid-header" role="rowgroup">
      <div className="grid-row grid-header-row" role="row" aria-rowindex={1}>
        {COLUMNS.map((col) => {
          const sortable = col.sortSql !== null;
          const active = sort.key === col.key;
          const ariaSort = !sortable
            ? undefined
            : active
              ? sort.dir === 'asc'
                ? 'ascending'
                : 'descending'
              : 'none';
          return (
            <div
              key={col.key}
              className={`grid-cell header-cell align-${col.align}`}
              role="columnheader"
              aria-sort={ariaSort}
              data-testid={`col-${col.key}`}
            >
              {sortable ? (
                <button
                  type="button"
                  className={`header-button${active ? ' is-active' : ''}`}
                  onClick={() => onSort(col.key)}
                  title={`Sort by ${col.label}`}
                >
                  <span className="header-label-box">
                    <span className="header-label">{col.label}</span>
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </span>
                </button>
              ) : (
                <span className="header-label">{col.label}</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
