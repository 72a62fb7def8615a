import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DEFAULT_SCROLL_CAP, maxVirtual, revealRow, rowsPerPage, scrollToVirtual, virtualToScroll, visibleRange, type Geometry } from '../virtual-scroll';
import { tileLayout, tileStep, TILE_GAP } from '../tile-layout';
import type { ViewPager, ViewSnapshot } from '../view-pager';
import { useElementSize, usePick } from '../use-scroller';
import { ThumbTile } from './ThumbTile';

/** Rows of tiles kept above and below the viewport: scrolling a little never shows blanks. */
const OVERSCAN_ROWS = 1;

type Props = {
  pager: ViewPager;
  snapshot: ViewSnapshot;
  focused: number;
  onFocusRow: (index: number) => void;
  onOpen: (index: number) => void;
  onClose: () => void;
  resetKey: unknown;
  tileSize: number;
  selected: ReadonlySet<number>;
  onToggleSelect: (rowId: number) => void;
};

/**
 * The records of the view as thumbnail tiles, in the view's order. Virtual like the table: only
 * the rows of tiles in view (and one more each side) exist, so only their thumbnails are asked
 * for, and a tile scrolled away drops its request with its image element.
 */
export function ThumbGrid(props: Props) {
  const { pager, snapshot, focused, onFocusRow, onOpen, onClose, resetKey, tileSize, selected, onToggleSelect } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const size = useElementSize(scroller);
  const [scroll, setScroll] = useState({ top: 0, virtual: 0 });
  const virtual = scroll.virtual;
  const total = snapshot.total;
  const layout = tileLayout(size.width, tileSize, total);
  const g: Geometry = { rowCount: layout.rows, rowHeight: layout.rowHeight, viewport: size.height, cap: DEFAULT_SCROLL_CAP };
  const live = useRef(g);
  useLayoutEffect(() => {
    live.current = g;
  });

  useEffect(() => {
    scroller.current?.focus({ preventScroll: true });
  }, []);

  const goTo = useCallback((v: number) => {
    const el = scroller.current;
    if (!el) return;
    const clamped = Math.min(Math.max(0, v), maxVirtual(live.current));
    el.scrollTop = virtualToScroll(live.current, clamped);
    setScroll({ top: el.scrollTop, virtual: clamped });
  }, []);

  useLayoutEffect(() => {
    goTo(0);
  }, [goTo, resetKey]);

  const range = visibleRange(g, virtual, OVERSCAN_ROWS);
  const startIndex = range.start * layout.columns;
  const endIndex = Math.min(total, range.end * layout.columns);
  useEffect(() => {
    if (endIndex > startIndex) pager.want(startIndex, endIndex);
  }, [pager, startIndex, endIndex, snapshot.status]);

  const moveTo = (index: number) => {
    onFocusRow(index);
    goTo(revealRow(g, virtual, Math.floor(index / layout.columns)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey || total === 0) return;
    const step = tileStep(focused, e.key, layout.columns, total);
    const page = rowsPerPage(g) * layout.columns;
    if (step !== null) moveTo(step);
    else if (e.key === 'PageDown') moveTo(Math.min(total - 1, focused + page));
    else if (e.key === 'PageUp') moveTo(Math.max(0, focused - page));
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(total - 1);
    else if (e.key === 'Enter') onOpen(focused);
    else if (e.key === 'Escape') onClose();
    else if (e.key === ' ') {
      const row = pager.rowAt(focused);
      if (row) onToggleSelect(row.row_id);
    } else return;
    e.preventDefault();
  };

  const pick = usePick(scroller, onFocusRow, onOpen);

  // Container coordinate of the first row in view (equal to its natural top below the cap).
  const layerTop = scroll.top - range.shift;
  const tiles = [];
  for (let i = startIndex; i < endIndex; i++) {
    const r = Math.floor(i / layout.columns);
    const c = i % layout.columns;
    const row = pager.rowAt(i);
    tiles.push(
      <ThumbTile
        key={i}
        index={i}
        row={row}
        left={TILE_GAP + c * (layout.tileWidth + TILE_GAP)}
        top={layerTop + (r - range.first) * layout.rowHeight + TILE_GAP}
        width={layout.tileWidth}
        imageHeight={layout.imageHeight}
        focused={i === focused}
        selected={row !== undefined && selected.has(row.row_id)}
        onPick={pick}
      />,
    );
  }
  return (
    <div
      ref={scroller}
      className="tile-scroller"
      role="grid"
      aria-label="Images as thumbnails"
      aria-rowcount={layout.rows}
      aria-colcount={layout.columns}
      aria-busy={snapshot.status === 'opening'}
      aria-activedescendant={focused >= startIndex && focused < endIndex ? `image-tile-${focused}` : undefined}
      tabIndex={0}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setScroll({ top, virtual: scrollToVirtual(live.current, top) });
      }}
      onKeyDown={onKeyDown}
      data-testid="thumb-grid"
      data-columns={layout.columns}
    >
      <div className="tile-body" style={{ height: Math.min(layout.rows * layout.rowHeight, g.cap) + TILE_GAP }}>
        {tiles}
      </div>
    </div>
  );
}
