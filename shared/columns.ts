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

export const SORTABLE_KEYS = COLUMNS.filter((c) => c.sortSql !== null).map((c) => c.key) as [
  ColumnKey,
  ...ColumnKey[],
];
export const sortKeySchema = z.enum(SORTABLE_KEYS as unknown as [string, ...string[]]);

export function columnByKey(key: string): Column | undefined {
  return COLUMNS.find((c) => c.key === key);
}
