import { describe, expect, it } from 'vitest';
import { diffMeta, diffRecord, diffTags, type OldRecord } from './change-diff';

describe('what-changed diffs', () => {
  it('diffs meta field by field, by dotted path, telling absent from null', () => {
    expect(diffMeta({ a: 1, gps: { lat: 1, lon: 2 }, gone: 'x', n: null }, { a: 2, gps: { lat: 1, lon: 3 }, n: null, added: [1] })).toEqual([
      { p: 'a', b: 1, a: 2 },
      { p: 'added', a: [1] },
      { p: 'gone', b: 'x' },
      { p: 'gps.lon', b: 2, a: 3 },
    ]);
    expect(diffMeta({ list: [1, 2] }, { list: [1, 2] })).toEqual([]);
  });

  it('diffs tags by tag and value, not by instance id', () => {
    const t = (id: number, tagId: number, value: string | null = null) => ({ id, tagId, value });
    // Same tag put back as a new instance: no change.
    expect(diffTags([t(1, 10)], [t(2, 10)])).toEqual([]);
    expect(diffTags([t(1, 10), t(2, 11, 'rain')], [t(3, 11, 'fog'), t(4, 12)])).toEqual([
      ['removed', 10, null, undefined],
      ['changed', 11, 'rain', 'fog'],
      ['added', 12, undefined, null],
    ]);
    expect(diffTags([t(1, 11, 'a'), t(2, 11, 'b')], [t(3, 11, 'b'), t(4, 11, 'c')])).toEqual([
      ['added', 11, undefined, 'c'],
      ['removed', 11, 'a', undefined],
    ]);
  });

  it('reports scalar fields, meta and tags of one record, or null when nothing shown changed', () => {
    const old = { row_id: 1, name: 'a.jpg', updated_at: 'x', dataset_path: null, meta: '{"c":1}', tags: '[]', labels_count: 3, width: 10 } as unknown as OldRecord;
    expect(diffRecord(old, { id: 1, name: 'a.jpg', labels_count: 3, width: 10, meta: { c: 1 }, tags: [] })).toBeNull();
    expect(diffRecord(old, { id: 1, name: 'b.jpg', labels_count: 4, width: 10, meta: { c: 2 }, tags: [{ tagId: 5, value: null }] })).toEqual({
      f: [
        { p: 'name', b: 'a.jpg', a: 'b.jpg' },
        { p: 'labels_count', b: 3, a: 4 },
      ],
      m: [{ p: 'c', b: 1, a: 2 }],
      t: [['added', 5, undefined, null]],
    });
  });
});
