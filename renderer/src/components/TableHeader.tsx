import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Sort } from '../../../shared/query';
import { cellFrame, type ColumnGeometry } from './TableRow';

/** What the header does with a column beyond sorting. */
export type HeaderActions = {
  onSort: (key: Sort['key']) => void;
  /** Drops column `id` at position `to`. */
  onMove: (id: string, to: number) => void;
  onResize: (id: string, width: number) => void;
  /** Double-click on the edge: as wide as the longest value in view. */
  onFit: (id: string) => void;
  /** Right-click (or the context-menu key) on a header. */
  onMenu: (id: string, x: number, y: number) => void;
};

type Props = HeaderActions & { sort: Sort; geometry: ColumnGeometry };

const DRAG_TYPE = 'text/x-loupe-column';

/**
 * The sticky header row: sortable columns are buttons (aria-sort says the order); a header is
 * dragged to reorder, its right edge dragged to resize or double-clicked to fit.
 */
export function TableHeader({ sort, geometry, onSort, onMove, onResize, onFit, onMenu }: Props) {
  const [dropAt, setDropAt] = useState<number | null>(null);
  const resizing = useRef<{ id: string; x: number; width: number } | null>(null);

  const startResize = (e: ReactPointerEvent<HTMLSpanElement>, id: string, width: number) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    resizing.current = { id, x: e.clientX, width };
  };
  const moveResize = (e: ReactPointerEvent<HTMLSpanElement>) => {
    const r = resizing.current;
    if (r) onResize(r.id, r.width + e.clientX - r.x);
  };
  const endResize = () => {
    resizing.current = null;
  };

  return (
    <div className="grid-header" role="rowgroup">
      <div className="grid-row grid-header-row" role="row" aria-rowindex={1}>
        {geometry.specs.map((col, i) => {
          const active = sort.key === col.id;
          const ariaSort = !col.sortable ? undefined : active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
          const f = cellFrame(geometry, i);
          const width = geometry.widths[i] ?? col.width;
          const label = (
            <span className="header-label-box">
              <span className="header-label">{col.label}</span>
              <span className="sort-arrow" aria-hidden="true">
                {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
              </span>
            </span>
          );
          return (
            <div
              key={col.id}
              className={`grid-cell header-cell align-${col.align}${f.pinned}${dropAt === i ? ' is-drop-target' : ''}`}
              style={f.style}
              role="columnheader"
              aria-sort={ariaSort}
              data-testid={`col-${col.id}`}
              data-col={col.id}
              onContextMenu={(e) => {
                e.preventDefault();
                onMenu(col.id, e.clientX, e.clientY);
              }}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setDropAt(i);
              }}
              onDragLeave={() => setDropAt((d) => (d === i ? null : d))}
              onDrop={(e) => {
                const id = e.dataTransfer.getData(DRAG_TYPE);
                setDropAt(null);
                if (id) {
                  e.preventDefault();
                  onMove(id, i);
                }
              }}
            >
              <div
                className="header-drag"
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_TYPE, col.id);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onDragEnd={() => setDropAt(null)}
              >
                {col.sortable ? (
                  <button
                    type="button"
                    className={`header-button${active ? ' is-active' : ''}`}
                    onClick={() => onSort(col.id)}
                    title={`Sort by ${col.label}`}
                  >
                    {label}
                  </button>
                ) : (
                  <span className="header-static" title={col.label}>
                    {label}
                  </span>
                )}
              </div>
              <span
                className="col-resizer"
                role="separator"
                aria-orientation="vertical"
                aria-label={`Resize ${col.label}`}
                aria-valuenow={width}
                data-testid={`resize-${col.id}`}
                onPointerDown={(e) => startResize(e, col.id, width)}
                onPointerMove={moveResize}
                onPointerUp={endResize}
                onPointerCancel={endResize}
                onDoubleClick={() => onFit(col.id)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
