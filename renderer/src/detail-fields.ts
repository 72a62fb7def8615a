import { IMAGE_INFO_FIELDS, type ImageInfoField } from '../../shared/image-info';

export type FieldKind = 'text' | 'mono' | 'bytes' | 'count';

export type FieldGroup = {
  title: string;
  fields: readonly (readonly [ImageInfoField, string, FieldKind])[];
};

/**
 * How the detail panel groups ImageInfo's scalar fields, most looked-at first (tags and meta
 * come before all of them). `meta`, `tags` and
 * `ai_search_meta` get sections of their own; any field not listed here lands in "Other",
 * so a field added to the schema is never silently hidden.
 */
const GROUPS: readonly FieldGroup[] = [
  {
    title: 'Image',
    fields: [
      ['mime', 'MIME type', 'text'],
      ['ext', 'Extension', 'text'],
      ['size', 'Size', 'bytes'],
      ['width', 'Width', 'count'],
      ['height', 'Height', 'count'],
      ['labels_count', 'Labels', 'count'],
    ],
  },
  {
    title: 'Dataset & project',
    fields: [
      ['dataset_id', 'Dataset ID', 'mono'],
      ['project_id', 'Project ID', 'mono'],
    ],
  },
  {
    title: 'Identity',
    fields: [
      ['id', 'ID', 'mono'],
      ['name', 'Name', 'text'],
      ['description', 'Description', 'text'],
      ['hash', 'Hash', 'mono'],
      ['link', 'Link', 'mono'],
      ['created_by', 'Author', 'text'],
      ['parent_id', 'Parent ID', 'mono'],
      ['related_data_id', 'Related data ID', 'mono'],
    ],
  },
  {
    title: 'Dates',
    fields: [
      ['created_at', 'Created', 'mono'],
      ['updated_at', 'Updated', 'mono'],
      ['embeddings_updated_at', 'Embeddings updated', 'mono'],
    ],
  },
  {
    title: 'Storage',
    fields: [
      ['path_original', 'Original path', 'mono'],
      ['full_storage_url', 'Storage URL', 'mono'],
      ['download_id', 'Download ID', 'mono'],
      ['offset_start', 'Offset start', 'mono'],
      ['offset_end', 'Offset end', 'mono'],
    ],
  },
];

const OWN_SECTIONS: ReadonlySet<ImageInfoField> = new Set(['meta', 'tags', 'ai_search_meta']);

const listed = new Set<ImageInfoField>(GROUPS.flatMap((g) => g.fields.map(([f]) => f)));
const other = IMAGE_INFO_FIELDS.filter((f) => !listed.has(f) && !OWN_SECTIONS.has(f));

export const FIELD_GROUPS: readonly FieldGroup[] = other.length
  ? [...GROUPS, { title: 'Other', fields: other.map((f) => [f, f, 'mono'] as const) }]
  : GROUPS;
