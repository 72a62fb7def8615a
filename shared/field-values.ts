import { z } from 'zod';

/**
 * The zod schemas of ImageInfo's values, one per kind of field; the field catalogue gives
 * each field one of them, and imageInfoSchema is assembled from those.
 */
export const int = z.number().int();
/** Integers some dumps write as strings ("148388"); accepted and turned into numbers. */
export const INT_TEXT = /^-?\d{1,15}$/;
const intLike = z.union([
  int,
  z
    .string()
    .regex(INT_TEXT, 'expected an integer')
    .transform(Number),
]);
export const optIntLike = intLike.nullable().optional();
export const optInt = int.nullable().optional();
export const optStr = z.string().nullable().optional();
export const nonEmptyName = z.string().min(1, 'name must not be empty');
/** A JSON object checked by shape only: its values are the user's own and kept verbatim. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected a JSON object',
);
export const optJsonObject = jsonObject.nullable().optional();
/** A record's unknown keys, gathered into one object. */
export const extraKeys = jsonObject.optional();

/** An image-level tag instance; keys beyond these are kept as they came. */
export const imageTagSchema = z.looseObject({
  id: int.optional(),
  tagId: int.optional(),
  name: z.string().optional(),
  value: z.union([z.string(), z.number(), z.null()]).optional(),
  labelerLogin: z.string().nullable().optional(),
});
export type ImageTag = z.output<typeof imageTagSchema>;
export const optTags = z.array(imageTagSchema).nullable().optional();

/** `created_by`: a user id on some servers, a login on others. */
export const optAuthor = z.union([z.number().int(), z.string()]).nullable().optional();

/** ISO-8601 as the server sends it; kept verbatim so sorting as text stays chronological. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const isoDate = z
  .string()
  .regex(ISO_DATE, {
    message: 'expected an ISO-8601 date such as 2024-01-31T12:00:00.000Z',
  });
export const optDate = isoDate.nullable().optional();
