import { z } from 'zod';
import { imageDetailSchema, imageRowSchema, sourceSchema } from './records';
import { jobSchema } from './jobs';
import { querySchema } from './query';
import {
  catalogueSchema,
  facetsRequestSchema,
  facetsResponseSchema,
  savedSearchSchema,
  saveSearchRequestSchema,
} from './search';
import { exportRequestSchema } from './export';
import { settingsPatchSchema, settingsViewSchema } from './settings';
import { checkSummarySchema } from './quality-checks';
import { histogramSchema, histogramsRequestSchema } from './stats';
import {
  connectInputSchema,
  connectResultSchema,
  projectProgressSchema,
  remoteTreeSchema,
  serverAccountSchema,
  whatChangedSchema,
} from './sync';
import type { ChannelName, EventName } from './channels';

type Procedure = { input: z.ZodType; output: z.ZodType };

const empty = z.object({}).strict();
const viewId = z.string().regex(/^v\d{1,9}$/);
const sourceRef = z.object({ source_id: z.number().int().min(1) }).strict();
/**
 * A request's lane (the table's view, the facet panel, the detail panel): a newer request in
 * the same lane supersedes the older one, which stops and answers CANCELLED. No lane: never
 * superseded.
 */
const lane = z.string().min(1).max(64).optional();

/**
 * The IPC contract: every channel the renderer may call, with the schemas main parses its
 * input with and the shape of what it returns. Names are `domain:verb`.
 */
export const contract = {
  'app:info': {
    input: empty,
    output: z.object({
      version: z.string(),
      cache_path: z.string(),
      cache_bytes: z.number(),
      image_count: z.number().int(),
      source_count: z.number().int(),
    }),
  },
  /**
   * Opens a view of the query (chips in `query.filter`, language text in `query.text`,
   * both applied). `total` is exact; `hints.prefix_terms` lists free-text terms under 3
   * characters that were searched as name prefixes (show "type 3+ characters to search inside
   * names"). A syntax error comes back as INVALID_INPUT naming the token and position.
 * `rows` holds the view's first `first` rows, so one call puts the count and the first screen up.
   */
  'images:openView': {
    input: z
      .object({
        query: querySchema,
        lane,
        /** Rows of the view's start to answer with, saving the first images:window call. */
        first: z.number().int().min(0).max(500).optional(),
      })
      .strict(),
    output: z.object({
      view_id: viewId,
      total: z.number().int(),
      rows: z.array(imageRowSchema).default([]),
      hints: z.object({ prefix_terms: z.array(z.string()) }).default({ prefix_terms: [] }),
    }),
  },
  'images:window': {
    input: z
      .object({
        view_id: viewId,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    output: z.object({ offset: z.number().int(), rows: z.array(imageRowSchema) }),
  },
  'images:get': {
    input: z.object({ row_id: z.number().int().min(1), lane }).strict(),
    output: imageDetailSchema,
  },
  /** Opens the file or folder dialog in main and starts an import job; null if cancelled. */
  'import:pick': {
    input: z
      .object({ what: z.enum(['file', 'folder']), skip_bad: z.boolean().default(false) })
      .strict(),
    output: z.object({ job_id: z.string().nullable() }),
  },
  /** Imports what the user dropped on the window (paths from preload's webUtils). */
  'import:paths': {
    input: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(20),
        skip_bad: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ job_ids: z.array(z.string()) }),
  },
  'demo:load': {
    input: z
      .object({
        count: z.number().int().min(1).max(2_000_000).default(20_000),
        seed: z.number().int().min(0).max(2 ** 31).default(7),
      })
      .strict(),
    output: z.object({ job_id: z.string() }),
  },
  'jobs:list': { input: empty, output: z.array(jobSchema) },
  'jobs:cancel': {
    input: z.object({ job_id: z.string().max(64) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Saves the full list of records an import skipped, where the user chooses. */
  'jobs:saveReport': {
    input: z.object({ job_id: z.string().max(64) }).strict(),
    output: z.object({ saved_to: z.string().nullable() }),
  },
  'sources:list': { input: empty, output: z.array(sourceSchema) },
  /** Removes a source and every record it brought, as a job. */
  'sources:remove': {
    input: z.object({ source_id: z.number().int().min(1) }).strict(),
    output: z.object({ job_id: z.string() }),
  },
  // Supervisely servers. The token goes in through servers:connect only; no output
  // carries it.
  'servers:list': { input: empty, output: z.array(serverAccountSchema) },
  'servers:connect': { input: connectInputSchema, output: connectResultSchema },
  /** Forgets the account's token (the cached records stay). */
  'servers:disconnect': { input: sourceRef, output: z.object({ disconnected: z.boolean() }) },
  /** The cached tree: teams → workspaces → image projects → datasets, offline. */
  'remote:tree': { input: sourceRef, output: remoteTreeSchema },
  /** Fetches the tree from the server, caches it, and returns it. */
  'remote:refresh': { input: sourceRef, output: remoteTreeSchema },
  'sync:select': {
    input: z
      .object({
        source_id: z.number().int().min(1),
        project_ids: z.array(z.number().int().min(1)).min(1).max(10_000),
        selected: z.boolean(),
      })
      .strict(),
    output: z.object({ selected: z.array(z.number().int()) }),
  },
  /** Starts (or resumes) a sync job: the named projects, else the ticked ones. */
  'sync:start': {
    input: z
      .object({
        source_id: z.number().int().min(1),
        project_ids: z.array(z.number().int().min(1)).max(10_000).default([]),
        full: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ job_id: z.string() }),
  },
  'sync:status': {
    input: z.object({ source_id: z.number().int().min(1).optional() }).strict(),
    output: z.array(projectProgressSchema),
  },
  /** The last complete sync of each project of an account: what was added, updated, deleted. */
  'sync:changes': {
    input: z
      .object({
        source_id: z.number().int().min(1),
        project_id: z.number().int().min(1).optional(),
        change: z.enum(['added', 'updated', 'deleted']).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: whatChangedSchema,
  },
  /** Asks main's save dialog for the destination, then exports in a job. */
  'export:start': {
    input: exportRequestSchema,
    output: z.object({ job_id: z.string().nullable() }),
  },
  /** Makes the thumbnails of the records a query matches, in a job, for use offline. */
  'thumbs:make': {
    input: z.object({ query: querySchema }).strict(),
    output: z.object({ job_id: z.string() }),
  },
  /**
   * Facet counts under the query. Whole-cache counts are precomputed; under a filter
   * a facet that does not finish within the interactive budget comes back `status: 'counting'`
   * and a `facets:ready` event with the response's `key` says when asking again returns it.
   */
  'facets:get': { input: facetsRequestSchema.extend({ lane }), output: facetsResponseSchema },
  /** Fields, meta keys (type, count), tag names, dataset paths, sources: for type-ahead. */
  'search:catalogue': { input: empty, output: catalogueSchema },
  /**
   * How many of the query's records each quality check finds (shared/quality-checks.ts); the
   * offenders of one are the query AND `is:ID`. Counted on a reader thread.
   */
  'checks:summary': { input: z.object({ query: querySchema, lane }).strict(), output: checkSummarySchema },
  /** Histograms of the query's records (shared/stats.ts), exact, with automatic bins; on a reader. */
  'stats:histograms': { input: histogramsRequestSchema.extend({ lane }), output: z.array(histogramSchema) },
  /** Saved searches, newest first. */
  'searches:list': { input: empty, output: z.array(savedSearchSchema) },
  /** Saves a live search (the query) or a snapshot (the matching records now). */
  'searches:save': { input: saveSearchRequestSchema, output: savedSearchSchema },
  'searches:delete': {
    input: z.object({ id: z.number().int().min(1) }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /** The user's settings, and where the cache is and how big. */
  'settings:get': { input: empty, output: settingsViewSchema },
  /** Changes some settings and answers with all of them. */
  'settings:set': { input: settingsPatchSchema, output: settingsViewSchema },
  /**
   * Copies the cache, consistently and with progress, to a place the user picks (a job), checks
   * the copy, and makes the next start open it; null when the user cancels the dialog.
   */
  'cache:move': { input: empty, output: z.object({ job_id: z.string().nullable() }) },
} as const satisfies Record<ChannelName, Procedure>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** Events main pushes to the renderer. */
export const events = {
  'jobs:progress': jobSchema,
  'cache:changed': z.object({ tables: z.array(z.enum(['images', 'sources', 'datasets'])) }),
  /** Deferred facet counts for the facets:get response with this key are ready. */
  'facets:ready': z.object({ key: z.string() }),
  /** How far a response's background counting has got (0–1): the panel's "counting… 40%". */
  'facets:progress': z.object({ key: z.string(), fraction: z.number().min(0).max(1) }),
  /** A menu item that opens something in the page (File → Export…). */
  'menu:command': z.object({ command: z.enum(['export', 'import-file', 'import-folder', 'settings']) }),
} as const satisfies Record<EventName, z.ZodType>;

export type Events = typeof events;
export type { EventName };
export type EventPayload<E extends EventName> = z.output<Events[E]>;
