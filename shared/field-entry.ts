import type { z } from 'zod';

/**
 * The shape of one entry of the field catalogue (field-catalogue.ts). Every list of fields in
 * the app — the SDK's positional order, the `images` columns, the query language, the table
 * and its sorts, facets, exports, the detail panel — is derived from entries of this shape
 * (field-lists.ts), so a field is described once. Two builders at the end keep the common
 * parts short.
 */

/** How a field's values compare in the query language. */
export type FieldType =
  | 'text' // free text: substring of the name, or words of description / tags / meta
  | 'string' // exact or glob, case-sensitive; > < compare by codepoint
  | 'number' // numeric comparisons
  | 'date' // ISO text compared by prefix: created:2024-01 is January 2024
  | 'mixed' // created_by: a login (text) or a user id (number)
  | 'tag' // tag:NAME, tag:NAME=VALUE
  | 'meta' // meta.KEY: typed by the value written
  | 'dataset' // dataset path: the subtree, or a glob
  | 'source' // source label, uri or id
  | 'has' // has:link …
  | 'is' // is:duplicate, is:missing-size … (the quality checks)
  | 'snapshot'; // snapshot:ID, the ids saved by a snapshot search

/**
 * How a value is typed where it is stored and written out: `date` is ISO text (sorts as
 * text), `int-or-text` is `created_by` (an id on some servers, a login on others), `json` is
 * stored as the JSON text received.
 */
export type ValueType = 'int' | 'text' | 'date' | 'int-or-text' | 'json';

/**
 * A column of `images`, as the latest migration declares it. Its SQLite type follows the
 * entry's value: `int` is INTEGER, `int-or-text` ANY, the rest TEXT.
 */
export type StoredColumn = {
  /** Column name when it differs from the entry's key (`dataset` is read from `dataset_path`). */
  name?: string;
  notNull?: boolean;
  /** JSON columns: the text stored when a record has no value (the column's DEFAULT). */
  empty?: string;
  /**
   * Stored in the side table `image_docs` (by row id), not in `images`: wide values no
   * browse index, sort or facet reads, so the rows browsing walks stay narrow.
   */
  doc?: true;
};

/** What the query language knows of a field; its name defaults to the entry's key. */
export type QueryEntry = {
  name?: string;
  type: FieldType;
  /** The chip's label, when it differs from the entry's. */
  label?: string;
  /** Accepted values for enumerated pseudo-fields (has:, is:). */
  values?: readonly string[];
  /** The column has an index, so filtering on it never scans images. */
  indexed?: boolean;
  /**
   * For a value computed from columns (megapixels, aspect ratio): the SQL expression over
   * `images i` a clause compares, NULL where there is no value. Written here only.
   */
  expr?: string;
};

/** A column of the table. `at` is its place, left to right. */
export type TableEntry = {
  at: number;
  label?: string;
  width: number;
  align: 'left' | 'right';
  /**
   * The allow-listed ORDER BY expressions and the browse index that holds that order, or
   * null when the column cannot be sorted.
   */
  sort: { sql: readonly string[]; index: { name: string; columns: string } } | null;
  /** Export columns that stand for it in "visible columns"; default: the entry's key. */
  exports?: readonly string[];
};

export type FacetBucket = { min: number | null; max: number | null; label: string };

/** A facet of the sidebar, by id; `at` is its place in the standard panel. */
export type FacetEntry = {
  id: string;
  at: number;
  label?: string;
  kind: 'list' | 'tree' | 'histogram';
  /** Histogram buckets, for numeric facets. */
  buckets?: readonly FacetBucket[];
  /** Dates: the value is the first N characters (7 = month). */
  datePrefix?: number;
  /** Where values come from when not the column: tag instances, or one facet per meta key. */
  source?: 'tags' | 'meta-keys';
};

export type DetailSection = 'image' | 'dataset' | 'identity' | 'dates' | 'storage';
export type DetailKind = 'text' | 'mono' | 'bytes' | 'count';

/**
 * Where the detail panel shows a field: a section and a place in it, or `own` for the fields
 * that get a section of their own (meta, tags, ai_search_meta).
 */
export type DetailEntry = { section: DetailSection; at: number; kind: DetailKind } | 'own';

export type CatalogueEntry = {
  /** SDK snake_case name for ImageInfo fields; the column, facet or query name otherwise. */
  key: string;
  label: string;
  /** An ImageInfo field's index in the SDK's positional order (positional dumps read by it). */
  position?: number;
  value?: ValueType;
  /**
   * ImageInfo's keys: how a record's value is checked (imageInfoSchema is built from these).
   * An entry with a schema is stored in `images` under its key; `column` says more about it.
   */
  schema?: z.ZodType;
  /** Parquet: INT32 is enough (pixel sizes, label counts); other ints are INT64. */
  narrow?: boolean;
  column?: StoredColumn;
  query?: QueryEntry;
  table?: TableEntry;
  facet?: FacetEntry;
  detail?: DetailEntry;
  /** An export column beyond ImageInfo's own fields (which every export offers). */
  exported?: boolean;
};

/** Where the detail panel shows a field. */
export const detail = (section: DetailSection, at: number, kind: DetailKind): DetailEntry => ({
  section,
  at,
  kind,
});

/** A sort on one column, held by a browse index on it. */
export const sortOn = (column: string, index: string): TableEntry['sort'] => ({
  sql: [`i.${column}`],
  index: { name: index, columns: column },
});
