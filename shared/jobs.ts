import { z } from 'zod';
import { appErrorSchema } from './errors';

export const jobKindSchema = z.enum(['import', 'demo']);
export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const jobResultSchema = z.object({
  records: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  source_id: z.number().int().nullable(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

/** A long task (import, demo load, later export and sync) as the UI sees it. */
export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  title: z.string(),
  state: jobStateSchema,
  done: z.number().int(),
  total: z.number().int().nullable(),
  rate_per_s: z.number(),
  eta_s: z.number().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  error: appErrorSchema.nullable(),
  result: jobResultSchema.nullable(),
});
export type Job = z.infer<typeof jobSchema>;
