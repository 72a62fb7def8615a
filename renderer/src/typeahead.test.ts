import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../shared/search';
import { applyCompletion, complete, quoteValue } from './typeahead';
import { applySuggestion, parseText } from './query-text';

const cat: Catalogue = {
  fields: [
    { name: 'tag', label: 'Tag', type: 'tag', aliases: ['tags'], values: [] },
    { name: 'width', label: 'Width', type: 'number', aliases: [], values: [] },
    { name: 'dataset', label: 'Dataset', type: 'dataset', aliases: [], values: [] },
    { name: 'has', label: 'Has', type: 'has', aliases: [], values: ['link', 'hash'] },
  ],
  meta_keys: [
    { key: 'camera', type: 'string', count: 20 },
    { key: 'city name', type: 'string', count: 3 },
  ],
  tag_names: [
    { name: 'review', count: 5 },
    { name: 'road sign', count: 2 },
  ],
  dataset_paths: ['train', 'train/city'],
  sources: [{ id: 1, label: 'Demo data' }],
};

describe('type-ahead', () => {
  it('offers fields, then values, and keeps a leading minus', () => {
    const text = 'width:>10 -ta';
    const c = complete(text, text.length, cat)!;
    expect(c.items.map((i) => i.label)).toEqual(['tag:']);
    const step = applyCompletion(text, c, c.items[0]!);
    expect(step.text).toBe('width:>10 -tag:');
    const v = complete(step.text, step.caret, cat)!;
    expect(v.items.map((i) => i.label)).toEqual(['review', 'road sign']);
    expect(applyCompletion(step.text, v, v.items[1]!).text).toBe('width:>10 -tag:"road sign" ');
  });

  it('meta keys, dataset paths, enumerated values; nothing for an empty word', () => {
    expect(complete('meta.c', 6, cat)!.items.map((i) => i.insert)).toEqual(['meta.camera:', 'meta."city name":']);
    expect(complete('dataset:tr', 10, cat)!.items.map((i) => i.label)).toEqual(['train', 'train/city']);
    expect(complete('has:l', 5, cat)!.items.map((i) => i.insert)).toEqual(['has:link ']);
    expect(complete('tag:review ', 11, cat)).toBeNull();
    expect(complete('zzz', 3, cat)).toBeNull();
    expect(complete('ta', 2, null)).toBeNull();
  });

  it('quotes values the language would split', () => {
    expect(quoteValue('cam 07')).toBe('"cam 07"');
    expect(quoteValue('a"b')).toBe('"a\\"b"');
    expect(quoteValue('train/city')).toBe('train/city');
  });
});

describe('parse errors for the search box', () => {
  it('names the token and position, and applies the suggestion', () => {
    const r = parseText('tag:review widht:>1000');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ position: 11, token: 'widht', suggestion: 'width' });
    expect(applySuggestion('tag:review widht:>1000', r.error)).toBe('tag:review width:>1000');
  });

  it('an unterminated quote points at it; valid text gives the filter', () => {
    const r = parseText('name:"abc');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.position).toBe(5);
    const ok = parseText('tag:review');
    expect(ok.ok && ok.filter.children.length).toBe(1);
  });
});
