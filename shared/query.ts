import { z } from 'zod';
import { sortKeySchema } from './columns';

export const sortSchema = z.object({
  key: sortKeySchema,
  dir: z.enum(['asc', 'desc']),
});
export type Sort = z.infer<typeof sortSchema>;

/** One view of the cache: what to match and in which order. */
export const querySchema = z.object({
  text: z.string().max(1000).default(''),
  sort: z.array(sortSchema).max(3).default([{ key: 'name', dir: 'asc' }]),
});
export type Query = z.output<typeof querySchema>;
export type QueryInput = z.input<typeof querySchema>;
