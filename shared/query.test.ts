import { describe, expect, it } from 'vitest';
import { MAX_FILTER_DEPTH, MAX_QUERY_TERMS, querySchema } from './query';

const clause = { type: 'clause', field: 'tag', op: 'eq', value: 'review' };
/** A filter whose one clause sits `depth` groups deep. */
function nested(depth: number): unknown {
  let node: unknown = clause;
  for (let i = 0; i < depth; i++) node = { type: 'group', op: 'and', children: [node] };
  return { op: 'and', children: [node] };
}

describe('querySchema', () => {
  it('refuses a filter nested deeper than the parser allows, without running out of stack', () => {
    expect(querySchema.safeParse({ filter: nested(MAX_FILTER_DEPTH) }).success).toBe(true);
    for (const depth of [MAX_FILTER_DEPTH + 1, 500, 10_000]) {
      const r = querySchema.safeParse({ filter: nested(depth) });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/nested at most 32 deep/);
    }
  });

  it(`refuses a filter of more than ${MAX_QUERY_TERMS} clauses before parsing it`, () => {
    const groups = Array.from({ length: 3 }, () => ({ type: 'group', op: 'and', children: Array(100).fill(clause) }));
    const r = querySchema.safeParse({ filter: { op: 'and', children: groups } });
    expect(r.error?.issues[0]?.message).toMatch(/at most 256 terms/);
  });

  it('is strict: an unknown key, a Date or a Map is not a query', () => {
    expect(querySchema.safeParse({ txt: 'tag:review' }).success).toBe(false);
    expect(querySchema.safeParse({ text: 'x', filter: { op: 'and', children: [], extra: 1 } }).success).toBe(false);
    for (const v of [new Date(), new Map([['text', 'x']]), [], 'tag:review', null]) {
      expect(querySchema.safeParse(v).success, String(v)).toBe(false);
    }
    expect(querySchema.safeParse(Object.assign(Object.create(null) as object, { text: 'x' })).success).toBe(true);
    expect(querySchema.parse({})).toEqual({ text: '', sort: [{ key: 'name', dir: 'asc' }] });
  });
});
