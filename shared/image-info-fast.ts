import type { z } from 'zod';
import { FIELD_CATALOGUE } from './field-catalogue';
import * as values from './field-values';
import { imageInfoSchema, type ImageInfo } from './image-info';

/**
 * A hand-written check of a normalised record, for the shapes that make up nearly every
 * import and sync (2–4× cheaper than zod on the demo records). It accepts exactly what imageInfoSchema
 * accepts and gives the same output — a property test holds the two together — and when it
 * rejects, zod runs to name the field and the reason.
 */

const REJECT = Symbol('reject');
type Check = (v: unknown) => unknown;

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const opt =
  (check: Check): Check =>
  (v) =>
    v === undefined || v === null ? v : check(v);

const checkInt: Check = (v) => (isInt(v) ? v : REJECT);
const checkStr: Check = (v) => (typeof v === 'string' ? v : REJECT);
const checkIntLike: Check = (v) =>
  isInt(v) ? v : typeof v === 'string' && values.INT_TEXT.test(v) ? Number(v) : REJECT;
const checkDate: Check = (v) => (typeof v === 'string' && values.ISO_DATE.test(v) ? v : REJECT);
const checkAuthor: Check = (v) => (isInt(v) || typeof v === 'string' ? v : REJECT);
const checkObject: Check = (v) => (isObject(v) ? v : REJECT);

function checkTag(t: unknown): boolean {
  if (!isObject(t)) return false;
  const { id, tagId, name, value, labelerLogin } = t;
  return (
    (id === undefined || isInt(id)) &&
    (tagId === undefined || isInt(tagId)) &&
    (name === undefined || typeof name === 'string') &&
    (value === undefined ||
      value === null ||
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isFinite(value))) &&
    (labelerLogin === undefined || labelerLogin === null || typeof labelerLogin === 'string')
  );
}
const checkTags: Check = (v) => (Array.isArray(v) && v.every(checkTag) ? v : REJECT);

/** The hand-written twin of each value schema the field catalogue uses. */
const TWINS = new Map<z.ZodType, Check>([
  [values.int, checkInt],
  [values.nonEmptyName, (v) => (typeof v === 'string' && v.length > 0 ? v : REJECT)],
  [values.optStr, opt(checkStr)],
  [values.optIntLike, opt(checkIntLike)],
  [values.optInt, opt(checkInt)],
  [values.optDate, opt(checkDate)],
  [values.optAuthor, opt(checkAuthor)],
  [values.optJsonObject, opt(checkObject)],
  [values.optTags, opt(checkTags)],
  [values.extraKeys, (v) => (v === undefined ? v : checkObject(v))],
]);

/** Each field's check, derived from the catalogue; a schema without a twin is a start-up error. */
const CHECKS: ReadonlyMap<string, Check> = new Map(
  FIELD_CATALOGUE.flatMap((e) => {
    if (!('schema' in e)) return [];
    const check = TWINS.get(e.schema);
    if (!check)
      throw new Error(`image-info-fast: no hand-written check for the schema of "${e.key}"`);
    return [[e.key, check] as const];
  }),
);
const REQUIRED = [...CHECKS.keys()].filter(
  (k) =>
    !imageInfoSchema.shape[k as keyof typeof imageInfoSchema.shape].safeParse(undefined).success,
);

/** The record checked and converted in place, or null when zod must say what is wrong. */
export function fastImageInfo(keyed: Record<string, unknown>): ImageInfo | null {
  for (const k of REQUIRED) if (!(k in keyed)) return null;
  for (const k in keyed) {
    const check = CHECKS.get(k);
    if (!check) return null;
    const v = keyed[k];
    const out = check(v);
    if (out === REJECT) return null;
    if (out !== v) keyed[k] = out;
  }
  return keyed as ImageInfo;
}

/** imageInfoSchema.safeParse with the fast path first: the same answer, zod only for errors. */
export function parseImageInfo(
  keyed: Record<string, unknown>,
): ReturnType<typeof imageInfoSchema.safeParse> {
  const fast = fastImageInfo(keyed);
  return fast ? { success: true, data: fast } : imageInfoSchema.safeParse(keyed);
}
