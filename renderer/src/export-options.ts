import {
  EXPORT_COLUMNS,
  exportColumnsForView,
  type ExportColumn,
  exportOptionsSchema,
  type ExportFormat,
  type ExportOptions,
  type ExportRequestInput,
  type RequestColumn,
} from '../../shared/export';
import type { Query } from '../../shared/query';

/** Which columns go out: the table's visible ones, every field, or a hand-picked list. */
export type ColumnChoice = 'visible' | 'all' | 'custom';

/** What the export dialog holds while the user decides. */
export type ExportForm = {
  scope: 'view' | 'selection';
  format: ExportFormat;
  columnChoice: ColumnChoice;
  custom: ExportColumn[];
  bom: boolean;
  /** Off means the CSV is written raw (no formula protection). */
  protect: boolean;
  metaColumns: boolean;
};

export const FORMAT_HINT: Readonly<Record<ExportFormat, string>> = {
  csv: 'For spreadsheets. Text that starts like a formula gets a leading apostrophe.',
  json: 'One JSON array. Complete records re-import into Loupe.',
  jsonl: 'One record per line, the SDK’s snake_case form. Re-imports into Loupe.',
  parquet: 'Typed columns for pandas, Polars or DuckDB.',
  supervisely: 'A project folder the Supervisely SDK opens: img_info/ and ann/ per dataset, meta.json.',
};

/** Tables default to what the user sees; JSON formats default to complete, re-importable records. */
export function defaultColumnChoice(format: ExportFormat): ColumnChoice {
  return format === 'csv' || format === 'parquet' ? 'visible' : 'all';
}

export function initialForm(visibleColumns: readonly string[], csv: ExportOptions = exportOptionsSchema.parse({})): ExportForm {
  return {
    scope: 'view',
    format: 'csv',
    columnChoice: 'visible',
    // The hand-picked list starts from the visible columns the list offers (meta keys are not in it).
    custom: EXPORT_COLUMNS.filter((c) => exportColumnsForView(visibleColumns).includes(c)),
    bom: csv.bom,
    protect: !csv.raw,
    metaColumns: csv.meta === 'columns',
  };
}

/** The columns a form asks for; null means complete records. */
export function chosenColumns(form: ExportForm, visibleColumns: readonly string[]): RequestColumn[] | null {
  if (form.format === 'supervisely' || form.columnChoice === 'all') return null;
  if (form.columnChoice === 'visible') return exportColumnsForView(visibleColumns);
  // Keep the dialog's order (ImageInfo's, then derived columns), whatever the click order.
  return EXPORT_COLUMNS.filter((c) => form.custom.includes(c));
}

/** The export:start input for a form: what to export, never where (main asks for that). */
export function exportRequest(
  form: ExportForm,
  query: Query,
  selection: readonly number[],
  visibleColumns: readonly string[],
): ExportRequestInput {
  return {
    query,
    scope: form.scope === 'selection' && selection.length > 0 ? { kind: 'selection', row_ids: [...selection] } : { kind: 'view' },
    format: form.format,
    columns: chosenColumns(form, visibleColumns),
    options: { bom: form.bom, raw: !form.protect, meta: form.metaColumns ? 'columns' : 'json' },
  };
}
