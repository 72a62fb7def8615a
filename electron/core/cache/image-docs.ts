import { FIELD_LISTS } from '../../../shared/field-lists';

/**
 * The stored columns that live in `image_docs` (one row per record, by row id) rather than in
 * `images`, as the field catalogue marks them: wide values only the detail panel, exports, the
 * sync's change log and the search-index derivation read.
 */
export const DOC_COLUMNS: ReadonlySet<string> = new Set(FIELD_LISTS.docColumns);

/** Joins each row of `images i` to its doc row `d` (LEFT keeps `images` the outer loop, so an index order holds). */
export const DOCS_JOIN = 'LEFT JOIN image_docs d ON d.row_id = i.row_id';

/** A stored column in a statement that joins DOCS_JOIN: `d.col` or `i.col`. */
export function joinedColumn(column: string): string {
  return DOC_COLUMNS.has(column) ? `d.${column}` : `i.${column}`;
}

/**
 * A stored column of the record `i` anywhere an expression goes (a filter, a window's cells)
 * without a join: a doc column is one primary-key lookup per row that reads it.
 */
export function columnOfRow(column: string): string {
  return DOC_COLUMNS.has(column)
    ? `(SELECT image_docs.${column} FROM image_docs WHERE image_docs.row_id = i.row_id)`
    : `i.${column}`;
}

/** Every doc column of the joined `d`, for a statement that reads whole records (`i.*, …`). */
export const DOC_SELECT = [...DOC_COLUMNS].map((c) => `d.${c}`).join(', ');
