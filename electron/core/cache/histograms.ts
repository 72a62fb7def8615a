import type { Query } from '../../../shared/query';
import {
  HISTOGRAMS,
  histogramField,
  type Histogram,
  type HistogramBin,
  type HistogramId,
  type StandardHistogramId,
} from '../../../shared/stats';
import { compileQuery } from './compile-query';
import type { Db } from './open-cache';
import { isTrue, renderWhere, type Fragment } from './sql-parts';
import { prepared } from './statement-cache';

/**
 * Histograms of the records a query matches, with automatic bins: numbers in about TARGET_BINS
 * bins of a "nice" width (1, 2 or 5 × 10^k; whole numbers for integer fields), dates by day,
 * week (from Monday) or month by the span of the values. Two passes over the values: their
 * range, then the count per bin. Counts are exact.
 */

const TARGET_BINS = 20;
/** Spans up to this many days are binned by day; up to WEEK_DAYS by week; longer, by month. */
const DAY_DAYS = 62;
const WEEK_DAYS = 2 * 366;

/** The value of each standard histogram, an expression over `images i` (allow-listed here only). */
const EXPR: Record<StandardHistogramId, string> = {
  size: 'i.size',
  width: 'i.width',
  height: 'i.height',
  megapixels: 'CASE WHEN i.width > 0 AND i.height > 0 THEN i.width * i.height / 1e6 END',
  aspect: 'CASE WHEN i.width > 0 AND i.height > 0 THEN CAST(i.width AS REAL) / i.height END',
  labels: 'i.labels_count',
  created: 'i.created_at',
  updated: 'i.updated_at',
};

const DATE_BIN = {
  day: 'substr(x, 1, 10)',
  week: "date(x, '-6 days', 'weekday 1')",
  month: "substr(x, 1, 7) || '-01'",
} as const;
type DateUnit = keyof typeof DATE_BIN;

/**
 * One value per matching record as `x`, and how many records match. For a meta key only the
 * records with a number under it have a row (an array's largest number), read from the key's
 * index range rather than looked up per record.
 */
function valuesOf(id: HistogramId, query: Query): { values: Fragment; total: Fragment | null } {
  const { cond, count } = compileQuery(query);
  const where = isTrue(cond) ? { sql: '', params: [] } : renderWhere([cond]);
  if (id.startsWith('meta:')) {
    const rows = where.sql ? `AND v.row_id IN (SELECT i.row_id FROM images i ${where.sql})` : '';
    return {
      values: {
        sql: `SELECT max(v.v) AS x FROM meta_values v
               WHERE v.key_id = (SELECT id FROM meta_keys WHERE key = ?) AND typeof(v.v) IN ('integer', 'real') ${rows}
               GROUP BY v.row_id`,
        params: [id.slice('meta:'.length), ...where.params],
      },
      total: count,
    };
  }
  return { values: { sql: `SELECT ${EXPR[id as StandardHistogramId]} AS x FROM images i ${where.sql}`, params: where.params }, total: null };
}

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

/** The histogram `id` of the records `query` matches. */
export function histogram(db: Db, query: Query, id: HistogramId): Histogram {
  const spec = HISTOGRAMS.find((h) => h.id === id);
  const kind = spec?.kind ?? 'number';
  const { values, total } = valuesOf(id, query);
  const range = prepared(db, `SELECT min(x) AS lo, max(x) AS hi, count(x) AS n, count(*) AS total FROM (${values.sql})`).get(
    ...values.params,
  ) as { lo: number | string | null; hi: number | string | null; n: number; total: number };
  if (total) range.total = prepared(db, total.sql, 'pluck').get(...total.params) as number;
  const base = {
    id,
    label: spec?.label ?? `meta.${id.slice('meta:'.length)}`,
    kind,
    unit: spec?.unit ?? null,
    missing: range.total - range.n,
    field: histogramField(id),
  };
  if (range.lo === null || range.hi === null) return { ...base, step: kind === 'date' ? 'day' : 1, bins: [] };
  if (kind === 'date') {
    const d = dateBins(db, values, String(range.lo), String(range.hi));
    return { ...base, step: d.step, bins: d.bins, missing: base.missing + d.unreadable };
  }
  return { ...base, ...numberBins(db, values, Number(range.lo), Number(range.hi), spec?.integer ?? false) };
}

function numberBins(db: Db, values: Fragment, min: number, max: number, integer: boolean): Pick<Histogram, 'step' | 'bins'> {
  const step = niceStep(max - min, integer);
  const lo = Math.floor(min / step) * step;
  const n = Math.floor((max - lo) / step) + 1;
  const counts = prepared(
    db,
    `SELECT min(CAST((x - ?) / ? AS INTEGER), ?) AS b, count(*) AS c FROM (${values.sql}) WHERE x IS NOT NULL GROUP BY b`,
  ).all(lo, step, n - 1, ...values.params) as { b: number; c: number }[];
  const bins: HistogramBin[] = Array.from({ length: n }, (_, k) => ({ lo: round(lo + k * step), hi: round(lo + (k + 1) * step), count: 0 }));
  for (const r of counts) (bins[r.b] as HistogramBin).count = r.c;
  return { step, bins };
}

/** Bin edges without binary noise (0.1 + 0.2): 12 significant digits is plenty for a chart. */
function round(v: number): number {
  return Number(v.toPrecision(12));
}

/** Dates by their unit; `unreadable` counts values SQLite cannot read as a date (counted as missing). */
function dateBins(db: Db, values: Fragment, min: string, max: string): Pick<Histogram, 'step' | 'bins'> & { unreadable: number } {
  const unit = dateUnit(min, max);
  const counts = prepared(
    db,
    `SELECT ${DATE_BIN[unit]} AS b, count(*) AS c FROM (${values.sql}) WHERE x IS NOT NULL GROUP BY b ORDER BY b`,
  ).all(...values.params) as { b: string | null; c: number }[];
  const byBin = new Map(counts.map((r) => [r.b, r.c]));
  const read = counts.filter((r): r is { b: string; c: number } => r.b !== null && !Number.isNaN(Date.parse(r.b)));
  const unreadable = counts.reduce((n, r) => n + r.c, 0) - read.reduce((n, r) => n + r.c, 0);
  const bins: HistogramBin[] = [];
  const first = read[0]?.b;
  const last = read.at(-1)?.b;
  for (let day = first; day !== undefined && last !== undefined && day <= last; day = nextDate(day, unit)) {
    bins.push({ lo: day, hi: nextDate(day, unit), count: byBin.get(day) ?? 0 });
  }
  return { step: unit, bins, unreadable };
}
