import { z } from 'zod';

/**
 * The metadata quality checks, declared once: id (also the query language's `is:` value, so a
 * check's offenders are the view `is:ID`, composable with any query), a label and a one-line
 * explanation. How each finds its offenders is in electron/core/cache/quality-checks.ts, keyed
 * by these ids (a missing one is a compile error there).
 */
export const QUALITY_CHECKS = [
  {
    id: 'duplicate',
    label: 'Duplicate bytes',
    explain: 'The same file hash appears under several names or datasets.',
  },
  {
    id: 'duplicate-name',
    label: 'Duplicate names',
    explain: 'Two or more images share one name within the same dataset.',
  },
  {
    id: 'missing-size',
    label: 'Missing size',
    explain: 'Width, height or file size is missing or zero.',
  },
  {
    id: 'mime-mismatch',
    label: 'Mime ≠ extension',
    explain: "The mime type does not match the file name's extension.",
  },
  {
    id: 'unlabelled',
    label: 'Unlabelled in labelled dataset',
    explain: 'No labels, in a dataset where most images are labelled.',
  },
  {
    id: 'dates-reversed',
    label: 'Updated before created',
    explain: 'updated_at is earlier than created_at.',
  },
  {
    id: 'unknown-tag',
    label: 'Tags without a tag meta',
    explain: "A tag whose tag meta is missing from its project, so it has no known name or type.",
  },
  {
    id: 'mixed-meta',
    label: 'Meta key with mixed types',
    explain: 'A meta value whose type differs from the type most records use for that key.',
  },
  {
    id: 'changed-since-export',
    label: 'Changed since last export',
    explain: 'A sync added or updated the record after the last export from this cache.',
  },
] as const;

export type CheckId = (typeof QUALITY_CHECKS)[number]['id'];
export const CHECK_IDS = QUALITY_CHECKS.map((c) => c.id) as [CheckId, ...CheckId[]];

export const checkIdSchema = z.enum(CHECK_IDS);

/** One offending record: what the CLI prints per line. */
export const checkFindingSchema = z.object({
  check: checkIdSchema,
  id: z.number(),
  name: z.string(),
  dataset: z.string().nullable(),
  detail: z.string(),
});
export type CheckFinding = z.infer<typeof checkFindingSchema>;

/** Offending records per check, for the records a query matches. */
export const checkSummarySchema = z.record(checkIdSchema, z.number().int().min(0));
export type CheckSummary = z.infer<typeof checkSummarySchema>;
