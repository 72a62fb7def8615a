import { useEffect } from 'react';
import { TILE_SIZES } from '../tile-layout';

export type ViewLayout = 'table' | 'grid';

type Props = {
  layout: ViewLayout;
  onLayout: (l: ViewLayout) => void;
  tileSize: number;
  onTileSize: (n: number) => void;
  /** How many records are selected in the grid (Space), shown so a selection is never hidden. */
  selectedCount: number;
  /** Starts the job that makes the thumbnails of the current view (null when there is no view). */
  onMakeThumbs: (() => void) | null;
};

/** True when a key press belongs to a text field, not to the window's shortcuts. */
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * Table or thumbnails, above the centre pane, and the tile-size slider when the grid shows.
 * The G key switches too, wherever the focus is but in a text field.
 */
export function ViewSwitch({ layout, onLayout, tileSize, onTileSize, selectedCount, onMakeThumbs }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'g' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
      e.preventDefault();
      onLayout(layout === 'table' ? 'grid' : 'table');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layout, onLayout]);
  return (
    <div className="view-switch" data-testid="view-switch">
      <div className="segmented" role="radiogroup" aria-label="Show records as">
        {(['table', 'grid'] as const).map((l) => (
          <button
            key={l}
            type="button"
            role="radio"
            aria-checked={layout === l}
            className={layout === l ? 'is-on' : ''}
            onClick={() => onLayout(l)}
            title={`${l === 'table' ? 'Table' : 'Thumbnails'} (G switches)`}
            data-testid={`view-${l}`}
          >
            {l === 'table' ? 'Table' : 'Thumbnails'}
          </button>
        ))}
      </div>
      {layout === 'grid' && (
        <>
          <label className="tile-size">
            <span>Size</span>
            <input
              type="range"
              min={TILE_SIZES.min}
              max={TILE_SIZES.max}
              step={TILE_SIZES.step}
              value={tileSize}
              onChange={(e) => onTileSize(Number(e.target.value))}
              data-testid="tile-size"
            />
          </label>
          {selectedCount > 0 && <span className="muted" data-testid="selected-count">{selectedCount} selected</span>}
          <span className="view-switch-gap" />
          <button
            type="button"
            className="button button-small"
            disabled={onMakeThumbs === null}
            onClick={() => onMakeThumbs?.()}
            title="Make and keep the thumbnails of every record in this view, to browse them offline"
            data-testid="make-thumbs"
          >
            Make thumbnails for this view
          </button>
        </>
      )}
    </div>
  );
}
