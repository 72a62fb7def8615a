import { z } from 'zod';
import { appErrorSchema } from './errors';

export const jobKindSchema = z.enum(['import', 'demo', 'remove-source', 'sync', 'export', 'cache-move', 'thumbnails', 'upgrade']);
export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

/** One record an import skipped (or refused): where it is and why. */
export const importProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** How many problems travel with a job; the full report is saved from main on request. */
export const PROBLEM_PREVIEW = 50;

export const jobResultSchema = z.object({
  records: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  source_id: z.number().int().nullable(),
  /** Records a sync removed because the server no longer has them. */
  deleted: z.number().int().default(0),
  /** Records left out because the user chose to skip bad ones. */
  skipped: z.number().int().default(0),
  problems: z.array(importProblemSchema).max(PROBLEM_PREVIEW).default([]),
  /** Things the import passed over that are not records (e.g. a folder that is not a dataset). */
  warnings: z.array(z.string()).max(PROBLEM_PREVIEW).default([]),
  /** What an export wrote: the file or folder, its manifest beside it, size and SHA-256. */
  output: z
    .object({ path: z.string(), manifest: z.string(), bytes: z.number().int(), sha256: z.string() })
    .nullable()
    .default(null),
});
export type JobResult = z.input<typeof jobResultSchema>;

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
