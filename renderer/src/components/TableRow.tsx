import { memo } from 'react';
import { COLUMNS } from '../../../shared/columns';
import type { ImageRow } from '../../../shared/records';
import { cellText, placeholderWidth } from '../table-columns';

type Props = {
  index: number;
  row: ImageRow | undefined;
  top: number;
  focused: boolean;
  onPick: (index: number) => void;
};

/** One row of the virtual table, or a same-height placeholder while its page loads. */
export const TableRow = memo(function TableRow({ index, row, top, focused, onPick }: Props) {
  const style = { transform: `translateY(${top}px)` };
  if (!row) {
    return (
      <div
        className={`grid-row body-row is-placeholder${focused ? ' is-focused' : ''}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={focused}
        aria-busy="true"
        style={style}
        data-testid="image-row"
        data-index={index}
        data-placeholder="true"
      >
        {COLUMNS.map((col, c) => (
          <div key={col.key} className={`grid-cell align-${col.align}`} role="gridcell">
            <span className="placeholder-bar" style={{ width: `${placeholderWidth(c, index)}%` }} />
          </div>
        ))}
      </div>
    );
  }
  return (
    <div
      id={`image-row-${index}`}
      className={`grid-row body-row${focused ? ' is-focused' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={focused}
      style={style}
      data-testid="image-row"
      data-index={index}
      data-row-id={row.row_id}
      data-image-id={row.id}
      onMouseDown={(e) => {
        // Keep keyboard focus on the grid; the row itself is not a tab stop.
        if (e.button === 0) onPick(index);
      }}
    >
      {COLUMNS.map((col) => {
        if (col.key === 'tags') {
          return (
            <div
              key={col.key}
              className="grid-cell cell-tags"
              role="gridcell"
              title={row.tags.join(', ')}
            >
              {row.tags.map((t, i) => (
                <span key={`${t}-${i}`} className="chip">
                  {t}
                </span>
              ))}
            </div>
          );
        }
        const { text, title } = cellText(col, row);
        return (
          <div
            key={col.key}
            className={`grid-cell align-${col.align} cell-${col.key}`}
            role="gridcell"
            title={title}
          >
            {text}
          </div>
        );
      })}
    </div>
  );
});
