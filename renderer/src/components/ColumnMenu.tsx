import { useEffect, useRef } from 'react';
import type { Sort } from '../../../shared/query';
import type { ColumnSpec } from '../../../shared/view-columns';
import type { ColumnLayoutState } from '../use-column-layout';

type Props = {
  id: string;
  x: number;
  y: number;
  spec: ColumnSpec;
  pinned: boolean;
  canHide: boolean;
  sort: Sort;
  onSort: (key: Sort['key']) => void;
  columns: ColumnLayoutState;
  onFit: () => void;
  onChoose: () => void;
  onClose: () => void;
};

/** A header's context menu: sort, pin, fit, hide, and the way to the column chooser. */
export function ColumnMenu({ id, x, y, spec, pinned, canHide, sort, onSort, columns, onFit, onChoose, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  const item = (label: string, run: () => void, testId: string) => (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      data-testid={`column-menu-${testId}`}
      onClick={() => {
        run();
        onClose();
      }}
    >
      {label}
    </button>
  );
  const sorted = sort.key === id;
  return (
    <div
      ref={ref}
      className="column-menu"
      role="menu"
      aria-label={`Column ${spec.label}`}
      style={{ left: Math.min(x, window.innerWidth - 230), top: Math.min(y, window.innerHeight - 240) }}
      data-testid="column-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
          const at = items.indexOf(document.activeElement as HTMLButtonElement);
          items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        }
      }}
    >
      {spec.sortable &&
        item(sorted ? (sort.dir === 'asc' ? 'Sort descending' : 'Sort ascending') : `Sort by ${spec.label}`, () => onSort(id), 'sort')}
      {item(pinned ? 'Unpin' : 'Pin to the left', () => columns.pin(id, !pinned), pinned ? 'unpin' : 'pin')}
      {item('Fit to contents', onFit, 'fit')}
      {canHide && item('Hide column', () => columns.toggle(id), 'hide')}
      <div className="menu-separator" role="separator" />
      {item('Fit all columns to the window', columns.fitToWindow, 'fit-window')}
      {item('Choose columns…', onChoose, 'choose')}
    </div>
  );
}
