import { IMAGE_INFO_FIELDS } from '../../../shared/image-info';
import type { OutColumn, RowShape } from './export-columns';

const JSON_STORED = new Set(['meta', 'tags', 'ai_search_meta']);

/** One value as JSON text; `json` columns are stored JSON already and go out verbatim. */
export function jsonValue(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (json) return value as string;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

/**
 * A record in the SDK's `ImageInfo._asdict()` form (snake_case keys in the SDK's order, the
 * same as toSdkJson), built from the stored row without parsing its JSON columns: `meta`,
 * `tags` and unknown keys (`extra`) are spliced in as stored. Re-imports as it was.
 */
export function sdkRecordWriter(shape: RowShape): (row: readonly unknown[]) => string {
  const getters = IMAGE_INFO_FIELDS.map((f) => {
    const get = shape.reader(f);
    const prefix = `${JSON.stringify(f)}:`;
    if (f === 'meta') return (r: readonly unknown[]) => prefix + ((get(r) as string | null) ?? '{}');
    if (f === 'tags') return (r: readonly unknown[]) => prefix + ((get(r) as string | null) ?? '[]');
    const json = JSON_STORED.has(f);
    return (r: readonly unknown[]) => prefix + jsonValue(get(r), json);
  });
  const extra = shape.reader('extra');
  return (r) => {
    let out = '{';
    for (let i = 0; i < getters.length; i++) {
      if (i > 0) out += ',';
      out += (getters[i] as (r: readonly unknown[]) => string)(r);
    }
    const more = extra(r) as string | null;
    // `extra` is a stored JSON object: its members continue the record ("{}" adds nothing).
    if (more && more.length > 2) out += `,${more.slice(1, -1)}`;
    return `${out}}`;
  };
}

/** A record of the chosen columns, in their order, keyed by column name. */
export function columnsRecordWriter(columns: readonly OutColumn[]): (row: readonly unknown[]) => string {
  const keys = columns.map((c) => `${JSON.stringify(c.name)}:`);
  return (r) => {
    let out = '{';
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i] as OutColumn;
      if (i > 0) out += ',';
      out += keys[i] + jsonValue(c.get(r), c.kind === 'json');
    }
    return `${out}}`;
  };
}
