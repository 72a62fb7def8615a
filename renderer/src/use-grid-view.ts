import { useCallback, useState } from 'react';
import type { Query } from '../../shared/query';
import { TILE_SIZES } from './tile-layout';
import type { ViewLayout } from './components/ViewSwitch';

/**
 * The centre pane's presentation: table or grid, the tile size, and the records selected with
 * Space (a new query starts a new selection, as it starts at its first row).
 */
export function useGridView(query: Query) {
  const [layout, setLayout] = useState<ViewLayout>('table');
  const [tileSize, setTileSize] = useState<number>(TILE_SIZES.default);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [selectedFor, setSelectedFor] = useState(query);
  if (selectedFor !== query) {
    setSelectedFor(query);
    setSelected(new Set());
  }
  const toggleSelect = useCallback((rowId: number) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(rowId)) next.add(rowId);
      return next;
    });
  }, []);
  return { layout, setLayout, tileSize, setTileSize, selected, toggleSelect };
}
