import { z } from 'zod';
import { columnIdSchema, columnLayoutSchema, sortIdSchema } from './view-columns';

export const sortSchema = z.object({
  key: sortIdSchema,
  dir: z.enum(['asc', 'desc']),
});
export type Sort = z.infer<typeof sortSchema>;

const flags = {
  /** The chip is a "NOT" chip: the clause or group is inverted (`-tag:blurry`). */
  negated: z.boolean().default(false),
  /** A switched-off chip stays in the query and in the text (`~tag:blurry`) but matches everything. */
  enabled: z.boolean().default(true),
};

/**
 * A field name as a chip stores it: canonical names from shared/query-fields.ts (`width`,
 * `labels`, `created`, `tag`, `dataset`, …), `meta.<key>` for any meta key, or `text` for a
 * free-text word. Validated against the field list by the parser and the compiler.
 */
const fieldSchema = z.string().min(1).max(300);
const valueSchema = z.string().max(1000);

/**
 * `field:value` (op eq), `field:>value`, `field:>=value`, `field:<value`, `field:<=value`.
 * Values are kept as typed (text), so chips and the language round-trip exactly; an unescaped
 * `*` or `?` in an eq value of a text field is a wildcard (`\*` is a literal star).
 * `tag_value` only for `tag:NAME=VALUE`.
 */
export const compareClauseSchema = z
  .object({
    type: z.literal('clause'),
    field: fieldSchema,
    op: z.enum(['eq', 'gt', 'gte', 'lt', 'lte']),
    value: valueSchema,
    tag_value: valueSchema.optional(),
    ...flags,
  })
  .strict();

/** `field:[min TO max]`; `[` `]` inclusive, `{` `}` exclusive, null bound = `*` (open). */
export const rangeClauseSchema = z
  .object({
    type: z.literal('clause'),
    field: fieldSchema,
    op: z.literal('range'),
    min: valueSchema.nullable(),
    max: valueSchema.nullable(),
    min_inclusive: z.boolean().default(true),
    max_inclusive: z.boolean().default(true),
    ...flags,
  })
  .strict();

/** `field:*`: the field has a value (for meta keys: the key is present). */
export const existsClauseSchema = z
  .object({ type: z.literal('clause'), field: fieldSchema, op: z.literal('exists'), ...flags })
  .strict();

export const clauseSchema = z.discriminatedUnion('op', [
  compareClauseSchema,
  rangeClauseSchema,
  existsClauseSchema,
]);
export type Clause = z.output<typeof clauseSchema>;
export type ClauseOp = Clause['op'];

export type FilterGroup = {
  type: 'group';
  op: 'and' | 'or';
  children: FilterNode[];
  negated: boolean;
  enabled: boolean;
};
export type FilterNode = Clause | FilterGroup;

export type FilterGroupInput = {
  type: 'group';
  op: 'and' | 'or';
  children: FilterNodeInput[];
  negated?: boolean;
  enabled?: boolean;
};
export type FilterNodeInput = z.input<typeof clauseSchema> | FilterGroupInput;

const MAX_CHILDREN = 100;
/** Groups nested deeper than this are refused (the text parser stops at the same depth). */
export const MAX_FILTER_DEPTH = 32;
/**
 * Clauses one query may hold, chips and text together: well below SQLite's limits (expression
 * depth 1000, 500 terms in a compound SELECT), checked by the schema and by the compiler.
 */
export const MAX_QUERY_TERMS = 256;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Why a value cannot be a filter tree before zod walks it: zod's recursive walk would run out
 * of stack on a tree thousands deep, so depth and size are measured here without recursion.
 */
function filterShapeProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  let terms = 0;
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (!isPlainObject(node)) continue;
    const children = node.children;
    if (!Array.isArray(children)) {
      if (++terms > MAX_QUERY_TERMS) return `too many terms: a query may have at most ${MAX_QUERY_TERMS} terms`;
      continue;
    }
    if (depth > MAX_FILTER_DEPTH) return `groups may be nested at most ${MAX_FILTER_DEPTH} deep`;
    for (const c of children) stack.push([c, depth + 1]);
  }
  return null;
}

/**
 * A parenthesised group of chips: `(a OR b)`, `-(a b)`. An OR group has at least two children
 * (one child in parentheses is an AND group), which keeps the text form unique.
 */
export const groupSchema: z.ZodType<FilterGroup, FilterGroupInput> = z.lazy(() =>
  z
    .object({
      type: z.literal('group'),
      op: z.enum(['and', 'or']),
      children: z.array(nodeSchema).max(MAX_CHILDREN),
      ...flags,
    })
    .strict()
    .refine((g) => g.op === 'and' || g.children.length >= 2, {
      message: 'an OR group needs at least two children',
    }),
);
export const nodeSchema: z.ZodType<FilterNode, FilterNodeInput> = z.lazy(() =>
  z.union([clauseSchema, groupSchema]),
);

/**
 * The whole filter: the top level of chips, joined by AND (`a b c`) or OR (`a OR b`). It has
 * no flags of its own: negate or switch off a group inside it instead.
 */
const filterTreeSchema = z
  .object({
    op: z.enum(['and', 'or']).default('and'),
    children: z.array(nodeSchema).max(MAX_CHILDREN).default([]),
  })
  .strict()
  .refine((g) => g.op === 'and' || g.children.length >= 2, {
    message: 'an OR filter needs at least two children',
  });
/** The tree's input type is declared, not `unknown`: the shape check only runs first. */
type Checked<S extends z.ZodType> = z.ZodType<z.output<S>, z.input<S>>;
export const filterSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const problem = filterShapeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .pipe(filterTreeSchema) as unknown as Checked<typeof filterTreeSchema>;
export type Filter = z.output<typeof filterTreeSchema>;

/**
 * One view of the cache: what to match, in which order, with which columns.
 *
 * - `filter` is the source of truth for the chips: a tree of clauses and groups. Free-text
 *   words are clauses with field `text`. Absent = no filter (so the issue-2 `{text, sort}`
 *   value stays a valid Query).
 * - `text` is a query-language string (`tag:review -width:<1000 "cam 07"`). The main side
 *   parses it and ANDs it with `filter`. The chips UI keeps `text` empty and sends `filter`;
 *   the issue-2 search box and the CLI send `text`. `parseQueryText`/`formatFilter`
 *   (shared/query-language.ts) convert between the two exactly.
 * - `sort`: up to three keys; ties are broken by row id so the order is total.
 * - `columns`: the visible columns in order (absent = the app's default set): table columns,
 *   other ImageInfo fields, `meta.<key>` (shared/view-columns.ts); a view's rows carry their values.
 * - `layout`: widths and pinned columns, kept with the query so saved searches restore them.
 */
const queryObjectSchema = z
  .object({
    text: z.string().max(4000).default(''),
    filter: filterSchema.optional(),
    sort: z.array(sortSchema).max(3).default([{ key: 'name', dir: 'asc' }]),
    columns: z.array(columnIdSchema).max(200).optional(),
    layout: columnLayoutSchema.optional(),
  })
  .strict();
/** Strict, and a plain object only: a misspelt key or a Date must not quietly mean "everything". */
export const querySchema = z
  .unknown()
  .refine(isPlainObject, { message: 'a query is a plain object' })
  .pipe(queryObjectSchema) as unknown as Checked<typeof queryObjectSchema>;
export type Query = z.output<typeof querySchema>;
export type QueryInput = z.input<typeof querySchema>;

/** An empty filter (matches everything). */
export function emptyFilter(): Filter {
  return { op: 'and', children: [] };
}
