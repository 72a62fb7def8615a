import { z } from 'zod';
import { FIELDS } from './query-fields';
import { querySchema } from './query';

/**
 * The histograms of the stats panel and `loupe stats --histogram`, declared once: id, label,
 * unit, whether values are numbers or dates, and the catalogue column a brushed range filters
 * (its query-language name comes from the field catalogue; derived values such as megapixels
 * have none). The SQL expression of each is in electron/core/cache/histograms.ts.
 */
export const HISTOGRAMS = [
  { id: 'size', label: 'File size', kind: 'number', unit: 'bytes', column: 'size', integer: true },
  { id: 'width', label: 'Width', kind: 'number', unit: 'px', column: 'width', integer: true },
  { id: 'height', label: 'Height', kind: 'number', unit: 'px', column: 'height', integer: true },
  { id: 'megapixels', label: 'Megapixels', kind: 'number', unit: 'MP', column: null, integer: false },
  { id: 'aspect', label: 'Aspect ratio (width ÷ height)', kind: 'number', unit: null, column: null, integer: false },
  { id: 'labels', label: 'Labels', kind: 'number', unit: null, column: 'labels_count', integer: true },
  { id: 'created', label: 'Created', kind: 'date', unit: null, column: 'created_at', integer: false },
  { id: 'updated', label: 'Updated', kind: 'date', unit: null, column: 'updated_at', integer: false },
] as const;

export type HistogramSpec = (typeof HISTOGRAMS)[number];
export type StandardHistogramId = HistogramSpec['id'];
export const STANDARD_HISTOGRAM_IDS = HISTOGRAMS.map((h) => h.id) as [StandardHistogramId, ...StandardHistogramId[]];

/** A standard histogram, or `meta:KEY` for a meta key's numeric values. */
export const histogramIdSchema = z.union([
  z.enum(STANDARD_HISTOGRAM_IDS),
  z.string().regex(/^meta:.{1,200}$/s, 'meta:KEY'),
]);
export type HistogramId = z.infer<typeof histogramIdSchema>;

/** The query-language field a histogram's range filters, or null (derived values). */
export function histogramField(id: HistogramId): string | null {
  if (id.startsWith('meta:')) return `meta.${id.slice('meta:'.length)}`;
  const column = HISTOGRAMS.find((h) => h.id === id)?.column ?? null;
  return column === null ? null : (FIELDS.find((f) => f.column === column)?.name ?? null);
}

/**
 * One bin: [lo, hi), the last bin [lo, hi]. Numbers for numeric histograms; for dates ISO
 * dates (`2024-03-01`), the bin being a day, a week from Monday or a month.
 */
export const histogramBinSchema = z.object({
  lo: z.union([z.number(), z.string()]),
  hi: z.union([z.number(), z.string()]),
  count: z.number().int(),
});
export type HistogramBin = z.infer<typeof histogramBinSchema>;

export const histogramSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['number', 'date']),
  unit: z.string().nullable(),
  /** The bin width: a number, or the calendar unit of a date histogram. */
  step: z.union([z.number(), z.enum(['day', 'week', 'month'])]),
  bins: z.array(histogramBinSchema),
  /** Records under the query with no value here (a missing width, a meta key absent or not a number). */
  missing: z.number().int(),
  /** The query-language field a range of bins filters, or null. */
  field: z.string().nullable(),
});
export type Histogram = z.infer<typeof histogramSchema>;

export const histogramsRequestSchema = z
  .object({
    query: querySchema,
    histograms: z.array(histogramIdSchema).min(1).max(20),
  })
  .strict();
