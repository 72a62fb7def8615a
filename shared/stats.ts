import { z } from 'zod';
import { FIELDS } from './query-fields';
import { querySchema } from './query';

/**
 * The histograms of the stats panel and `loupe stats --histogram`, declared once: id, label,
 * unit, whether values are numbers or dates, and the catalogue column a brushed range filters
 * (its query-language name comes from the field catalogue), or for a value computed from
 * columns the query field that computes it (`mp`, `aspect`). The SQL expression of each is in electron/core/cache/histograms.ts.
 */
export const HISTOGRAMS = [
  {
    id: 'size',
    label: 'File size',
    kind: 'number',
    unit: 'bytes',
    column: 'size',
    computed: null,
    integer: true,
    log: true,
  },
  {
    id: 'width',
    label: 'Width',
    kind: 'number',
    unit: 'px',
    column: 'width',
    computed: null,
    integer: true,
    log: false,
  },
  {
    id: 'height',
    label: 'Height',
    kind: 'number',
    unit: 'px',
    column: 'height',
    computed: null,
    integer: true,
    log: false,
  },
  {
    id: 'megapixels',
    label: 'Megapixels',
    kind: 'number',
    unit: 'MP',
    column: null,
    computed: 'mp',
    integer: false,
    log: false,
  },
  {
    id: 'aspect',
    label: 'Aspect ratio (width ÷ height)',
    kind: 'number',
    unit: null,
    column: null,
    computed: 'aspect',
    integer: false,
    log: false,
  },
  {
    id: 'labels',
    label: 'Labels',
    kind: 'number',
    unit: null,
    column: 'labels_count',
    computed: null,
    integer: true,
    log: false,
  },
  {
    id: 'created',
    label: 'Created',
    kind: 'date',
    unit: null,
    column: 'created_at',
    computed: null,
    integer: false,
    log: false,
  },
  {
    id: 'updated',
    label: 'Updated',
    kind: 'date',
    unit: null,
    column: 'updated_at',
    computed: null,
    integer: false,
    log: false,
  },
] as const;

export type HistogramSpec = (typeof HISTOGRAMS)[number];
export type StandardHistogramId = HistogramSpec['id'];
export const STANDARD_HISTOGRAM_IDS = HISTOGRAMS.map((h) => h.id) as [
  StandardHistogramId,
  ...StandardHistogramId[],
];

/** A standard histogram, or `meta:KEY` for a meta key's numeric values. */
export const histogramIdSchema = z.union([
  z.enum(STANDARD_HISTOGRAM_IDS),
  z.string().regex(/^meta:.{1,200}$/s, 'meta:KEY'),
]);
export type HistogramId = z.infer<typeof histogramIdSchema>;

/** The query-language field a histogram's range filters. */
export function histogramField(id: HistogramId): string | null {
  if (id.startsWith('meta:')) return `meta.${id.slice('meta:'.length)}`;
  const h = HISTOGRAMS.find((x) => x.id === id);
  return (
    FIELDS.find((f) => (h?.computed ? f.name === h.computed : f.column === h?.column))?.name ?? null
  );
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
  /** The bin width: a number (0 for log bins), or the calendar unit of a date histogram. */
  step: z.union([z.number(), z.enum(['day', 'week', 'month'])]),
  /** Log bins between 1-2-5 edges (file sizes spanning several decades); absent: even bins. */
  scale: z.literal('log').optional(),
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
