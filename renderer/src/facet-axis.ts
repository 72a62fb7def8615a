import type { FacetBucket } from '../../shared/field-entry';
import { FIELD_LISTS } from '../../shared/field-lists';
import type { FacetValue } from '../../shared/search';

/** One column of a numeric facet's chart: a bucket (or a month), its count, its value if any. */
export type AxisColumn = { label: string; count: number; value: FacetValue | null };
/** A tick on the x axis: where (0–1 of the plot's width) and what it reads. */
export type AxisTick = { at: number; label: string };
export type FacetAxis = { columns: AxisColumn[]; ticks: AxisTick[]; title: string; yTicks: number[]; yMax: number; rest: FacetValue[] };

const KB = 1024;
const MB = 1024 * KB;

/** How each numeric facet's edges read; the unit is said once, under the axis. */
const UNITS: Readonly<Record<string, { title: string; edge: (n: number) => string }>> = {
  // A sidebar's width holds five edges only without the space and the B.
  size: { title: 'file size (K = KB, M = MB)', edge: (n) => (n >= MB ? `${n / MB}M` : `${n / KB}K`) },
  width: { title: 'width in pixels', edge: (n) => String(n) },
  labels: { title: 'labels per image', edge: (n) => String(n) },
};

/** 1, 2 or 5 times a power of ten, at least `x`. */
export function niceStep(x: number): number {
  if (x <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Count ticks for a y axis up to `max`: 0 and two round steps that reach it. */
export function countTicks(max: number): number[] {
  const step = niceStep(Math.max(1, max) / 2);
  const top = Math.ceil(Math.max(1, max) / step) * step;
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

function bucketsOf(facetId: string): readonly FacetBucket[] | undefined {
  return FIELD_LISTS.facets.find((f) => f.id === facetId)?.buckets;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A month range longer than this is drawn from its values only (no filled gaps). */
const MAX_MONTHS = 480;

function monthIndex(label: string): number | null {
  const m = MONTH.exec(label);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

/**
 * The chart of a numeric facet: every bucket of its declaration (empty ones too, so the axis is
 * whole), ticks at the bucket edges in the field's unit; for months, every month from the first
 * to the last with a tick at each new year (or each quarter when the range is short). Values the
 * axis has no place for ("(none)") come back in `rest` to be listed under it.
 */
export function facetAxis(facetId: string, values: readonly FacetValue[]): FacetAxis {
  const buckets = bucketsOf(facetId);
  const unit = UNITS[facetId];
  let columns: AxisColumn[];
  let ticks: AxisTick[] = [];
  let title = unit?.title ?? '';
  let rest: FacetValue[];
  if (buckets) {
    columns = buckets.map((b) => {
      const v = values.find((x) => x.label === b.label) ?? null;
      return { label: b.label, count: v?.count ?? 0, value: v };
    });
    rest = values.filter((v) => !buckets.some((b) => b.label === v.label));
    const n = columns.length;
    buckets.forEach((b, k) => {
      if (b.min !== null) ticks.push({ at: k / n, label: (unit?.edge ?? String)(b.min) });
    });
    const last = buckets.at(-1);
    if (last && last.max !== null) ticks.push({ at: 1, label: (unit?.edge ?? String)(last.max + 1) });
  } else {
    const dated = values.filter((v) => monthIndex(v.label) !== null);
    rest = values.filter((v) => monthIndex(v.label) === null);
    const idx = dated.map((v) => monthIndex(v.label) as number);
    const first = Math.min(...idx);
    const lastIdx = Math.max(...idx);
    const fill = dated.length > 0 && lastIdx - first < MAX_MONTHS;
    const byMonth = new Map(dated.map((v) => [monthIndex(v.label) as number, v]));
    const months = fill ? Array.from({ length: lastIdx - first + 1 }, (_, i) => first + i) : idx;
    columns = months.map((m) => {
      const v = byMonth.get(m) ?? null;
      const label = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      return { label, count: v?.count ?? 0, value: v };
    });
    const n = columns.length;
    const years = months.flatMap((m, k) => (m % 12 === 0 ? [{ at: k / n, label: String(m / 12) }] : []));
    if (years.length >= 2) ticks = years;
    else {
      ticks = months.flatMap((m, k) =>
        m % 3 === 0 ? [{ at: k / n, label: `${MONTH_NAMES[m % 12]} ${String(Math.floor(m / 12)).slice(2)}` }] : [],
      );
    }
    // Labels closer than this share the space badly: keep every other one.
    while (ticks.length > 5) ticks = ticks.filter((_, i) => i % 2 === 0);
    title = 'month created';
  }
  const yTicks = countTicks(Math.max(0, ...columns.map((c) => c.count)));
  return { columns, ticks, title, yTicks, yMax: yTicks.at(-1) as number, rest };
}
