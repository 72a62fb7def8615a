import { z } from 'zod';
import { checkSummarySchema } from './quality-checks';
import { FIELD_LISTS, type DerivedExportColumn, type ImageInfoField } from './field-lists';
import { querySchema, type Query } from './query';
import { columnIdSchema, isMetaColumn } from './view-columns';
import { formatFilter } from './query-language';

/** What an export can be written as; `supervisely` is a project folder, the rest one file. */
export const EXPORT_FORMATS = ['csv', 'json', 'jsonl', 'parquet', 'supervisely'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** File extension per format; null for the project folder. */
export const FORMAT_EXTENSION: Readonly<Record<ExportFormat, string | null>> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  parquet: 'parquet',
  supervisely: null,
};

export const FORMAT_LABEL: Readonly<Record<ExportFormat, string>> = {
  csv: 'CSV',
  json: 'JSON',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
  supervisely: 'Supervisely project',
};

/**
 * Columns beyond ImageInfo's own fields: the dataset's full path, the source's label and the
 * tags by name (ImageInfo carries only tag ids).
 */
export const DERIVED_EXPORT_COLUMNS = FIELD_LISTS.derivedExportColumns as readonly DerivedExportColumn[];

export type ExportColumn = ImageInfoField | DerivedExportColumn;
/** Every column an export can contain, in the order the dialog lists them. */
export const EXPORT_COLUMNS = FIELD_LISTS.exportColumns as readonly [ExportColumn, ...ExportColumn[]];
export const exportColumnSchema = z.enum(EXPORT_COLUMNS);

/** The table's columns (shared/columns.ts) as export columns: what "visible columns" means. */
export const VIEW_COLUMN_EXPORT = FIELD_LISTS.viewColumnExport as Readonly<Record<string, readonly ExportColumn[]>>;

/** A `meta.KEY` column chosen in the table, exported as that key's value. */
export type MetaExportColumn = `meta.${string}`;
/** What a request's column list may hold: export columns, and meta keys the table shows. */
export type RequestColumn = ExportColumn | MetaExportColumn;
export const requestColumnSchema = z.union([
  exportColumnSchema,
  columnIdSchema.refine(isMetaColumn, { message: 'not an export column: an ImageInfo field, a derived column or meta.<key>' }),
]) as z.ZodType<RequestColumn>;

/**
 * Export columns for the table's visible columns, in table order, without repeats: table
 * columns by what they show, other ImageInfo fields as themselves, meta columns as their key.
 */
export function exportColumnsForView(viewColumns: readonly string[]): RequestColumn[] {
  const out: RequestColumn[] = [];
  for (const key of viewColumns) {
    const cols: readonly RequestColumn[] =
      VIEW_COLUMN_EXPORT[key] ??
      (isMetaColumn(key) ? [key as MetaExportColumn] : (EXPORT_COLUMNS as readonly string[]).includes(key) ? [key as ExportColumn] : []);
    for (const c of cols) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Most columns a request may name: every export column and this many meta keys. */
const MAX_REQUEST_META_COLUMNS = 200;

/** A selection is sent as row ids; more than this is better exported as a view. */
export const MAX_SELECTED_ROWS = 100_000;

export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('view') }).strict(),
  z
    .object({
      kind: z.literal('selection'),
      row_ids: z.array(z.number().int().min(1)).min(1).max(MAX_SELECTED_ROWS),
    })
    .strict(),
]);
export type ExportScope = z.infer<typeof exportScopeSchema>;

export const exportOptionsSchema = z
  .object({
    /** CSV: start with a UTF-8 byte-order mark, so Excel reads the file as UTF-8. */
    bom: z.boolean().default(false),
    /** CSV: no spreadsheet-formula protection (cells exactly as stored). */
    raw: z.boolean().default(false),
    /** CSV and Parquet: `meta` as one JSON text column, or one `meta.KEY` column per key. */
    meta: z.enum(['json', 'columns']).default('json'),
  })
  .strict();
export type ExportOptions = z.output<typeof exportOptionsSchema>;

/**
 * What to export. `columns: null` means complete records: every ImageInfo field (JSON and
 * JSON Lines: the SDK's snake_case form, unknown keys kept, so the file re-imports as it was).
 * The Supervisely layout always writes complete records.
 */
export const exportRequestSchema = z
  .object({
    query: querySchema,
    scope: exportScopeSchema.default({ kind: 'view' }),
    format: exportFormatSchema,
    columns: z.array(requestColumnSchema).min(1).max(EXPORT_COLUMNS.length + MAX_REQUEST_META_COLUMNS).nullable().default(null),
    options: exportOptionsSchema.default({ bom: false, raw: false, meta: 'json' }),
  })
  .strict();
export type ExportRequest = z.output<typeof exportRequestSchema>;
export type ExportRequestInput = z.input<typeof exportRequestSchema>;

/** The manifest written beside every export (`<file>.manifest.json`). */
export const exportManifestSchema = z.object({
  loupe_export: z.literal(1),
  app_version: z.string(),
  created_at: z.string(),
  format: exportFormatSchema,
  file: z.string(),
  bytes: z.number().int(),
  /** SHA-256 of the file; for the project folder, of its SHA256SUMS listing. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int(),
  scope: z.enum(['view', 'selection']),
  query: z.record(z.string(), z.unknown()),
  query_text: z.string(),
  columns: z.array(z.string()),
  options: exportOptionsSchema,
  sources: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      label: z.string(),
      uri: z.string(),
      rows: z.number().int(),
      last_import_at: z.string().nullable(),
      last_sync_at: z.string().nullable(),
    }),
  ),
  warnings: z.array(z.string()),
  /** Quality checks over the exported records: offenders per check (shared/quality-checks.ts). */
  checks: checkSummarySchema,
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;

/**
 * The whole query as query-language text: the chips (`filter`, which the search UI sends) and
 * the typed `text` (which the CLI sends). What the dialog shows and the manifest records.
 */
export function queryText(query: Pick<Query, 'text' | 'filter'>): string {
  const chips = query.filter ? formatFilter(query.filter) : '';
  return [chips, query.text.trim()].filter(Boolean).join(' ');
}

/** A file name the save dialog proposes: `loupe-<search>-<date>.<ext>`, safe on every OS. */
export function suggestedExportName(format: ExportFormat, queryText: string, now: Date): string {
  const slug = queryText
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const stem = `loupe-${slug || 'all'}-${stamp}`;
  const ext = FORMAT_EXTENSION[format];
  return ext ? `${stem}.${ext}` : `${stem}-project`;
}
