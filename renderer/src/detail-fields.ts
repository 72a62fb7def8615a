import type { DetailKind } from '../../shared/field-entry';
import { FIELD_LISTS } from '../../shared/field-lists';
import type { ImageInfoField } from '../../shared/image-info';

export type FieldKind = DetailKind;

export type FieldGroup = {
  title: string;
  fields: readonly (readonly [ImageInfoField, string, FieldKind])[];
};

/**
 * How the detail panel groups ImageInfo's scalar fields, most looked-at first (tags and meta
 * come before all of them), as the field catalogue places them. `meta`, `tags` and
 * `ai_search_meta` get sections of their own; a field the catalogue places in no section
 * lands in "Other", so a field added to the schema is never silently hidden.
 */
export const FIELD_GROUPS = FIELD_LISTS.detailGroups as readonly FieldGroup[];
