import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { Sort } from '../../../shared/query';
import { fitWidths, specOf, MAX_WIDTH } from '../column-layout';
import { HEADER_HEIGHT, ROW_HEIGHT, chipWidth } from '../table-columns';
import type { ColumnLayoutState } from '../use-column-layout';
import type { ViewPager, ViewSnapshot } from '../view-pager';
import { useElementSize, usePick } from '../use-scroller';
import {
  DEFAULT_SCROLL_CAP,
  isScaled,
  maxVirtual,
  revealRow,
  rowsPerPage,
  scrollToVirtual,
  virtualToScroll,
  visibleRange,
  type Geometry,
} from '../virtual-scroll';
import { ColumnMenu } from './ColumnMenu';
import { TableHeader } from './TableHeader';
import { TableRow, type ColumnGeometry } from './TableRow';

const OVERSCAN = 10;

declare global {
  interface Window {
    /** Test hook: a lower scroll-height cap, so browser tests exercise the scaled scrollbar. */
    __LOUPE_SCROLL_CAP__?: number;
  }
}

function scrollCap(): number {
  const v = window.__LOUPE_SCROLL_CAP__;
  return typeof v === 'number' && v > 1000 ? v : DEFAULT_SCROLL_CAP;
}

type Props = {
  pager: ViewPager;
  snapshot: ViewSnapshot;
  sort: Sort;
  onSort: (key: Sort['key']) => void;
  focused: number;
  onFocusRow: (index: number) => void;
  onOpen: (index: number) => void;
  onClose: () => void;
  /** Changes when a new query is opened: the table scrolls back to the top. */
  resetKey: unknown;
  columns: ColumnLayoutState;
  /** Meta keys whose values are numbers (their columns align right). */
  numericMeta: ReadonlySet<string>;
  onChooseColumns: () => void;
};

/**
 * The virtual table. Only the rows in view (plus overscan) exist in the DOM; they sit in a body
 * whose height is the list's, capped so 10M rows still fit a browser's layout limits (see
 * virtual-scroll.ts). Past the cap, wheel scrolling is applied in list pixels so one notch moves
 * a few rows, while the scrollbar thumb maps proportionally.
 */
export function ImageTable(props: Props) {
  const { pager, snapshot, sort, onSort, focused, onFocusRow, onOpen, onClose, resetKey, columns, numericMeta } = props;
  const { layout } = columns;
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const size = useElementSize(scroller);
  const [scroll, setScroll] = useState({ top: 0, virtual: 0 });
  // Set by programmatic scrolls, whose virtual offset is exact rather than derived from
  // a rounded scrollTop; cleared by any scroll the user makes.
  const pin = useRef<{ top: number; virtual: number } | null>(null);

  const total = snapshot.total;
  const g: Geometry = {
    rowCount: total,
    rowHeight: ROW_HEIGHT,
    viewport: Math.max(0, size.height - HEADER_HEIGHT),
    cap: scrollCap(),
  };
  const live = useRef({ g, scroll });
  useLayoutEffect(() => {
    live.current = { g, scroll };
  });

  // Like a mail client's message list, the table takes the keyboard when it first appears,
  // unless the user is already somewhere else (typing a search, say).
  useEffect(() => {
    if (document.activeElement === document.body) scroller.current?.focus({ preventScroll: true });
  }, []);

  /** Scrolls so the list's virtual offset is `virtual` (clamped). */
  const goTo = useCallback((virtual: number) => {
    const el = scroller.current;
    if (!el) return;
    const geo = live.current.g;
    const v = Math.min(Math.max(0, virtual), maxVirtual(geo));
    el.scrollTop = virtualToScroll(geo, v);
    const top = el.scrollTop;
    pin.current = { top, virtual: v };
    // Several wheel events can arrive before the next render: let each see the last offset.
    live.current = { ...live.current, scroll: { top, virtual: v } };
    setScroll({ top, virtual: v });
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    const p = pin.current;
    if (p && Math.abs(p.top - top) < 1) {
      setScroll({ top, virtual: p.virtual });
      return;
    }
    pin.current = null;
    setScroll({ top, virtual: scrollToVirtual(live.current.g, top) });
  };

  // When the row count or viewport changes, keep the same rows in view.
  useLayoutEffect(() => {
    goTo(live.current.scroll.virtual);
  }, [goTo, total, g.viewport]);

  useLayoutEffect(() => {
    goTo(0);
  }, [goTo, resetKey]);

  // Past the cap a native wheel step would skip hundreds of rows: scroll in list pixels instead.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const geo = live.current.g;
      if (!isScaled(geo) || e.ctrlKey) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? geo.viewport : 1;
      const dy = e.shiftKey ? 0 : e.deltaY * unit;
      const dx = (e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX) * unit;
      if (dx) el.scrollLeft += dx;
      if (dy) goTo(live.current.scroll.virtual + dy);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [goTo]);

  const range = visibleRange(g, scroll.virtual, OVERSCAN);
  useEffect(() => {
    pager.want(range.start, range.end);
  }, [pager, range.start, range.end, snapshot.status]);

  const moveTo = (index: number) => {
    if (total === 0) return;
    const i = Math.min(Math.max(0, index), total - 1);
    onFocusRow(i);
    goTo(revealRow(g, scroll.virtual, i));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        moveTo(focused + 1);
        break;
      case 'ArrowUp':
      case 'k':
        moveTo(focused - 1);
        break;
      case 'PageDown':
        moveTo(focused + rowsPerPage(g));
        break;
      case 'PageUp':
        moveTo(focused - rowsPerPage(g));
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(total - 1);
        break;
      case 'Enter':
        if (total > 0) onOpen(focused);
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const pick = usePick(scroller, onFocusRow, onOpen);

  const specs = layout.columns.map((id) => specOf(id, numericMeta));
  const widths = fitWidths(specs, layout.widths, size.width);
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const pinnedLeft: (number | undefined)[] = [];
  for (let i = 0, left = 0; i < specs.length; left += widths[i] ?? 0, i++) pinnedLeft.push(i < layout.pinned ? left : undefined);
  const geometry: ColumnGeometry = { specs, widths, pinnedLeft };

  /** A column as wide as its longest value among the rows in view (and its header). */
  const fitColumn = (id: string) => {
    const el = scroller.current;
    if (!el) return;
    let widest = 0;
    for (const cell of el.querySelectorAll<HTMLElement>(`[data-col="${CSS.escape(id)}"]`)) {
      const label = cell.querySelector<HTMLElement>('.header-label');
      // Cells may show a shortened value (a path cut in the middle): their title holds it whole.
      widest = Math.max(widest, label ? label.scrollWidth + 30 : fullWidth(cell));
    }
    if (widest > 0) columns.resize(id, Math.min(MAX_WIDTH, Math.ceil(widest)));
  };

  const bodyHeight = Math.min(total * ROW_HEIGHT, g.cap);
  // Body coordinate of the first row in view: equal to first * ROW_HEIGHT when not scaled.
  const layerTop = scroll.top - range.shift;
  const rows = [];
  for (let i = range.start; i < range.end; i++) {
    rows.push(
      <TableRow
        key={i}
        index={i}
        row={pager.rowAt(i)}
        top={layerTop + (i - range.first) * ROW_HEIGHT}
        focused={i === focused}
        onPick={pick}
        geometry={geometry}
      />,
    );
  }
  const activeRendered = focused >= range.start && focused < range.end && pager.rowAt(focused);

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label="Images"
      aria-rowcount={total + 1}
      aria-colcount={specs.length}
      aria-busy={snapshot.status === 'opening'}
      aria-activedescendant={activeRendered ? `image-row-${focused}` : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="image-grid"
      data-scaled={isScaled(g) ? 'true' : 'false'}
      style={{ ['--grid-cols' as string]: widths.map((w) => `${w}px`).join(' ') }}
    >
      <div style={{ width: totalWidth }}>
        <TableHeader
          sort={sort}
          geometry={geometry}
          onSort={onSort}
          onMove={columns.move}
          onResize={columns.resize}
          onFit={fitColumn}
          onMenu={(id, x, y) => setMenu({ id, x, y })}
        />
        <div
          className="grid-body"
          role="rowgroup"
          style={{ height: bodyHeight, width: totalWidth }}
        >
          {rows}
        </div>
      </div>
      {menu && (
        <ColumnMenu
          {...menu}
          spec={specOf(menu.id, numericMeta)}
          pinned={layout.columns.indexOf(menu.id) < layout.pinned}
          canHide={layout.columns.length > 1}
          sort={sort}
          onSort={onSort}
          columns={columns}
          onFit={() => fitColumn(menu.id)}
          onChoose={props.onChooseColumns}
          onClose={() => {
            setMenu(null);
            scroller.current?.focus({ preventScroll: true });
          }}
        />
      )}
    </div>
  );
}

let measure: CanvasRenderingContext2D | null = null;

/** The width a cell needs to show its whole value: text in the cell's font, or every tag chip. */
function fullWidth(cell: HTMLElement): number {
  const full = cell.getAttribute('title') ?? cell.textContent ?? '';
  if (cell.classList.contains('cell-tags')) {
    return full ? full.split(', ').reduce((a, t) => a + chipWidth(t) + 4, 16) : 0;
  }
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return cell.scrollWidth;
  measure.font = getComputedStyle(cell).font;
  return measure.measureText(full).width + 20;
}
