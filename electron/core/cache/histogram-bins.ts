import { HISTOGRAMS, histogramField, type Histogram, type HistogramBin, type HistogramId } from '../../../shared/stats';

/**
 * How a histogram's bins are laid out and filled, whoever counted the values: SQLite
 * (histograms.ts) or the facet store in memory (facet-store.ts). Numbers go in about
 * TARGET_BINS bins of a "nice" width (1, 2 or 5 × 10^k; whole numbers for integer fields);
 * dates by day, week (from Monday) or month by the span of the values.
 */

const TARGET_BINS = 20;
/** Spans up to this many days are binned by day; up to WEEK_DAYS by week; longer, by month. */
const DAY_DAYS = 62;
const WEEK_DAYS = 2 * 366;

export const DATE_UNITS = ['day', 'week', 'month'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

/** A "nice" bin width for the range: 1, 2 or 5 × 10^k, whole for integer values. */
export function niceStep(range: number, integer: boolean): number {
  if (!(range > 0)) return 1;
  const raw = range / TARGET_BINS;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  return integer ? Math.max(1, Math.ceil(step)) : step;
}

/** The calendar unit for dates from `min` to `max`. */
export function dateUnit(min: string, max: string): DateUnit {
  const days = (Date.parse(max.slice(0, 10)) - Date.parse(min.slice(0, 10))) / 86_400_000;
  if (!(days <= WEEK_DAYS)) return 'month';
  return days <= DAY_DAYS ? 'day' : 'week';
}

function nextDate(day: string, unit: DateUnit): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Bin edges without binary noise (0.1 + 0.2): 12 significant digits is plenty for a chart. */
function round(v: number): number {
  return Number(v.toPrecision(12));
}

/** What a histogram says besides its bins; `missing` is the records without a value. */
export function histogramBase(id: HistogramId, missing: number): Omit<Histogram, 'step' | 'bins'> {
  const spec = HISTOGRAMS.find((h) => h.id === id);
  return {
    id,
    label: spec?.label ?? `meta.${id.slice('meta:'.length)}`,
    kind: spec?.kind ?? 'number',
    unit: spec?.unit ?? null,
    missing,
    field: histogramField(id),
  };
}

/** A histogram of no values. */
export function emptyHistogram(id: HistogramId, missing: number): Histogram {
  const base = histogramBase(id, missing);
  return { ...base, step: base.kind === 'date' ? 'day' : 1, bins: [] };
}

/**
 * How values from `min` to `max` are binned. Linear: value x goes in bin
 * `min(trunc((x - lo) / step), n - 1)`. Log (`log` histograms whose values span more than
 * LOG_SPAN decades' worth, so a few huge files do not squash the rest into one bar): bins
 * between 1-2-5 edges (…, 100, 200, 500, 1000, …), the first from `min` when it is below 1;
 * x goes in the last bin whose lower edge is ≤ x.
 */
export type NumberLayout = { scale: 'linear'; step: number; lo: number; n: number } | { scale: 'log'; edges: number[]; n: number };

/** Log bins only when the largest value is this many times the smallest (or 1). */
const LOG_SPAN = 1000;

export function numberLayout(min: number, max: number, integer: boolean, log = false): NumberLayout {
  if (log && min >= 0 && max >= LOG_SPAN * Math.max(1, min)) {
    const edges: number[] = [];
    let mag = 10 ** Math.floor(Math.log10(Math.max(1, min)));
    // The largest 1-2-5 edge ≤ min (or min itself below 1), then every edge up to the first above max.
    let e = [5, 2, 1].map((m) => m * mag).find((v) => v <= Math.max(1, min)) ?? mag;
    edges.push(min < 1 ? min : e);
    while (e <= max) {
      if (e > (edges.at(-1) as number)) edges.push(e);
      const m = Math.round(e / mag);
      if (m === 1) e = 2 * mag;
      else if (m === 2) e = 5 * mag;
      else {
        mag *= 10;
        e = mag;
      }
    }
    edges.push(e);
    return { scale: 'log', edges, n: edges.length - 1 };
  }
  const step = niceStep(max - min, integer);
  const lo = Math.floor(min / step) * step;
  return { scale: 'linear', step, lo, n: Math.floor((max - lo) / step) + 1 };
}

/** The bin of value x (not NaN) in a layout. */
export function binOf(layout: NumberLayout, x: number): number {
  if (layout.scale === 'linear') return Math.min(Math.trunc((x - layout.lo) / layout.step), layout.n - 1);
  let b = 0;
  while (b < layout.n - 1 && x >= (layout.edges[b + 1] as number)) b++;
  return b;
}

/** The same bin as SQL over a value `x`, with its parameters. */
export function binSql(layout: NumberLayout): { sql: string; params: number[] } {
  if (layout.scale === 'linear') return { sql: 'min(CAST((x - ?) / ? AS INTEGER), ?)', params: [layout.lo, layout.step, layout.n - 1] };
  const inner = layout.edges.slice(1, -1);
  return { sql: `CASE ${inner.map((_, k) => `WHEN x < ? THEN ${k}`).join(' ')} ELSE ${layout.n - 1} END`, params: inner };
}

/** The bins of a layout with their counts (`count(b)`). */
export function numberBins(layout: NumberLayout, count: (b: number) => number): Pick<Histogram, 'step' | 'bins' | 'scale'> {
  if (layout.scale === 'log') {
    const bins = Array.from({ length: layout.n }, (_, k) => ({ lo: layout.edges[k] as number, hi: layout.edges[k + 1] as number, count: count(k) }));
    return { step: 0, bins, scale: 'log' };
  }
  const { step, lo, n } = layout;
  const bins: HistogramBin[] = Array.from({ length: n }, (_, k) => ({ lo: round(lo + k * step), hi: round(lo + (k + 1) * step), count: count(k) }));
  return { step, bins };
}

/**
 * Date bins from the count per bin key (the day, week or month a value falls in, as SQLite's
 * date functions give it; null or an unreadable key counts as `unreadable`), every bin from
 * the first readable key to the last, empty ones included.
 */
export function dateBins(unit: DateUnit, counts: readonly { b: string | null; c: number }[]): Pick<Histogram, 'step' | 'bins'> & { unreadable: number } {
  // A key is read as a date only in ISO form: Date.parse takes strings such as 'soon-01' too.
  const read = counts
    .filter((r): r is { b: string; c: number } => r.b !== null && /^\d{4}-\d{2}-\d{2}$/.test(r.b) && !Number.isNaN(Date.parse(r.b)))
    .sort((x, y) => (x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const byBin = new Map(read.map((r) => [r.b, r.c]));
  const unreadable = counts.reduce((n, r) => n + r.c, 0) - read.reduce((n, r) => n + r.c, 0);
  const bins: HistogramBin[] = [];
  const first = read[0]?.b;
  const last = read.at(-1)?.b;
  for (let day = first; day !== undefined && last !== undefined && day <= last; day = nextDate(day, unit)) {
    bins.push({ lo: day, hi: nextDate(day, unit), count: byBin.get(day) ?? 0 });
  }
  return { step: unit, bins, unreadable };
}
