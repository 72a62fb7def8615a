/**
 * Geometry of a virtual list that may be taller than the browser can lay out.
 *
 * Chromium caps an element near 16.7M px; 10M rows of 26 px need 260M. Past `cap` the scroll
 * body is clamped to `cap` px and scrollTop maps proportionally onto the "virtual" offset (the
 * position the list would have if it were laid out in full). Below the cap the two are equal,
 * so ordinary lists scroll natively, pixel for pixel.
 */

/** Comfortably below Chromium's limit, and small enough that one scroll pixel stays precise. */
export const DEFAULT_SCROLL_CAP = 8_000_000;

export type Geometry = {
  rowCount: number;
  rowHeight: number;
  /** Height of the area rows are visible in (the scroller minus its sticky header). */
  viewport: number;
  /** The most pixels the scroll body may be tall. */
  cap: number;
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function naturalHeight(g: Geometry): number {
  return g.rowCount * g.rowHeight;
}

export function isScaled(g: Geometry): boolean {
  return naturalHeight(g) > g.cap;
}

/** Height to give the scroll body. */
export function bodyHeight(g: Geometry): number {
  return Math.min(naturalHeight(g), g.cap);
}

/** The largest virtual offset: the last row's bottom at the viewport's bottom. */
export function maxVirtual(g: Geometry): number {
  return Math.max(0, naturalHeight(g) - g.viewport);
}

export function maxScroll(g: Geometry): number {
  return Math.max(0, bodyHeight(g) - g.viewport);
}

/** scrollTop → virtual offset. */
export function scrollToVirtual(g: Geometry, scrollTop: number): number {
  if (!isScaled(g)) return clamp(scrollTop, 0, maxVirtual(g));
  const ms = maxScroll(g);
  return ms > 0 ? (clamp(scrollTop, 0, ms) / ms) * maxVirtual(g) : 0;
}

/** Virtual offset → scrollTop (the inverse of scrollToVirtual). */
export function virtualToScroll(g: Geometry, virtual: number): number {
  const v = clamp(virtual, 0, maxVirtual(g));
  if (!isScaled(g)) return v;
  const mv = maxVirtual(g);
  return mv > 0 ? (v / mv) * maxScroll(g) : 0;
}

export type VisibleRange = {
  /** First row (partly) in view. */
  first: number;
  /** One past the last row to render, overscan included. */
  end: number;
  /** First row to render, overscan included. */
  start: number;
  /** How far the first row is scrolled above the viewport's top, in px. */
  shift: number;
};

/** Rows to render for a virtual offset, with `overscan` extra rows on each side. */
export function visibleRange(g: Geometry, virtual: number, overscan: number): VisibleRange {
  if (g.rowCount === 0) return { first: 0, start: 0, end: 0, shift: 0 };
  const v = clamp(virtual, 0, maxVirtual(g));
  const first = Math.min(g.rowCount - 1, Math.floor(v / g.rowHeight));
  const inView = Math.ceil((g.viewport + (v - first * g.rowHeight)) / g.rowHeight);
  return {
    first,
    start: Math.max(0, first - overscan),
    end: Math.min(g.rowCount, first + inView + overscan),
    shift: v - first * g.rowHeight,
  };
}

/** The virtual offset that brings row `index` fully into view, moving as little as possible. */
export function revealRow(g: Geometry, virtual: number, index: number): number {
  const top = index * g.rowHeight;
  const bottom = top + g.rowHeight;
  if (top < virtual) return clamp(top, 0, maxVirtual(g));
  if (bottom > virtual + g.viewport) return clamp(bottom - g.viewport, 0, maxVirtual(g));
  return virtual;
}

/** How many whole rows fit in the viewport (for Page Up / Page Down). */
export function rowsPerPage(g: Geometry): number {
  return Math.max(1, Math.floor(g.viewport / g.rowHeight));
}
