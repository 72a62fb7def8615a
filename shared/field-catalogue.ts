import { DERIVED_ENTRIES } from './derived-fields';
import { IMAGE_INFO_ENTRIES } from './image-info-fields';

/**
 * Every ImageInfo field and every derived column, described once; field-lists.ts derives
 * every list of fields from it. ImageInfo's fields come first (image-info-fields.ts), in the
 * order of their `images` columns, then the derived columns and the query language's
 * pseudo-fields (derived-fields.ts): that is the order the query language lists its fields (type-ahead
 * shows them so). A list with an order of its own gives each entry its place: `position` in
 * the SDK's positional order (positional dumps are read by it), `at` in the table, the facet
 * panel and a detail section. `key` is the SDK's snake_case name; its camelCase spelling is
 * derived.
 *
 * Only names from here ever reach SQL text: it is the whitelist of columns.
 */
export const FIELD_CATALOGUE = [...IMAGE_INFO_ENTRIES, ...DERIVED_ENTRIES] as const;
