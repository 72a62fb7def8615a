import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogueEntry } from '../../shared/field-entry';
import { optStr } from '../../shared/field-values';
import { FIELD_GROUPS } from './detail-fields';

afterEach(() => {
  vi.doUnmock('../../shared/field-catalogue');
  vi.resetModules();
});

describe('the detail panel’s groups', () => {
  it('show every ImageInfo field but meta, tags and ai_search_meta, each once', () => {
    const shown = FIELD_GROUPS.flatMap((g) => g.fields.map(([f]) => f));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toHaveLength(24);
    expect(shown).not.toContain('meta');
    expect(FIELD_GROUPS.map((g) => g.title)).toEqual([
      'Image',
      'Dataset & project',
      'Identity',
      'Dates',
      'Storage',
    ]);
  });

  it('place a field added to the catalogue where it says, or under "Other"', async () => {
    const lens: CatalogueEntry = {
      key: 'lens',
      label: 'Lens',
      position: 27,
      value: 'text',
      schema: optStr,
    };
    vi.doMock('../../shared/field-catalogue', async (importOriginal) => {
      const real = await importOriginal<{ FIELD_CATALOGUE: readonly CatalogueEntry[] }>();
      const placed = {
        ...lens,
        key: 'focal_length',
        position: 28,
        detail: { section: 'image', at: 6, kind: 'count' },
      };
      return { ...real, FIELD_CATALOGUE: [...real.FIELD_CATALOGUE, lens, placed] };
    });
    const groups = (await import('./detail-fields')).FIELD_GROUPS;
    expect(groups.find((g) => g.title === 'Image')?.fields.at(-1)).toEqual([
      'focal_length',
      'Lens',
      'count',
    ]);
    expect(groups.at(-1)).toEqual({ title: 'Other', fields: [['lens', 'lens', 'mono']] });
  });
});
