import { describe, expect, it } from 'vitest';
import { tileLayout, tileStep, TILE_GAP } from './tile-layout';

describe('tile layout', () => {
  it('fits as many columns as the width allows and stretches tiles to fill it', () => {
    const l = tileLayout(1000, 160, 1_000_000);
    expect(l.columns).toBe(5);
    expect(l.columns * (l.tileWidth + TILE_GAP) + TILE_GAP).toBeLessThanOrEqual(1000);
    expect(l.tileWidth).toBeGreaterThanOrEqual(160);
    expect(l.rows).toBe(200_000);
  });

  it('keeps one column in a window narrower than a tile', () => {
    expect(tileLayout(50, 160, 3)).toMatchObject({ columns: 1, rows: 3 });
  });

  it('moves by one across and by a row up and down, never past either end', () => {
    expect(tileStep(7, 'ArrowRight', 5, 20)).toBe(8);
    expect(tileStep(7, 'ArrowDown', 5, 20)).toBe(12);
    expect(tileStep(17, 'ArrowDown', 5, 20)).toBe(19);
    expect(tileStep(2, 'ArrowUp', 5, 20)).toBe(0);
    expect(tileStep(2, 'Tab', 5, 20)).toBeNull();
  });
});
