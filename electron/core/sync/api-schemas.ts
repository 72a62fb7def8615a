import { z } from 'zod';
import { LoupeError } from '../../../shared/errors';
import { formatIssues } from '../ipc/dispatch';

/**
 * What Loupe reads from Supervisely's answers (supervisely-api.md §2), checked loosely: keys a
 * server adds are kept, keys an older server lacks are optional, and numbers some versions send
 * as strings ("861069") are accepted.
 */
const int = z.number().int();
const intLike = z.union([int, z.string().regex(/^-?\d{1,15}$/).transform(Number)]);
const optCount = intLike.nullable().optional();
const optText = z.string().nullable().optional();

/** `{ total, perPage, pagesCount, entities, after? }`; `after` is absent when the server ignored token mode. */
export const listEnvelopeSchema = z.looseObject({
  total: optCount,
  perPage: optCount,
  pagesCount: optCount,
  entities: z.array(z.unknown()),
  after: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
});
export type ListEnvelope = z.output<typeof listEnvelopeSchema>;

export const userSchema = z.looseObject({
  id: int,
  login: z.string(),
  name: optText,
  role: optText,
});
export type RemoteUser = z.output<typeof userSchema>;

export const versionSchema = z.looseObject({ version: z.union([z.string(), z.number().transform(String)]) });

export const teamSchema = z.looseObject({ id: int, name: z.string() });
export const workspaceSchema = z.looseObject({ id: int, name: z.string(), teamId: int.nullable().optional() });

export const projectSchema = z.looseObject({
  id: int,
  name: z.string(),
  type: optText,
  workspaceId: int.nullable().optional(),
  imagesCount: optCount,
  itemsCount: optCount,
  datasetsCount: optCount,
  updatedAt: optText,
});
export type RemoteProjectInfo = z.output<typeof projectSchema>;

export const datasetSchema = z.looseObject({
  id: int,
  name: z.string(),
  projectId: int.nullable().optional(),
  parentId: int.nullable().optional(),
  imagesCount: optCount,
  itemsCount: optCount,
  updatedAt: optText,
});
export type RemoteDatasetInfo = z.output<typeof datasetSchema>;

const tagMetaSchema = z.looseObject({
  id: int.optional(),
  name: z.string(),
  value_type: optText,
  color: optText,
});
/** `projects.meta`: tag metas under `tags` (older shapes: `tags_images` / `tags_objects`). */
export const projectMetaSchema = z.looseObject({
  tags: z.array(tagMetaSchema).optional(),
  tags_images: z.array(tagMetaSchema).optional(),
  tags_objects: z.array(tagMetaSchema).optional(),
});
export type TagMeta = z.output<typeof tagMetaSchema>;

/** The tag metas of a project meta, whichever shape the server used. */
export function tagMetasOf(meta: z.output<typeof projectMetaSchema>): TagMeta[] {
  return [...(meta.tags ?? []), ...(meta.tags_images ?? []), ...(meta.tags_objects ?? [])];
}

/** The light listing of an incremental pass: only the keys asked for with `fields`. */
export const lightEntitySchema = z.looseObject({
  id: int,
  updatedAt: optText,
  datasetId: int.nullable().optional(),
});

/** Parses an answer or fails with a message that names the method and the wrong fields. */
export function parseAnswer<S extends z.ZodType>(schema: S, value: unknown, method: string, host: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = formatIssues(r.error).slice(0, 3);
  throw new LoupeError(
    'SERVER_ERROR',
    `${host} answered ${method} with something Loupe does not understand (${issues.join('; ')}).`,
    { issues },
  );
}
