import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterArb, hostileString, hostileVocabulary } from '../test-support/query-arbitraries';
import { filterSchema, querySchema, type Filter } from './query';
import { formatFilter, parseQueryText, QuerySyntaxError } from './query-language';

const parse = (text: string) => parseQueryText(text);
const clause = (field: string, value: string, extra: Record<string, unknown> = {}) => ({
  type: 'clause',
  field,
  op: 'eq',
  value,
  negated: false,
  enabled: true,
  ...extra,
});

function syntaxError(text: string): QuerySyntaxError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`"${text}" parsed without an error`);
}

describe('query language', () => {
  it("parses the issue's example into chips", () => {
    const f = parse(
      'tag:review -tag:blurry width:>1000 meta.camera:"cam 07" labels:0 created:[2024-01-01 TO 2024-02-01] dataset:"train/*"',
    );
    expect(f.op).toBe('and');
    expect(f.children).toEqual([
      clause('tag', 'review'),
      clause('tag', 'blurry', { negated: true }),
      clause('width', '1000', { op: 'gt' }),
      clause('meta.camera', 'cam 07'),
      clause('labels', '0'),
      {
        type: 'clause',
        field: 'created',
        op: 'range',
        min: '2024-01-01',
        max: '2024-02-01',
        min_inclusive: true,
        max_inclusive: true,
        negated: false,
        enabled: true,
      },
      clause('dataset', 'train/*'),
    ]);
  });

  it('reads aliases, tag values, groups, NOT, switched-off chips and exists', () => {
    const f = parse('labels_count:>=3 tag:weather=rain (ext:png OR NOT ext:webp) ~-has:link meta.gps.lat:* "IMG 1"');
    expect(f.children[0]).toMatchObject({ field: 'labels', op: 'gte', value: '3' });
    expect(f.children[1]).toMatchObject({ field: 'tag', value: 'weather', tag_value: 'rain' });
    expect(f.children[2]).toMatchObject({
      type: 'group',
      op: 'or',
      children: [{ field: 'ext', value: 'png' }, { field: 'ext', value: 'webp', negated: true }],
    });
    expect(f.children[3]).toMatchObject({ field: 'has', value: 'link', negated: true, enabled: false });
    expect(f.children[4]).toMatchObject({ field: 'meta.gps.lat', op: 'exists' });
    expect(f.children[5]).toMatchObject({ field: 'text', value: 'IMG 1' });
    expect(formatFilter(f)).toBe('labels:>=3 tag:weather=rain (ext:png OR -ext:webp) ~-has:link meta.gps.lat:* "IMG 1"');
  });

  it('gives OR a lower precedence than the implicit AND', () => {
    const f = parse('a b OR c');
    expect(f).toMatchObject({ op: 'or', children: [{ type: 'group', op: 'and' }, { field: 'text', value: 'c' }] });
    expect(formatFilter(f)).toBe('(a b) OR c');
  });

  it('names the bad token and its position', () => {
    const e = syntaxError('tag:review widht:>1000');
    expect(e.position).toBe(11);
    expect(e.token).toBe('widht');
    expect(e.suggestion).toBe('width');
    expect(e.message).toBe('Query: unknown field: "widht" at position 11 — did you mean "width"?');
    expect(syntaxError('labells:0').suggestion).toBe('labels');
    expect(syntaxError('created_by:x cretaed:2024').suggestion).toBe('created');
    expect(syntaxError('width:abc')).toMatchObject({ position: 0, token: 'width:abc' });
    expect(syntaxError('width:abc').message).toMatch(/width takes a number, not "abc"/);
    expect(syntaxError('(tag:a OR tag:b').message).toMatch(/missing "\)"/);
    expect(syntaxError('tag:a )')).toMatchObject({ position: 6, token: ')' });
    expect(syntaxError('name:"abc')).toMatchObject({ position: 5, token: '"abc' });
    expect(syntaxError('size:[1 TO ]').message).toMatch(/range bound/);
    expect(syntaxError('a OR')).toMatchObject({ position: 2, token: 'OR' });
    expect(syntaxError('has:lnk').message).toMatch(/did you mean "link"/);
    expect(syntaxError('12:30').message).toMatch(/quote free text/);
    expect(syntaxError('width:')).toMatchObject({ position: 6 });
  });

  it('round-trips every filter through its text exactly (property)', () => {
    fc.assert(
      fc.property(filterArb(hostileVocabulary), (filter) => {
        const parsed = filterSchema.parse(filter);
        const text = formatFilter(parsed);
        const back = parse(text);
        expect(back).toEqual(parsed);
        expect(formatFilter(back)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('never fails on arbitrary text with anything but a QuerySyntaxError, and what it reads formats stably (property)', () => {
    const pieces = fc.constantFrom('tag:', 'meta.', ':', '>', '[', ' TO ', ']', '(', ')', ' OR ', '-', '~', '"', '*', ' ', 'x', '=');
    const text = fc.oneof(hostileString(6), fc.array(fc.oneof(pieces, hostileString(1)), { maxLength: 10 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (t) => {
        let f: Filter;
        try {
          f = parse(t);
        } catch (err) {
          expect(err).toBeInstanceOf(QuerySyntaxError);
          const e = err as QuerySyntaxError;
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(t.length);
          return;
        }
        const canonical = formatFilter(f);
        expect(parse(canonical)).toEqual(f);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the issue-2 query shape valid: {text, sort} has no filter', () => {
    const q = querySchema.parse({ text: 'IMG_1', sort: [{ key: 'size', dir: 'desc' }] });
    expect(q.filter).toBeUndefined();
    expect(q.text).toBe('IMG_1');
    expect(() => querySchema.parse({ filter: { op: 'or', children: [] } })).toThrow(/OR filter needs/);
  });
});
