import type { Query } from '../../../shared/query';
import { HISTOGRAMS, type Histogram, type HistogramId, type StandardHistogramId } from '../../../shared/stats';
import { binSql, dateBins, dateUnit, emptyHistogram, histogramBase, numberBins, numberLayout, type DateUnit, type NumberLayout } from './histogram-bins';
import { FIELDS } from '../../../shared/query-fields';
import { compileQuery } from './compile-query';
import type { Db } from './open-cache';
import { isTrue, renderWhere, type Fragment } from './sql-parts';
import { prepared } from './statement-cache';

/**
 * Histograms of the records a query matches, counted by SQLite: two passes over the values,
 * their range, then the count per bin (the bins are laid out by histogram-bins.ts). Counts
 * are exact. The facet store counts the standard ones in memory with the same layout.
 */

/** A computed query field's expression (the field catalogue's, so a brushed range filters the same value). */
function computed(name: string): string {
  const expr = FIELDS.find((f) => f.name === name)?.expr;
  if (!expr) throw new Error(`No computed query field ${name}`);
  return expr;
}

/** The value of each standard histogram, an expression over `images i` (allow-listed here only). */
const EXPR: Record<StandardHistogramId, string> = {
  size: 'i.size',
  width: 'i.width',
  height: 'i.height',
  megapixels: computed('mp'),
  aspect: computed('aspect'),
  labels: 'i.labels_count',
  created: 'i.created_at',
  updated: 'i.updated_at',
};

/** The bin key of a date `x` per unit (SQLite's reading of the date; the facet store keeps these too). */
export const DATE_BIN = {
  day: 'substr(x, 1, 10)',
  week: "date(x, '-6 days', 'weekday 1')",
  month: "substr(x, 1, 7) || '-01'",
} as const satisfies Record<DateUnit, string>;

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

/** The histogram `id` of the records `query` matches. */
export function histogram(db: Db, query: Query, id: HistogramId): Histogram {
  const spec = HISTOGRAMS.find((h) => h.id === id);
  const { values, total } = valuesOf(id, query);
  const range = prepared(db, `SELECT min(x) AS lo, max(x) AS hi, count(x) AS n, count(*) AS total FROM (${values.sql})`).get(
    ...values.params,
  ) as { lo: number | string | null; hi: number | string | null; n: number; total: number };
  if (total) range.total = prepared(db, total.sql, 'pluck').get(...total.params) as number;
  const missing = range.total - range.n;
  if (range.lo === null || range.hi === null) return emptyHistogram(id, missing);
  if (spec?.kind === 'date') {
    const d = dateHistogram(db, values, String(range.lo), String(range.hi));
    return { ...histogramBase(id, missing + d.unreadable), step: d.step, bins: d.bins };
  }
  const layout = numberLayout(Number(range.lo), Number(range.hi), spec?.integer ?? false, spec?.log ?? false);
  return { ...histogramBase(id, missing), ...numberHistogram(db, values, layout) };
}

function numberHistogram(db: Db, values: Fragment, layout: NumberLayout): Pick<Histogram, 'step' | 'bins' | 'scale'> {
  const bin = binSql(layout);
  const counts = prepared(db, `SELECT ${bin.sql} AS b, count(*) AS c FROM (${values.sql}) WHERE x IS NOT NULL GROUP BY b`).all(
    ...bin.params,
    ...values.params,
  ) as { b: number; c: number }[];
  const byBin = new Map(counts.map((r) => [r.b, r.c]));
  return numberBins(layout, (b) => byBin.get(b) ?? 0);
}

/** Dates by their unit; `unreadable` counts values SQLite cannot read as a date (counted as missing). */
function dateHistogram(db: Db, values: Fragment, min: string, max: string): Pick<Histogram, 'step' | 'bins'> & { unreadable: number } {
  const unit = dateUnit(min, max);
  const counts = prepared(db, `SELECT ${DATE_BIN[unit]} AS b, count(*) AS c FROM (${values.sql}) WHERE x IS NOT NULL GROUP BY b`).all(
    ...values.params,
  ) as { b: string | null; c: number }[];
  return dateBins(unit, counts);
}
