import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCROLL_CAP,
  bodyHeight,
  isScaled,
  maxScroll,
  maxVirtual,
  revealRow,
  scrollToVirtual,
  virtualToScroll,
  visibleRange,
  type Geometry,
} from './virtual-scroll';

const ROW = 26;
const geo = (rowCount: number, viewport = 780, cap = DEFAULT_SCROLL_CAP): Geometry => ({
  rowCount,
  rowHeight: ROW,
  viewport,
  cap,
});

describe('virtual scroll geometry', () => {
  it('is native below the cap: scrollTop is the virtual offset', () => {
    const g = geo(20_000);
    expect(isScaled(g)).toBe(false);
    expect(bodyHeight(g)).toBe(20_000 * ROW);
    expect(scrollToVirtual(g, 1234)).toBe(1234);
    expect(virtualToScroll(g, 1234)).toBe(1234);
  });

  it('caps 10M rows below the browser limit and maps the ends exactly', () => {
    const g = geo(10_000_000);
    expect(isScaled(g)).toBe(true);
    expect(bodyHeight(g)).toBe(DEFAULT_SCROLL_CAP);
    expect(bodyHeight(g)).toBeLessThan(16_777_216);
    expect(scrollToVirtual(g, 0)).toBe(0);
    expect(scrollToVirtual(g, maxScroll(g))).toBe(maxVirtual(g));
    // The last row ends exactly at the viewport's bottom.
    const end = visibleRange(g, maxVirtual(g), 0);
    expect(end.end).toBe(10_000_000);
    expect((end.end - end.first) * ROW - end.shift).toBeGreaterThanOrEqual(g.viewport);
  });

  it('round-trips any virtual offset through scrollTop', () => {
    const g = geo(10_000_000);
    for (const v of [0, 1, 777, 123_456_789, maxVirtual(g) - 1, maxVirtual(g)]) {
      expect(scrollToVirtual(g, virtualToScroll(g, v))).toBeCloseTo(v, 3);
    }
  });

  it('lands mid-list from the middle of the scrollbar', () => {
    const g = geo(10_000_000);
    const r = visibleRange(g, scrollToVirtual(g, maxScroll(g) / 2), 5);
    expect(Math.abs(r.first - 5_000_000)).toBeLessThan(40);
    expect(r.start).toBe(r.first - 5);
    expect(r.end - r.first).toBeLessThanOrEqual(Math.ceil(g.viewport / ROW) + 1 + 5);
  });

  it('reveals a row by moving as little as possible', () => {
    const g = geo(1000, 260); // 10 rows in view
    expect(revealRow(g, 0, 5)).toBe(0);
    expect(revealRow(g, 0, 10)).toBe(11 * ROW - 260);
    expect(revealRow(g, 500, 3)).toBe(3 * ROW);
    expect(revealRow(g, 0, 999)).toBe(maxVirtual(g));
  });

  it('renders nothing for an empty list and clamps offsets past the end', () => {
    expect(visibleRange(geo(0), 100, 5)).toEqual({ first: 0, start: 0, end: 0, shift: 0 });
    const g = geo(10);
    expect(visibleRange(g, 1e9, 2).end).toBe(10);
  });
});
