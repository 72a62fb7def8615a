import { FIELD_LISTS } from '../../../shared/field-lists';
import type { ImageRow } from '../../../shared/records';
import { FIELD_COLUMN_IDS, isMetaColumn, metaKeyOf, type CellValue } from '../../../shared/view-columns';
import type { Db } from './open-cache';
import { prepared } from './statement-cache';
import { columnOfRow } from './image-docs';

/** JSON text longer than this is cut in a cell (the detail panel shows it whole). */
const MAX_CELL_TEXT = 300;

/**
 * Fills `cells` of a window's rows with the values of the chosen columns beyond a row's own
 * (#19): ImageInfo fields from their stored columns (names from the field catalogue only),
 * meta keys from meta_values by row (keys bound as values). A key with several values (an
 * array) shows them joined with ", ".
 */
export function readCells(db: Db, rows: ImageRow[], ids: readonly string[]): void {
  if (rows.length === 0) return;
  const rowIds = JSON.stringify(rows.map((r) => r.row_id));
  const byRow = new Map<number, Record<string, CellValue>>(rows.map((r) => [r.row_id, (r.cells = {})]));

  const fields = ids.filter((id) => FIELD_COLUMN_IDS.includes(id));
  if (fields.length) {
    const cols = fields.map((id) => columnOfRow(FIELD_LISTS.columnOf(id) as string)).join(', ');
    const found = prepared(db, `SELECT i.row_id, ${cols} FROM images i WHERE i.row_id IN (SELECT value FROM json_each(?))`, 'raw').all(
      rowIds,
    ) as unknown[][];
    for (const [rid, ...values] of found) {
      const cells = byRow.get(rid as number);
      if (!cells) continue;
      fields.forEach((id, i) => (cells[id] = cellValue(values[i])));
    }
  }

  const keys = ids.filter(isMetaColumn).map(metaKeyOf);
  if (keys.length) {
    const found = prepared(
      db,
      `SELECT m.row_id, k.key, m.v FROM meta_values m JOIN meta_keys k ON k.id = m.key_id
        WHERE m.row_id IN (SELECT value FROM json_each(?)) AND k.key IN (SELECT value FROM json_each(?))
        ORDER BY m.row_id, k.key, m.v`,
      'raw',
    ).all(rowIds, JSON.stringify(keys)) as [number, string, unknown][];
    for (const [rid, key, v] of found) {
      const cells = byRow.get(rid);
      if (!cells) continue;
      const id = `meta.${key}`;
      const value = cellValue(v);
      const before = cells[id];
      cells[id] = before === undefined ? value : `${String(before)}, ${String(value)}`;
    }
  }
}

function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  const text = String(v);
  return text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT)}…` : text;
}
