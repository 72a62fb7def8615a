import { z } from 'zod';
import { imageInfoSchema } from './image-info';
import { cellValueSchema } from './view-columns';

/** One row of the table: only what the columns show, so a window stays small. */
export const imageRowSchema = z.object({
  row_id: z.number().int(),
  id: z.number().int(),
  name: z.string(),
  dataset: z.string(),
  size: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  labels_count: z.number().nullable(),
  tags: z.array(z.string()),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  created_by: z.union([z.string(), z.number()]).nullable(),
  /** Values of the view's chosen columns beyond these, by column id (shared/view-columns.ts). */
  cells: z.record(z.string(), cellValueSchema).optional(),
});
export type ImageRow = z.infer<typeof imageRowSchema>;

export const sourceKindSchema = z.enum(['file', 'folder', 'server', 'demo']);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** Provenance of the last committed import of a source. */
export const importRunSchema = z.object({
  started_at: z.string(),
  finished_at: z.string(),
  records: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
});
export type ImportRun = z.infer<typeof importRunSchema>;

export const sourceSchema = z.object({
  id: z.number().int(),
  kind: sourceKindSchema,
  uri: z.string(),
  label: z.string(),
  created_at: z.string(),
  last_import_at: z.string().nullable(),
  image_count: z.number().int(),
  last_run: importRunSchema.nullable().default(null),
});
export type Source = z.infer<typeof sourceSchema>;

export const resolvedTagSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.number(), z.null()]),
  tag_id: z.number().nullable(),
  labeler: z.string().nullable(),
});
export type ResolvedTag = z.infer<typeof resolvedTagSchema>;

/** Everything the detail panel shows for one record. */
export const imageDetailSchema = z.object({
  row_id: z.number().int(),
  source: sourceSchema,
  dataset: z.string(),
  info: imageInfoSchema,
  tags: z.array(resolvedTagSchema),
  raw: z.record(z.string(), z.unknown()),
  synced_at: z.string(),
});
export type ImageDetail = z.infer<typeof imageDetailSchema>;
