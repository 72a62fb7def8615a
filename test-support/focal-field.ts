import type { CatalogueEntry } from '../shared/field-entry';
import { optInt } from '../shared/field-values';

/**
 * A field a future SDK might add, as its catalogue entry would read: filterable as `focal`,
 * sortable by its own browse index, shown in the detail panel's Image section.
 */
export const FOCAL_FIELD: CatalogueEntry = {
  key: 'focal_length',
  label: 'Focal length',
  position: 27,
  value: 'int',
  schema: optInt,
  query: { name: 'focal', type: 'number', indexed: true },
  table: {
    at: 10,
    width: 80,
    align: 'right',
    sort: { sql: ['i.focal_length'], index: { name: 'images_focal', columns: 'focal_length' } },
  },
  detail: { section: 'image', at: 6, kind: 'count' },
};
