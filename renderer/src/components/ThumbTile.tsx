import { memo, useEffect, useRef } from 'react';
import type { ImageRow } from '../../../shared/records';
import { thumbSrc } from '../api';
import { formatBytes } from '../format';

type Props = {
  index: number;
  row: ImageRow | undefined;
  left: number;
  top: number;
  width: number;
  imageHeight: number;
  focused: boolean;
  selected: boolean;
  onPick: (index: number) => void;
};

/** A record's few fields under its tile: size in pixels, labels and bytes. */
function tileFields(row: ImageRow): string {
  const parts = [];
  if (row.width !== null && row.height !== null) parts.push(`${row.width}×${row.height}`);
  if (row.labels_count !== null) parts.push(`${row.labels_count} label${row.labels_count === 1 ? '' : 's'}`);
  if (row.size !== null) parts.push(formatBytes(row.size));
  return parts.join(' · ');
}

/**
 * A tile's image. When the tile leaves the screen its address is dropped first: a removed <img>
 * may keep loading until it is collected, while one without a source gives up its request at
 * once — and main then stops the server fetch or the decode behind it.
 */
function TileImage({ src }: { src: string }) {
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const img = ref.current;
    return () => img?.removeAttribute('src');
  }, []);
  return <img ref={ref} src={src} alt="" decoding="async" draggable={false} />;
}

/**
 * One tile: the thumbnail (or the placeholder main sends, which says why there are no pixels),
 * the name and a few fields; a grey box of the same size while the record loads.
 */
export const ThumbTile = memo(function ThumbTile({ index, row, left, top, width, imageHeight, focused, selected, onPick }: Props) {
  const style = { transform: `translate(${left}px, ${top}px)`, width };
  const cls = `tile${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}${row ? '' : ' is-placeholder'}`;
  return (
    <div
      id={`image-tile-${index}`}
      className={cls}
      role="gridcell"
      aria-selected={selected}
      style={style}
      data-testid="thumb-tile"
      data-index={index}
      data-row-id={row?.row_id}
      onMouseDown={(e) => {
        if (e.button === 0) onPick(index);
      }}
    >
      <div className="tile-image" style={{ height: imageHeight }}>
        {row && <TileImage src={thumbSrc(row.row_id)} />}
      </div>
      <div className="tile-name" title={row?.name}>
        {row?.name ?? ' '}
      </div>
      <div className="tile-fields">{row ? tileFields(row) : ' '}</div>
    </div>
  );
});
