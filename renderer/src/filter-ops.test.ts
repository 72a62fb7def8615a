import { describe, expect, it } from 'vitest';
import type { Clause, Filter } from '../../shared/query';
import { formatFilter, parseQueryText } from '../../shared/query-language';
import type { Source } from '../../shared/records';
import {
  clauseState,
  EMPTY_FILTER,
  isFiltering,
  removeAt,
  selectedSources,
  sourceClause,
  toggleClause,
  toggleEnabled,
  toggleNegated,
  toggleValue,
  valueState,
} from './filter-ops';

const tag = (value: string): Clause => ({ type: 'clause', field: 'tag', op: 'eq', value, negated: false, enabled: true });
const text = (f: Filter) => formatFilter(f);

describe('chip and facet operations', () => {
  it('include, exclude, flip and take off a facet value', () => {
    let f = toggleClause(EMPTY_FILTER, tag('review'), false);
    expect(text(f)).toBe('tag:review');
    expect(clauseState(f, tag('review'))).toBe('include');
    f = toggleClause(f, tag('blurry'), true);
    expect(text(f)).toBe('tag:review -tag:blurry');
    expect(clauseState(f, tag('blurry'))).toBe('exclude');
    // Alt-click on an included value excludes it instead; clicking it the same way again removes it.
    f = toggleClause(f, tag('review'), true);
    expect(text(f)).toBe('-tag:review -tag:blurry');
    f = toggleClause(f, tag('review'), true);
    expect(text(f)).toBe('-tag:blurry');
  });

  it('switches chips off and on and negates them, and the text says so', () => {
    let f = parseQueryText('tag:review width:>1000');
    f = toggleEnabled(f, 1);
    expect(text(f)).toBe('tag:review ~width:>1000');
    expect(clauseState(f, { ...tag('review') })).toBe('include');
    f = toggleNegated(f, 0);
    expect(text(f)).toBe('-tag:review ~width:>1000');
    f = toggleEnabled(toggleNegated(f, 0), 1);
    expect(text(f)).toBe('tag:review width:>1000');
    expect(parseQueryText(text(f))).toEqual(f);
  });

  it('a switched-off chip is neither included nor excluded, and re-clicking its value switches it on', () => {
    const off = toggleEnabled(toggleClause(EMPTY_FILTER, tag('review'), false), 0);
    expect(clauseState(off, tag('review'))).toBeNull();
    expect(isFiltering(off)).toBe(false);
    expect(text(toggleClause(off, tag('review'), false))).toBe('tag:review');
  });

  it('adding to a top-level OR keeps its meaning: (a OR b) AND c', () => {
    const f = toggleClause(parseQueryText('ext:png OR ext:webp'), tag('review'), false);
    expect(text(f)).toBe('(ext:png OR ext:webp) tag:review');
    expect(parseQueryText(text(f))).toEqual(f);
  });

  it('removing from a two-chip OR leaves a valid AND filter', () => {
    const f = removeAt(parseQueryText('ext:png OR ext:webp'), 0);
    expect(f).toEqual({ op: 'and', children: [parseQueryText('ext:webp').children[0]] });
  });

  it('source chips use the label unless another source shares it or it looks like an id', () => {
    const src = (id: number, label: string, uri = `/data/${label}`): Source => ({
      id,
      kind: 'folder',
      uri,
      label,
      created_at: '',
      last_import_at: null,
      image_count: 1,
      last_run: null,
    });
    const all = [src(1, 'lemons'), src(2, 'dup'), src(3, 'dup'), src(4, '2024'), src(5, 'a*b')];
    expect(sourceClause(all[0]!, all)).toMatchObject({ value: 'lemons' });
    expect(sourceClause(all[1]!, all)).toMatchObject({ value: '2' });
    expect(sourceClause(all[3]!, all)).toMatchObject({ value: '4' });
    expect(text({ op: 'and', children: [sourceClause(all[4]!, all)] })).toBe('source:a\\*b');
    const f = toggleClause(EMPTY_FILTER, sourceClause(all[0]!, all), false);
    expect([...selectedSources(f, all)]).toEqual([1]);
  });
});

describe('facet values whose clause is negated', () => {
  it('"(none)" is selected by click and inverted by Alt-click', () => {
    const none: Clause = { type: 'clause', field: 'author', op: 'exists', negated: true, enabled: true };
    const f = toggleValue(EMPTY_FILTER, none, false);
    expect(formatFilter(f)).toBe('-author:*');
    expect(valueState(f, none)).toBe('include');
    const g = toggleValue(EMPTY_FILTER, none, true);
    expect(formatFilter(g)).toBe('author:*');
    expect(valueState(g, none)).toBe('exclude');
    expect(toggleValue(f, none, false)).toEqual(EMPTY_FILTER);
  });
});
