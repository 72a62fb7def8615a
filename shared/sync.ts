import { z } from 'zod';

/**
 * What the renderer sees of Supervisely server accounts, their remote tree, sync progress and
 * "what changed". No schema here has a field that could carry an API token: the
 * token goes in once (servers:connect) and never comes back out.
 */

/** Where the token of an account lives: the OS keychain, this session only, or nowhere. */
export const tokenStateSchema = z.enum(['persisted', 'session', 'missing']);
export type TokenState = z.infer<typeof tokenStateSchema>;

export const serverAccountSchema = z.object({
  source_id: z.number().int(),
  server_url: z.string(),
  user_id: z.number().int(),
  login: z.string(),
  user_name: z.string().nullable(),
  server_version: z.string().nullable(),
  token: tokenStateSchema,
  connected_at: z.string(),
  tree_fetched_at: z.string().nullable(),
});
export type ServerAccount = z.infer<typeof serverAccountSchema>;

/** The connect form's input. The token is write-only: nothing returns it. */
export const connectInputSchema = z
  .object({
    server_url: z.string().trim().min(1, 'enter the server address').max(2048),
    token: z.string().trim().min(1, 'enter the API token').max(4096),
  })
  .strict();

export const connectResultSchema = z.object({
  account: serverAccountSchema,
  /** Set when the token could not be stored in the OS keychain (kept for this session only). */
  notice: z.string().nullable(),
});

export const projectSyncStateSchema = z.enum(['never', 'running', 'interrupted', 'failed', 'synced']);
export type ProjectSyncState = z.infer<typeof projectSyncStateSchema>;

export interface RemoteDataset {
  id: number;
  name: string;
  images_count: number | null;
  last_synced_at: string | null;
  children: RemoteDataset[];
}
export const remoteDatasetSchema: z.ZodType<RemoteDataset> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    images_count: z.number().int().nullable(),
    last_synced_at: z.string().nullable(),
    children: z.array(remoteDatasetSchema),
  }),
);

export const remoteProjectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  images_count: z.number().int().nullable(),
  updated_at: z.string().nullable(),
  selected: z.boolean(),
  state: projectSyncStateSchema,
  last_synced_at: z.string().nullable(),
  cached_count: z.number().int(),
  datasets: z.array(remoteDatasetSchema),
});
export type RemoteProject = z.infer<typeof remoteProjectSchema>;

export const remoteTreeSchema = z.object({
  source_id: z.number().int(),
  fetched_at: z.string().nullable(),
  teams: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      workspaces: z.array(
        z.object({ id: z.number().int(), name: z.string(), projects: z.array(remoteProjectSchema) }),
      ),
    }),
  ),
});
export type RemoteTree = z.infer<typeof remoteTreeSchema>;

/** One project's sync as the progress panel shows it. */
export const projectProgressSchema = z.object({
  source_id: z.number().int(),
  project_id: z.number().int(),
  name: z.string(),
  state: projectSyncStateSchema,
  /** full = every record; incremental = ids and updatedAt, then only what changed. */
  pass: z.enum(['full', 'incremental']).nullable(),
  phase: z.enum(['list', 'fetch', 'verify']).nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  rate_per_s: z.number(),
  eta_s: z.number().nullable(),
  added: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  last_synced_at: z.string().nullable(),
  error: z.string().nullable(),
});
export type ProjectProgress = z.infer<typeof projectProgressSchema>;

/** A change to one field: scalar fields by name, meta by dotted path; absent = no such key. */
export const fieldChangeSchema = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const tagChangeSchema = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  name: z.string(),
  before: z.union([z.string(), z.number(), z.null()]).optional(),
  after: z.union([z.string(), z.number(), z.null()]).optional(),
});
export type TagChange = z.infer<typeof tagChangeSchema>;

export const recordChangeSchema = z.object({
  image_id: z.number().int(),
  project_id: z.number().int(),
  change: z.enum(['added', 'updated', 'deleted']),
  name: z.string(),
  dataset: z.string().nullable(),
  fields: z.array(fieldChangeSchema),
  meta: z.array(fieldChangeSchema),
  tags: z.array(tagChangeSchema),
});
export type RecordChange = z.infer<typeof recordChangeSchema>;

/** The last complete sync of each project of an account, and a page of its changes. */
export const whatChangedSchema = z.object({
  passes: z.array(
    z.object({
      project_id: z.number().int(),
      project: z.string(),
      kind: z.enum(['full', 'incremental']),
      finished_at: z.string(),
      added: z.number().int(),
      updated: z.number().int(),
      deleted: z.number().int(),
      /**
       * Listings the pass repeated before it could prove one complete (the server changed
       * while it was read, or a second listing of ids disagreed).
       */
      relists: z.number().int(),
      /** The project's first sync: every record is new, and they are not listed one by one. */
      first: z.boolean(),
    }),
  ),
  total: z.number().int(),
  changes: z.array(recordChangeSchema),
});
export type WhatChanged = z.infer<typeof whatChangedSchema>;
