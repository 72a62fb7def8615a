import { z } from 'zod';
import { clauseSchema, querySchema } from './query';
import { FIELD_LISTS, type FacetName } from './field-lists';

/**
 * Payloads of the search channels: facets, the field/meta-key catalogue, saved
 * searches. The renderer builds the facet sidebar, the type-ahead and the saved-searches list
 * from these; every facet value carries the chip (clause) that selects it.
 */

/** The facets of the standard panel, by id (field catalogue). `meta:KEY` asks for a meta key's values. */
export const STANDARD_FACETS = FIELD_LISTS.facets.map((f) => f.id) as [FacetName, ...FacetName[]];
export const facetIdSchema = z.union([
  z.enum(STANDARD_FACETS),
  z.string().regex(/^meta:.{1,200}$/s, 'meta:KEY'),
]);
export type FacetId = z.infer<typeof facetIdSchema>;

export const facetValueSchema = z.object({
  /** What the sidebar shows: a dataset path, a tag name, "1–5", "2024-01"… */
  label: z.string(),
  count: z.number().int(),
  /** The chip that selects this value: add it on click, add it with `negated: true` on alt-click. */
  clause: clauseSchema,
  /** Dataset tree only: nesting depth (0 = top level); counts include everything below. */
  depth: z.number().int().optional(),
});
export type FacetValue = z.infer<typeof facetValueSchema>;

export const facetSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** `list`: values by count; `histogram`: ordered buckets; `tree`: dataset paths in tree order. */
  kind: z.enum(['list', 'histogram', 'tree']),
  /** `counting`: too slow for the interactive budget; being counted in the background — ask again
   * (a `facets:ready` event says when). `values` is then empty. */
  status: z.enum(['done', 'counting']),
  values: z.array(facetValueSchema),
  /** More values exist than `values` holds (the query used LIMIT n+1). */
  truncated: z.boolean(),
  /** When truncated: how many values `values` leaves out ("+ 1,234 more"). */
  more: z.number().int().nonnegative().optional(),
  /** Milliseconds spent on this facet for this answer. */
  ms: z.number(),
});
export type Facet = z.infer<typeof facetSchema>;

export const facetsRequestSchema = z
  .object({
    query: querySchema,
    /** Which facets; default: the standard panel with the 3 most common meta keys. */
    facets: z.array(facetIdSchema).max(30).optional(),
    /** Values per list facet (the sidebar's "show more" asks for more). */
    limit: z.number().int().min(1).max(500).default(10),
  })
  .strict();

export const facetsResponseSchema = z.object({
  /** Matches under the query (exact). */
  total: z.number().int(),
  facets: z.array(facetSchema),
  /** An opaque key for this query's facets; `facets:ready` events carry it. */
  key: z.string(),
});
export type FacetsResponse = z.infer<typeof facetsResponseSchema>;

/** A meta key in the catalogue, for type-ahead and "add facet". */
export const metaKeySchema = z.object({
  key: z.string(),
  type: z.enum(['number', 'string', 'boolean', 'null', 'mixed']),
  /** Records that have the key. */
  count: z.number().int(),
});
export type MetaKey = z.infer<typeof metaKeySchema>;

export const catalogueSchema = z.object({
  /** Every field of the language: name, label, type, aliases, enumerated values. */
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      aliases: z.array(z.string()),
      values: z.array(z.string()),
    }),
  ),
  meta_keys: z.array(metaKeySchema),
  tag_names: z.array(z.object({ name: z.string(), count: z.number().int() })),
  dataset_paths: z.array(z.string()),
  sources: z.array(z.object({ id: z.number().int(), label: z.string() })),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

export const savedSearchSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** live: reopening runs the query again; snapshot: reopening shows the records saved then. */
  kind: z.enum(['live', 'snapshot']),
  /** The saved query (a snapshot's query is `snapshot:ID` plus the saved sort and columns). */
  query: querySchema,
  /** The query as text in the query language (copy-as-text). */
  text: z.string(),
  /** Records saved by a snapshot, or matched when a live search was saved. */
  count: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export const saveSearchRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['live', 'snapshot']),
    query: querySchema,
    /** Replace a saved search of the same name instead of failing. */
    overwrite: z.boolean().default(false),
  })
  .strict();
