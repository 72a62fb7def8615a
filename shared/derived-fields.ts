import type { CatalogueEntry } from './field-entry';
import { CHECK_IDS } from './quality-checks';

/** Values of the enumerated pseudo-fields `has:` and `is:`. */
export const HAS_VALUES = ['link', 'hash', 'tags', 'description', 'meta'] as const;
/** `is:CHECK` finds a quality check's offenders (`is:duplicate`: the same hash twice). */
export const IS_VALUES = CHECK_IDS;

/**
 * The catalogue's entries that are not ImageInfo fields: bookkeeping columns of `images`,
 * columns derived from the record (its dataset's path, its source, tag names, resolution)
 * and the query language's pseudo-fields. Their order is the query language's, after
 * ImageInfo's fields.
 */
export const DERIVED_ENTRIES = [
  { key: 'row_id', label: 'Row', value: 'int', column: {} },
  {
    key: 'dataset',
    label: 'Dataset',
    value: 'text',
    column: { name: 'dataset_path' },
    query: { type: 'dataset', indexed: true },
    // By name within a dataset: the order images_dataset (dataset_path, name) already holds.
    table: {
      at: 1,
      width: 170,
      align: 'left',
      sort: {
        sql: ['i.dataset_path', 'i.name'],
        index: { name: 'images_dataset', columns: 'dataset_path, name' },
      },
    },
    facet: { id: 'dataset', at: 0, kind: 'tree' },
    exported: true,
  },
  {
    key: 'source',
    label: 'Source',
    value: 'int',
    column: { name: 'source_id', notNull: true },
    query: { type: 'source', indexed: true },
    exported: true,
  },
  { key: 'has', label: 'Has', query: { type: 'has', values: HAS_VALUES } },
  { key: 'is', label: 'Is', query: { type: 'is', values: IS_VALUES, indexed: true } },
  { key: 'snapshot', label: 'Snapshot', query: { type: 'snapshot', indexed: true } },
  // ImageInfo carries tag ids only; exports can add the names.
  { key: 'tag_names', label: 'Tag names', value: 'json', exported: true },
  {
    key: 'resolution',
    label: 'Width × height',
    table: {
      at: 3,
      width: 120,
      align: 'right',
      sort: {
        sql: ['i.width * i.height'],
        index: { name: 'images_pixels', columns: 'width * height' },
      },
      exports: ['width', 'height'],
    },
  },
  { key: 'synced_at', label: 'Synced', value: 'date', column: { notNull: true } },
  // Computed from width and height (no index: a clause on them reads the rows). The stats
  // panel's histograms bin the same expressions, so a brushed range filters what it shows.
  {
    key: 'megapixels',
    label: 'Megapixels',
    query: { name: 'mp', type: 'number', expr: 'CASE WHEN i.width > 0 AND i.height > 0 THEN i.width * i.height / 1e6 END' },
  },
  {
    key: 'aspect',
    label: 'Aspect ratio',
    query: { type: 'number', expr: 'CASE WHEN i.width > 0 AND i.height > 0 THEN CAST(i.width AS REAL) / i.height END' },
  },
] as const satisfies readonly CatalogueEntry[];
