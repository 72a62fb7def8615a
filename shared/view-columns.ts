import { z } from 'zod';
import { COLUMNS, EXTRA_SORTS, columnByKey, sortSqlOf } from './columns';
import { FIELD_LISTS } from './field-lists';

/**
 * The columns a user can put in the table (#19): the table's own columns, every other
 * ImageInfo field, and `meta.<key>` for any key the meta catalogue holds. A column id is one
 * of those; only ids from these lists (and meta keys, bound as values) ever reach SQL.
 */
export const META_COLUMN_PREFIX = 'meta.';

/** Keys longer than this are not meta columns (the catalogue's keys are far shorter). */
const MAX_META_KEY = 200;

/** How a choosable column shows: its header, width and alignment. */
export type ColumnSpec = {
  id: string;
  label: string;
  width: number;
  align: 'left' | 'right';
  sortable: boolean;
  /** Where it comes from: the table's own set, another ImageInfo field, or a meta key. */
  kind: 'table' | 'field' | 'meta';
};

const WIDTH_BY_VALUE = { int: 90, 'int-or-text': 110, date: 150, text: 180, json: 220 } as const;

/** ImageInfo fields that are not table columns already, as columns read from `images`. */
export const FIELD_COLUMN_IDS: readonly string[] = FIELD_LISTS.imageInfoFields.filter(
  (k) => !columnByKey(k) && FIELD_LISTS.columnOf(k) !== undefined,
);

function fieldSpec(id: string): ColumnSpec {
  const value = FIELD_LISTS.valueOf(id) ?? 'text';
  const label = FIELD_LISTS.queryFields.find((q) => q.name === id || q.aliases?.includes(id))?.label;
  return {
    id,
    label: label ?? id,
    width: WIDTH_BY_VALUE[value],
    align: value === 'int' ? 'right' : 'left',
    sortable: false,
    kind: 'field',
  };
}

export function isMetaColumn(id: string): boolean {
  return id.startsWith(META_COLUMN_PREFIX) && id.length > META_COLUMN_PREFIX.length;
}

export function metaKeyOf(id: string): string {
  return id.slice(META_COLUMN_PREFIX.length);
}

/** A meta column's spec; `numeric` keys align right. */
export function metaSpec(key: string, numeric = false): ColumnSpec {
  return {
    id: `${META_COLUMN_PREFIX}${key}`,
    label: key,
    width: numeric ? 100 : 160,
    align: numeric ? 'right' : 'left',
    sortable: true,
    kind: 'meta',
  };
}

/** The spec of a column id (or a sort key's label), or undefined when it names nothing we know. */
export function columnSpec(id: string): ColumnSpec | undefined {
  const extra = EXTRA_SORTS.find((s) => s.key === id);
  if (extra) return { id, label: extra.label, width: 260, align: 'left', sortable: true, kind: 'table' };
  const own = columnByKey(id);
  if (own) {
    return { id, label: own.label, width: own.width, align: own.align, sortable: own.sortSql !== null, kind: 'table' };
  }
  if (FIELD_COLUMN_IDS.includes(id)) return fieldSpec(id);
  if (isMetaColumn(id)) return metaSpec(metaKeyOf(id));
  return undefined;
}

/** Every column of the table's own set and of ImageInfo, in that order (meta keys come from the cache). */
export const FIXED_COLUMN_SPECS: readonly ColumnSpec[] = [
  ...COLUMNS.map((c) => columnSpec(c.key) as ColumnSpec),
  ...FIELD_COLUMN_IDS.map(fieldSpec),
];

/** The columns a new window shows: the table's own set, in the catalogue's order. */
export const DEFAULT_COLUMN_IDS: readonly string[] = COLUMNS.map((c) => c.key);

const validId = (id: string) =>
  columnByKey(id) !== undefined ||
  FIELD_COLUMN_IDS.includes(id) ||
  (isMetaColumn(id) && id.length <= META_COLUMN_PREFIX.length + MAX_META_KEY);

export const columnIdSchema = z
  .string()
  .max(META_COLUMN_PREFIX.length + MAX_META_KEY)
  .refine(validId, { message: 'not a column: a table column, an ImageInfo field or meta.<key>' });

/** A sort key: a sortable table column or a meta key (`meta.camera`). */
export const sortIdSchema = z.string().refine((id) => sortSqlOf(id) !== null || (isMetaColumn(id) && validId(id)), {
  message: 'not a sortable column: a sortable table column or meta.<key>',
});

/**
 * How the table lays its columns out, saved with the view and in saved searches: widths in
 * pixels by column id (absent = the column's default), and how many of the first columns are
 * pinned to the left.
 */
export const columnLayoutSchema = z
  .object({
    widths: z.record(columnIdSchema, z.number().int().min(30).max(2000)).default({}),
    pinned: z.number().int().min(0).max(20).default(1),
  })
  .strict();
export type ColumnLayout = z.output<typeof columnLayoutSchema>;

/** A cell value of a chosen column as a window returns it. */
export const cellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof cellValueSchema>;
