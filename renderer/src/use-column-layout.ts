import { useCallback, useEffect, useState } from 'react';
import {
  DEFAULT_LAYOUT,
  moveColumn,
  parseLayout,
  serializeLayout,
  setPinned,
  setWidth,
  toggleColumn,
  type TableLayout,
} from './column-layout';

/** Where the window keeps its column layout between starts. */
const STORAGE_KEY = 'loupe.table-layout';

export type ColumnLayoutState = {
  layout: TableLayout;
  toggle: (id: string) => void;
  move: (id: string, to: number) => void;
  pin: (id: string, pinned: boolean) => void;
  resize: (id: string, width: number) => void;
  /** Forgets the widths set by hand: every column fits the window again. */
  fitToWindow: () => void;
  /** Back to the default columns, widths and pins. */
  reset: () => void;
  /** Takes a layout from a saved search. */
  restore: (stored: unknown) => void;
};

function load(): TableLayout {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    return (raw && parseLayout(JSON.parse(raw))) || DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

/** The table's column layout, saved in the window's local storage and restored at start. */
export function useColumnLayout(): ColumnLayoutState {
  const [layout, setLayout] = useState<TableLayout>(load);
  useEffect(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(serializeLayout(layout)));
    } catch {
      // Storage full or blocked: the layout still holds for this session.
    }
  }, [layout]);
  const toggle = useCallback((id: string) => setLayout((l) => toggleColumn(l, id)), []);
  const move = useCallback((id: string, to: number) => setLayout((l) => moveColumn(l, id, to)), []);
  const pin = useCallback((id: string, p: boolean) => setLayout((l) => setPinned(l, id, p)), []);
  const resize = useCallback((id: string, w: number) => setLayout((l) => setWidth(l, id, w)), []);
  const fitToWindow = useCallback(() => setLayout((l) => ({ ...l, widths: {} })), []);
  const reset = useCallback(() => setLayout(DEFAULT_LAYOUT), []);
  const restore = useCallback((stored: unknown) => {
    const l = parseLayout(stored);
    if (l) setLayout(l);
  }, []);
  return { layout, toggle, move, pin, resize, fitToWindow, reset, restore };
}
