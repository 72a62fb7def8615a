import { FIELD_LISTS } from '../../../shared/field-lists';
import { IMAGE_INFO_FIELDS } from '../../../shared/image-info';
import type { ExportColumn } from '../../../shared/export';
import type { ImageTag } from '../../../shared/image-info';
import type { TagNames } from '../cache/tag-names';

/**
 * How a column's values are typed, which decides how each format writes them:
 * - `int`: an integer or null (CSV writes it as a number, exempt from the formula guard);
 * - `text`: a string or null;
 * - `int-or-text`: `created_by`, an int on some servers and a login on others;
 * - `json`: stored JSON text, spliced into JSON output as it is and written as text in CSV;
 * - `dynamic`: a flattened `meta.KEY` value — any JSON value (objects written as JSON text).
 */
export type ValueKind = 'int' | 'text' | 'int-or-text' | 'json' | 'dynamic';

/** One output column: its header and how to get its value from a stored row. */
export type OutColumn = {
  name: string;
  kind: ValueKind;
  /** Parquet: INT32 is enough for pixel sizes and label counts; other ints need INT64. */
  narrow?: boolean;
  /** For `dynamic` columns: the JSON types seen (Parquet picks a physical type from them). */
  types?: string[];
  get(row: readonly unknown[]): unknown;
};

/** How an ImageInfo field's stored values are typed, from the field catalogue. */
function valueKind(key: string): ValueKind {
  const value = FIELD_LISTS.valueOf(key);
  return value === 'int' || value === 'json' || value === 'int-or-text' ? value : 'text';
}

/**
 * Builds the list of stored columns a set of output columns reads, and the getters that pick
 * their values from the raw row arrays iterateStoredRows yields.
 */
export class RowShape {
  /** Stored columns to SELECT, in order; `source_id` is always first (per-source counts). */
  readonly stored: string[] = ['source_id'];

  private index(column: string): number {
    let i = this.stored.indexOf(column);
    if (i < 0) i = this.stored.push(column) - 1;
    return i;
  }

  sourceOf(row: readonly unknown[]): number {
    return row[0] as number;
  }

  /** A getter for a stored column. */
  reader(column: string): (row: readonly unknown[]) => unknown {
    const i = this.index(column);
    return (row) => row[i];
  }
}

export type ColumnContext = {
  shape: RowShape;
  tagNames: TagNames;
  sourceLabels: ReadonlyMap<number, string>;
};

/** The output column for one export column key. */
export function outColumn(key: ExportColumn, ctx: ColumnContext): OutColumn {
  const { shape } = ctx;
  switch (key) {
    case 'source': {
      const src = shape.reader('source_id');
      return { name: key, kind: 'text', get: (r) => ctx.sourceLabels.get(src(r) as number) ?? null };
    }
    case 'tag_names': {
      const tags = shape.reader('tags');
      const src = shape.reader('source_id');
      return {
        name: key,
        kind: 'json',
        get: (r) => {
          const text = tags(r) as string;
          if (text === '[]') return '[]';
          const list = JSON.parse(text) as ImageTag[];
          return JSON.stringify(list.map((t) => ctx.tagNames.nameOf(src(r) as number, t)));
        },
      };
    }
    default: {
      const kind = valueKind(key);
      // The stored column may differ from the key: `dataset` reads `dataset_path`.
      const get = shape.reader(FIELD_LISTS.columnOf(key) ?? key);
      if (kind === 'int-or-text') return { name: key, kind, get };
      return { name: key, kind, narrow: FIELD_LISTS.narrow.has(key), get };
    }
  }
}

/** Most `meta.KEY` columns one export flattens; past that the rest stay in a `meta` column. */
export const MAX_META_COLUMNS = 500;

/** `meta.KEY` columns: each row's meta parsed once, shared by that row's key columns. */
export function metaColumns(keys: { key: string; types: string[] }[], shape: RowShape): OutColumn[] {
  const meta = shape.reader('meta');
  let lastRow: readonly unknown[] | null = null;
  let parsed: Record<string, unknown> = {};
  const parse = (r: readonly unknown[]) => {
    if (r !== lastRow) {
      lastRow = r;
      parsed = JSON.parse(meta(r) as string) as Record<string, unknown>;
    }
    return parsed;
  };
  return keys.map(({ key, types }) => ({
    name: `meta.${key}`,
    kind: 'dynamic' as const,
    types,
    get: (r: readonly unknown[]) => {
      const o = parse(r);
      // Own keys only: "constructor" must not find Object.prototype's.
      return Object.hasOwn(o, key) ? (o[key] ?? null) : null;
    },
  }));
}

/** Every ImageInfo field, in the SDK's order: what "complete records" means for a table. */
export const ALL_FIELDS: readonly ExportColumn[] = IMAGE_INFO_FIELDS;
