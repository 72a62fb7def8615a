import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGUE } from './field-catalogue';
import type { CatalogueEntry } from './field-entry';
import { deriveFieldLists, FIELD_LISTS } from './field-lists';
import { imageInfoSchema } from './image-info';
import { FOCAL_FIELD } from '../test-support/focal-field';

const withFocal = () => deriveFieldLists([...FIELD_CATALOGUE, FOCAL_FIELD]);

describe('deriveFieldLists', () => {
  it('puts a new field in every list: SDK order, columns, query, table, sort, export, detail', () => {
    const lists = withFocal();
    expect(lists.imageInfoFields.at(-1)).toBe('focal_length');
    expect(lists.scalarColumns).toContain('focal_length');
    expect(lists.schemaColumns).toContainEqual({
      name: 'focal_length',
      type: 'INTEGER',
      notNull: false,
      empty: null,
      doc: false,
    });
    expect(lists.queryFields).toContainEqual({
      name: 'focal',
      type: 'number',
      label: 'Focal length',
      aliases: ['focal_length', 'focalLength'],
      column: 'focal_length',
      indexed: true,
    });
    expect(lists.tableColumns.at(-1)).toEqual({
      key: 'focal_length',
      label: 'Focal length',
      width: 80,
      align: 'right',
      sortSql: ['i.focal_length'],
    });
    expect(lists.sortIndexes.at(-1)).toEqual({
      key: 'focal_length',
      name: 'images_focal',
      columns: 'focal_length',
    });
    // ImageInfo's fields stay ahead of the derived export columns.
    expect(lists.exportColumns.slice(-4)).toEqual([
      'focal_length',
      'dataset',
      'source',
      'tag_names',
    ]);
    expect(lists.viewColumnExport.focal_length).toEqual(['focal_length']);
    expect(lists.valueOf('focal_length')).toBe('int');
    const image = lists.detailGroups.find((g) => g.title === 'Image');
    expect(image?.fields.at(-1)).toEqual(['focal_length', 'Focal length', 'count']);
  });

  it('shows a field no detail section places under "Other", by its SDK name', () => {
    const { detail: _, ...unplaced } = FOCAL_FIELD;
    const groups = deriveFieldLists([...FIELD_CATALOGUE, unplaced]).detailGroups;
    expect(groups.at(-1)).toEqual({
      title: 'Other',
      fields: [['focal_length', 'focal_length', 'mono']],
    });
    expect(FIELD_LISTS.detailGroups.map((g) => g.title)).not.toContain('Other');
  });

  it('refuses a catalogue that contradicts itself', () => {
    const at = (e: CatalogueEntry, table: Partial<NonNullable<CatalogueEntry['table']>>) => ({
      ...e,
      table: { ...(e.table as NonNullable<CatalogueEntry['table']>), ...table },
    });
    expect(() => deriveFieldLists([...FIELD_CATALOGUE, at(FOCAL_FIELD, { at: 0 })])).toThrow(
      'two entries at table place 0',
    );
    expect(() => deriveFieldLists([...FIELD_CATALOGUE, at(FOCAL_FIELD, { at: 11 })])).toThrow(
      'no entry at table place 10',
    );
    expect(() => deriveFieldLists([...FIELD_CATALOGUE, { ...FOCAL_FIELD, position: 26 }])).toThrow(
      'two entries at SDK position place 26',
    );
    expect(() =>
      deriveFieldLists([
        ...FIELD_CATALOGUE,
        { ...FOCAL_FIELD, query: { name: 'width', type: 'number' } },
      ]),
    ).toThrow('query name "width" twice');
    const { schema: _, ...unchecked } = FOCAL_FIELD;
    expect(() => deriveFieldLists([...FIELD_CATALOGUE, unchecked])).toThrow(
      '"focal_length" has no schema',
    );
    // Column names become SQL identifiers: nothing but plain names.
    expect(() =>
      deriveFieldLists([
        ...FIELD_CATALOGUE,
        { ...FOCAL_FIELD, column: { name: 'x; DROP TABLE images' } },
      ]),
    ).toThrow('bad column name');
  });
});

describe('the catalogue and the ImageInfo schema', () => {
  it('lists exactly the schema’s fields, and the SDK positions 0…n-1', () => {
    expect([...FIELD_LISTS.imageInfoFields, 'extra'].sort()).toEqual(
      Object.keys(imageInfoSchema.shape).sort(),
    );
    const positions = FIELD_CATALOGUE.flatMap((e) => ('position' in e ? [e.position] : []));
    expect(positions.sort((a, b) => a - b)).toEqual(positions.map((_, i) => i));
  });
});
