import { z } from 'zod';
import { FIELD_LISTS, type TableColumn, type TableKey } from './field-lists';

export type ColumnKey = TableKey;
export type Column = TableColumn & { key: ColumnKey };

/**
 * The table's columns, from the field catalogue. `sortSql` is the only place a column turns
 * into SQL text: the query compiler picks from this allow-list and never interpolates
 * anything the user typed.
 */
export const COLUMNS = FIELD_LISTS.tableColumns as readonly Column[];

/**
 * Sorts that are no column's own: the name in plain byte (code point) order, beside the
 * natural order the Name column sorts by (#19). `index` is the search index that holds it.
 */
export const EXTRA_SORTS = [
  { key: 'name_bytes', label: 'Name (byte order)', sortSql: ['i.name'] as readonly string[], index: 'images_name' },
] as const;

export const SORTABLE_KEYS = [
  ...COLUMNS.filter((c) => c.sortSql !== null).map((c) => c.key),
  ...EXTRA_SORTS.map((s) => s.key),
] as [string, ...string[]];

/** The allow-listed ORDER BY expressions of a sort key, or null when it is not one. */
export function sortSqlOf(key: string): readonly string[] | null {
  return columnByKey(key)?.sortSql ?? EXTRA_SORTS.find((s) => s.key === key)?.sortSql ?? null;
}
export const sortKeySchema = z.enum(SORTABLE_KEYS as unknown as [string, ...string[]]);

export function columnByKey(key: string): Column | undefined {
  return COLUMNS.find((c) => c.key === key);
}
