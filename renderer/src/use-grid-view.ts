import { useCallback, useState } from 'react';
import { asAppError, call } from './api';
import type { AppError } from '../../shared/errors';
import type { Query } from '../../shared/query';
import { TILE_SIZES } from './tile-layout';
import type { ViewLayout } from './components/ViewSwitch';

/**
 * The centre pane's presentation: table or grid, the tile size, and the records selected with
 * Space (a new query starts a new selection, as it starts at its first row).
 */
export function useGridView(query: Query, onError: (title: string, err: AppError) => void) {
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
  // Progress, ETA and cancel show in the status bar like every job's.
  const makeThumbs = useCallback(() => {
    call('thumbs:make', { query }).catch((err: unknown) => onError('Thumbnails could not be started', asAppError(err)));
  }, [query, onError]);
  return { layout, setLayout, tileSize, setTileSize, selected, toggleSelect, makeThumbs };
}
