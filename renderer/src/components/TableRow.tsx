import { memo, type CSSProperties } from 'react';
import type { ImageRow } from '../../../shared/records';
import type { ColumnSpec } from '../../../shared/view-columns';
import { cellContent, chipsThatFit, middleEllipsis, placeholderWidth } from '../table-columns';

/** The table's columns as laid out: specs, widths and the left offset of each pinned one. */
export type ColumnGeometry = {
  specs: readonly ColumnSpec[];
  widths: readonly number[];
  /** Left offset of a pinned column, undefined for the others. */
  pinnedLeft: readonly (number | undefined)[];
};

type Props = {
  index: number;
  row: ImageRow | undefined;
  top: number;
  focused: boolean;
  onPick: (index: number) => void;
  geometry: ColumnGeometry;
};

/** Class and style of a cell: pinned cells stick to the left edge when the table scrolls sideways. */
export function cellFrame(g: ColumnGeometry, i: number): { pinned: string; style?: CSSProperties } {
  const left = g.pinnedLeft[i];
  if (left === undefined) return { pinned: '' };
  const edge = g.pinnedLeft[i + 1] === undefined ? ' is-pinned-edge' : '';
  return { pinned: ` is-pinned${edge}`, style: { left } };
}

/** One row of the virtual table, or a same-height placeholder while its page loads. */
export const TableRow = memo(function TableRow({ index, row, top, focused, onPick, geometry }: Props) {
  const style = { transform: `translateY(${top}px)` };
  const { specs, widths } = geometry;
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
        {specs.map((col, c) => {
          const f = cellFrame(geometry, c);
          return (
            <div key={col.id} className={`grid-cell align-${col.align}${f.pinned}`} style={f.style} role="gridcell">
              <span className="placeholder-bar" style={{ width: `${placeholderWidth(c, index)}%` }} />
            </div>
          );
        })}
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
      {specs.map((col, c) => {
        const f = cellFrame(geometry, c);
        const width = widths[c] ?? col.width;
        if (col.id === 'tags') {
          const shown = chipsThatFit(row.tags, width);
          const hidden = row.tags.length - shown;
          return (
            <div
              key={col.id}
              className={`grid-cell cell-tags${f.pinned}`}
              style={f.style}
              role="gridcell"
              data-col={col.id}
              title={row.tags.length ? row.tags.join(', ') : undefined}
            >
              {row.tags.slice(0, shown).map((t, i) => (
                <span key={`${t}-${i}`} className="chip">
                  {t}
                </span>
              ))}
              {hidden > 0 && (
                <span className="chip chip-more" data-testid="tags-more">
                  +{hidden}
                </span>
              )}
            </div>
          );
        }
        const { text, title } = cellContent(col, row);
        const shown = col.id === 'dataset' ? middleEllipsis(text, width) : text;
        return (
          <div
            key={col.id}
            className={`grid-cell align-${col.align} cell-${col.kind === 'table' ? col.id : col.kind}${f.pinned}`}
            style={f.style}
            role="gridcell"
            data-col={col.id}
            title={title ?? (text.length * 7 + 16 > width ? text : undefined)}
          >
            {shown === text ? (
              shown
            ) : (
              // A screen reader (and a test) reads the whole value, not the shortened one.
              <>
                <span aria-hidden="true">{shown}</span>
                <span className="visually-hidden">{text}</span>
              </>
            )}
          </div>
        );
      })}
    </div>
  );
});
