import { z } from 'zod';
import { FIELD_CATALOGUE } from './field-catalogue';
import { FIELD_LISTS, snakeToCamel, type ImageInfoField } from './field-lists';
export { imageTagSchema, type ImageTag } from './field-values';

/**
 * ImageInfo as Supervisely's SDK names it (snake_case), in the SDK's positional order
 * (supervisely-api.md §3). The order matters: positional-array dumps are read by index.
 */
export const IMAGE_INFO_FIELDS = FIELD_LISTS.imageInfoFields as readonly ImageInfoField[];
export type { ImageInfoField };
export { snakeToCamel };

/** Both spellings of every known key point at the SDK's snake_case name. */
const KEY_TO_FIELD: Readonly<Record<string, ImageInfoField>> = Object.assign(
  Object.create(null) as Record<string, ImageInfoField>,
  Object.fromEntries(IMAGE_INFO_FIELDS.flatMap((f) => [[f, f], [snakeToCamel(f), f]])),
);

/** Keys that could poison a merged object; a record that carries one is refused. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type SchemaEntry = Extract<(typeof FIELD_CATALOGUE)[number], { schema: z.ZodType }>;
type Shape = { [E in SchemaEntry as E['key']]: E['schema'] };
const schemaOf = new Map<string, z.ZodType>(
  FIELD_CATALOGUE.flatMap((e) => ('schema' in e ? [[e.key, e.schema] as const] : [])),
);

/**
 * The normalised record, keyed by the SDK's snake_case names, each field checked by the
 * schema the field catalogue gives it. Unknown keys live in `extra`.
 */
export const imageInfoSchema = z.object(
  Object.fromEntries([...IMAGE_INFO_FIELDS, 'extra'].map((k) => [k, schemaOf.get(k)])) as Shape,
);
export type ImageInfo = z.output<typeof imageInfoSchema>;

/**
 * Stands apart from LoupeError: it knows the field but not the file and line, which only the
 * reader knows; the importer and the sync turn it into BAD_RECORD with them.
 */
export class RecordShapeError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RecordShapeError';
  }
}

/**
 * Maps one raw record in any of the shapes users produce — snake_case dict, camelCase API
 * object, or positional array (17–27 values) — onto snake_case keys. Unknown keys go to
 * `extra`. Throws RecordShapeError for a value that is not a record or carries a forbidden key.
 */
export function normaliseImageKeys(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    if (raw.length < 17 || raw.length > IMAGE_INFO_FIELDS.length) {
      throw new RecordShapeError(
        `a positional ImageInfo has 17 to ${IMAGE_INFO_FIELDS.length} values, this one has ${raw.length}`,
      );
    }
    const out: Record<string, unknown> = {};
    raw.forEach((value, i) => {
      out[IMAGE_INFO_FIELDS[i] as string] = value;
    });
    return out;
  }
  if (raw === null || typeof raw !== 'object') {
    throw new RecordShapeError(`expected an ImageInfo object, got ${raw === null ? 'null' : typeof raw}`);
  }
  const out: Record<string, unknown> = {};
  let extra: Record<string, unknown> | undefined;
  for (const key in raw) {
    const value = (raw as Record<string, unknown>)[key];
    const field = KEY_TO_FIELD[key];
    if (field) out[field] = value;
    else {
      if (FORBIDDEN_KEYS.has(key)) throw new RecordShapeError(`forbidden key "${key}"`, key);
      (extra ??= {})[key] = value;
    }
  }
  if (extra) out.extra = extra;
  return out;
}

/** Derives `ext` from `mime` the way the SDK does when a dump does not carry it. */
export function extFromMime(mime: string | null | undefined): string | null {
  if (!mime) return null;
  const slash = mime.indexOf('/');
  return slash >= 0 ? mime.slice(slash + 1) : null;
}

/** Renders a record as the server's camelCase JSON (unknown keys kept), for the raw view. */
export function toApiJson(info: ImageInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of IMAGE_INFO_FIELDS) {
    const v = info[f];
    if (v !== undefined) out[snakeToCamel(f)] = v;
  }
  return { ...out, ...(info.extra ?? {}) };
}

/** Renders a record in the SDK's snake_case `_asdict()` form (unknown keys kept). */
export function toSdkJson(info: ImageInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of IMAGE_INFO_FIELDS) out[f] = info[f] ?? (f === 'meta' ? {} : f === 'tags' ? [] : null);
  return { ...out, ...(info.extra ?? {}) };
}

/**
 * The first problem of a failed parse as `{ field, message }` ("width", "expected number,
 * received string"), plus how many other fields are wrong, for messages that name the field.
 */
export function describeIssues(error: z.ZodError): { field: string; message: string } {
  const [first, ...rest] = error.issues;
  const field = first?.path.map(String).join('.') || '(record)';
  const text = (first?.message ?? 'invalid').replace(/^Invalid input: /, '');
  const others = new Set(rest.map((i) => i.path.map(String).join('.') || '(record)'));
  others.delete(field);
  const more = others.size ? ` (also wrong: ${[...others].slice(0, 3).join(', ')})` : '';
  return { field, message: `${text}${more}` };
}
