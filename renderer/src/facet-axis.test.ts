import { describe, expect, it } from 'vitest';
import type { FacetValue } from '../../shared/search';
import { countTicks, facetAxis, niceStep } from './facet-axis';

const v = (label: string, count: number): FacetValue => ({
  label,
  count,
  clause: { type: 'clause', field: 'x', op: 'eq', value: label, negated: false, enabled: true } as unknown as FacetValue['clause'],
});

describe('facet axes', () => {
  it('counts in round steps that reach the largest bar', () => {
    expect(niceStep(430)).toBe(500);
    expect(countTicks(808)).toEqual([0, 500, 1000]);
    expect(countTicks(3)).toEqual([0, 2, 4]);
    expect(countTicks(0)).toEqual([0, 1]);
  });

  it('draws every bucket of a numeric facet, ticks at its edges in the unit, the rest listed', () => {
    const axis = facetAxis('size', [v('100–500 KB', 40), v('1–5 MB', 7), v('(none)', 2)]);
    expect(axis.columns.map((c) => c.count)).toEqual([0, 40, 0, 7, 0, 0]);
    expect(axis.ticks.map((t) => t.label)).toEqual(['100K', '500K', '1M', '5M', '20M']);
    expect(axis.title).toBe('file size (K = KB, M = MB)');
    expect(axis.rest.map((r) => r.label)).toEqual(['(none)']);
    expect(facetAxis('labels', [v('0', 5)]).ticks.map((t) => t.label)).toEqual(['0', '1', '2', '6', '11', '21', '51']);
  });

  it('fills the months between the first and last and ticks each new year', () => {
    const axis = facetAxis('created', [v('2023-11', 3), v('2024-02', 5), v('2025-01', 1)]);
    expect(axis.columns).toHaveLength(15);
    expect(axis.columns[0]?.label).toBe('2023-11');
    expect(axis.columns[1]).toMatchObject({ label: '2023-12', count: 0, value: null });
    expect(axis.ticks.map((t) => t.label)).toEqual(['2024', '2025']);
    expect(facetAxis('created', [v('2024-02', 1), v('2024-07', 1)]).ticks.map((t) => t.label)).toEqual(['Apr 24', 'Jul 24']);
  });
});
