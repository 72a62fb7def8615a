/**
 * How deep a record's values may nest, `{"meta": {...}}` counting as level 1 for `meta`. Real
 * ImageInfo records nest a few levels; a value thousands of levels deep overflows the stack of
 * every recursive step after parsing (JSON.stringify, search indexing), so such a record is
 * refused as a bad record (skippable) instead of failing the whole import. Documented in the
 * README's import section.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The top-level key of the first value that nests deeper than `limit`, or null. Iterative, so
 * the check itself never overflows; it stops at the first offender.
 */
export function tooDeepField(record: unknown, limit = MAX_NESTING_DEPTH): string | null {
  if (record === null || typeof record !== 'object') return null;
  for (const [key, top] of Object.entries(record)) {
    const stack: [unknown, number][] = [[top, 1]];
    while (stack.length > 0) {
      const [v, depth] = stack.pop() as [unknown, number];
      if (v === null || typeof v !== 'object') continue;
      if (depth > limit) return key;
      for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return null;
}
