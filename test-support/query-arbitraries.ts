/**
 * fast-check generators for filters, shared by the language round-trip test (shared/) and the
 * compiler-vs-reference test (cache/). Test-only: fast-check is a dev dependency.
 */
import fc from 'fast-check';
import type { Clause, Filter, FilterGroup, FilterNode } from '../shared/query';

/** Strings that have broken parsers and SQL before: quotes, escapes, wildcards, keywords, unicode. */
export const HOSTILE = [
  '',
  ' ',
  '"',
  "'",
  '\\',
  '\\"',
  '%',
  '_',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ':',
  '=',
  '-',
  '~',
  '>',
  '<=',
  'AND',
  'OR',
  'NOT',
  'TO',
  "'; DROP TABLE images; --",
  '" OR 1=1 --',
  'Robert"); --',
  'É',
  'é',
  'ß',
  'İ',
  'ς',
  'Σ',
  '東京',
  '😀',
  'e\u0301',
  'Cafe\u0301',
  'café',
  'İstanbul',
  'ΟΔΟΣ',
  '\u00a0',
  '\u2028',
  '\u0000',
  '\u0001',
  '\uffff',
  '\u{10ffff}',
  'NaN',
  '1e3',
  '-0',
  'null',
  'true',
];

/** A short string made of hostile pieces and ordinary characters. */
export const hostileString = (maxParts = 4): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
        { weight: 3, arbitrary: fc.string({ maxLength: 4 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));

/** Vocabulary for a clause generator: which fields and which values to draw from. */
export type ClauseVocabulary = {
  text: fc.Arbitrary<string>;
  string: fc.Arbitrary<string>;
  number: fc.Arbitrary<string>;
  date: fc.Arbitrary<string>;
  tagName: fc.Arbitrary<string>;
  tagValue: fc.Arbitrary<string>;
  metaKey: fc.Arbitrary<string>;
  metaValue: fc.Arbitrary<string>;
  dataset: fc.Arbitrary<string>;
  source: fc.Arbitrary<string>;
};

const flags = fc.record({ negated: fc.boolean(), enabled: fc.boolean() });

const STRING_FIELDS = ['name', 'mime', 'ext', 'hash', 'link', 'description'] as const;
const NUMBER_FIELDS = ['id', 'size', 'width', 'height', 'labels', 'mp', 'aspect'] as const;
const DATE_FIELDS = ['created', 'updated'] as const;
const CMP = ['eq', 'gt', 'gte', 'lt', 'lte'] as const;

function noStar(a: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return a.filter((v) => v !== '*');
}

/** Clauses over every field kind, values drawn from the vocabulary. */
export function clauseArb(v: ClauseVocabulary): fc.Arbitrary<Clause> {
  const cmp = (field: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
    fc
      .record({ field, op: fc.constantFrom(...CMP), value, f: flags })
      .map(({ field: f, op, value: val, f: fl }): Clause => ({ type: 'clause', field: f, op, value: val, ...fl }));
  const range = (field: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
    fc
      .record({
        field,
        min: fc.option(value, { nil: null }),
        max: fc.option(value, { nil: null }),
        min_inclusive: fc.boolean(),
        max_inclusive: fc.boolean(),
        f: flags,
      })
      .map(({ f, ...r }): Clause => ({ type: 'clause', op: 'range', ...r, ...f }));
  const exists = (field: fc.Arbitrary<string>) =>
    fc.record({ field, f: flags }).map(({ field: f, f: fl }): Clause => ({ type: 'clause', field: f, op: 'exists', ...fl }));
  const eq = (field: string, value: fc.Arbitrary<string>) =>
    fc.record({ value, f: flags }).map(({ value: val, f }): Clause => ({ type: 'clause', field, op: 'eq', value: val, ...f }));
  const metaField = v.metaKey.map((k) => `meta.${k}`);
  return fc.oneof(
    { weight: 3, arbitrary: eq('text', v.text) },
    { weight: 2, arbitrary: cmp(fc.constantFrom(...STRING_FIELDS), noStar(v.string)) },
    { weight: 2, arbitrary: cmp(fc.constantFrom(...NUMBER_FIELDS), v.number) },
    { weight: 1, arbitrary: range(fc.constantFrom(...NUMBER_FIELDS), v.number) },
    { weight: 2, arbitrary: cmp(fc.constantFrom(...DATE_FIELDS), noStar(v.date)) },
    { weight: 1, arbitrary: range(fc.constantFrom(...DATE_FIELDS), v.date) },
    { weight: 1, arbitrary: cmp(fc.constant('author'), noStar(v.string)) },
    {
      weight: 1,
      arbitrary: exists(fc.constantFrom(...STRING_FIELDS, ...NUMBER_FIELDS, ...DATE_FIELDS, 'author', 'tag', 'dataset')),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ name: v.tagName, value: fc.option(v.tagValue, { nil: undefined }), f: flags })
        .map(({ name, value, f }): Clause => ({
          type: 'clause',
          field: 'tag',
          op: 'eq',
          value: name,
          ...(value === undefined ? {} : { tag_value: value }),
          ...f,
        })),
    },
    { weight: 3, arbitrary: cmp(metaField, noStar(v.metaValue)) },
    { weight: 1, arbitrary: range(metaField, v.metaValue) },
    { weight: 1, arbitrary: exists(metaField) },
    { weight: 1, arbitrary: eq('dataset', v.dataset) },
    { weight: 1, arbitrary: eq('source', v.source) },
    { weight: 1, arbitrary: eq('has', fc.constantFrom('link', 'hash', 'tags', 'description', 'meta')) },
    { weight: 1, arbitrary: eq('is', fc.constant('duplicate')) },
  );
}

/** Filters with nested groups, respecting the schema (OR groups have 2+ children). */
export function filterArb(v: ClauseVocabulary): fc.Arbitrary<Filter> {
  const { node } = fc.letrec<{ node: FilterNode; group: FilterGroup }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, clauseArb(v), tie('group')),
    group: fc
      .record({
        op: fc.constantFrom('and' as const, 'or' as const),
        children: fc.array(tie('node'), { maxLength: 3 }),
        f: flags,
      })
      .filter((g) => g.op === 'and' || g.children.length >= 2)
      .map(({ op, children, f }): FilterGroup => ({ type: 'group', op, children, ...f })),
  }));
  return fc
    .record({ op: fc.constantFrom('and' as const, 'or' as const), children: fc.array(node, { maxLength: 4 }) })
    .filter((g) => g.op === 'and' || g.children.length >= 2);
}

/**
 * ANDs of many negated clauses, mostly distinct: the compiler merges negated row-id sets into
 * one NOT IN, which must still mean exactly NOT a AND NOT b AND …
 */
export function negationsArb(v: ClauseVocabulary, maxTerms = 64): fc.Arbitrary<Filter> {
  return fc
    .array(clauseArb(v), { minLength: 2, maxLength: maxTerms })
    .map((cs): Filter => ({ op: 'and', children: cs.map((c) => ({ ...c, negated: true })) }));
}

/** A vocabulary of arbitrary (hostile) strings everywhere a string may go. */
export const hostileVocabulary: ClauseVocabulary = {
  text: hostileString(),
  string: hostileString(),
  number: fc.oneof(
    fc.integer({ min: -5000, max: 5_000_000 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => String(d)).filter((s) => /^-?\d/.test(s) && !s.includes('e')),
    fc.constantFrom('0', '1e3', '010', '.5', '-0'),
  ),
  date: fc.oneof(
    fc.constantFrom('2024', '2024-01', '2024-01-01', '2024-02-01T10:00:00Z', '2023-12-31T23:59:59.999Z'),
    hostileString(2),
  ),
  tagName: hostileString(),
  tagValue: hostileString(),
  metaKey: hostileString().filter((k) => k !== ''),
  metaValue: hostileString(),
  dataset: hostileString(),
  source: hostileString(),
};
