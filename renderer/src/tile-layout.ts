/** Where the thumbnail grid puts its tiles: pure arithmetic, so it can be tested alone. */

/** The tile-size slider's range and default, in CSS pixels of tile width. */
export const TILE_SIZES = { min: 96, max: 320, step: 16, default: 160 } as const;

/** Space between tiles and around the grid. */
export const TILE_GAP = 8;

/** Two caption lines under each image: the name and a few fields. */
export const CAPTION_HEIGHT = 38;

export type TileLayout = {
  columns: number;
  /** Width of a tile, stretched so the columns fill the width. */
  tileWidth: number;
  /** Height of the image box (4:3 of the tile width). */
  imageHeight: number;
  /** Pitch of one row of tiles, gap included. */
  rowHeight: number;
  /** Rows of tiles the records need. */
  rows: number;
};

/** Columns that fit `width` at the chosen size, and the row pitch they give. */
export function tileLayout(width: number, tileSize: number, total: number): TileLayout {
  const inner = Math.max(0, width - TILE_GAP);
  const columns = Math.max(1, Math.floor(inner / (tileSize + TILE_GAP)));
  const tileWidth = Math.max(1, Math.floor(inner / columns) - TILE_GAP);
  const imageHeight = Math.round((tileWidth * 3) / 4);
  return { columns, tileWidth, imageHeight, rowHeight: imageHeight + CAPTION_HEIGHT + TILE_GAP, rows: Math.ceil(total / columns) };
}

/** The record index an arrow key leads to from `index`, kept inside 0..total-1. */
export function tileStep(index: number, key: string, columns: number, total: number): number | null {
  const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[key];
  if (delta === undefined || total === 0) return null;
  return Math.min(total - 1, Math.max(0, index + delta));
}
