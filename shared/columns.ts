import { z } from 'zod';

/**
 * The table's columns. `sortSql` is the only place a column turns into SQL text: the query
 * compiler picks from this allow-list and never interpolates anything the user typed.
 */
export const COLUMNS = [
  { key: 'name', label: 'Name', width: 260, align: 'left', sortSql: ['i.name'] },
  // By name within a dataset: the order images_dataset (dataset_path, name) already holds.
  { key: 'dataset', label: 'Dataset', width: 170, align: 'left', sortSql: ['i.dataset_path', 'i.name'] },
  { key: 'size', label: 'Size', width: 90, align: 'right', sortSql: ['i.size'] },
  {
    key: 'resolution',
    label: 'Width × height',
    width: 120,
    align: 'right',
    sortSql: ['i.width * i.height'],
  },
  { key: 'labels_count', label: 'Labels', width: 70, align: 'right', sortSql: ['i.labels_count'] },
  { key: 'tags', label: 'Tags', width: 200, align: 'left', sortSql: null },
  { key: 'created_at', label: 'Created', width: 150, align: 'left', sortSql: ['i.created_at'] },
  { key: 'updated_at', label: 'Updated', width: 150, align: 'left', sortSql: ['i.updated_at'] },
  { key: 'created_by', label: 'Author', width: 110, align: 'left', sortSql: ['i.created_by'] },
  { key: 'id', label: 'ID', width: 90, align: 'right', sortSql: ['i.id'] },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export type Column = (typeof COLUMNS)[number];

export const SORTABLE_KEYS = COLUMNS.filter((c) => c.sortSql !== null).map((c) => c.key) as [
  ColumnKey,
  ...ColumnKey[],
];
export const sortKeySchema = z.enum(SORTABLE_KEYS as unknown as [string, ...string[]]);

export function columnByKey(key: string): Column | undefined {
  return COLUMNS.find((c) => c.key === key);
}
