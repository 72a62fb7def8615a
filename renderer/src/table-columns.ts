import { COLUMNS, type Column } from '../../shared/columns';
import type { ImageRow } from '../../shared/records';
import { formatBytes, formatCount, formatDate, formatResolution } from './format';

export const ROW_HEIGHT = 26;
export const HEADER_HEIGHT = 30;

/** Column widths: the contract's widths, with any spare room given to Name. */
export function columnWidths(available: number): number[] {
  const base = COLUMNS.map((c) => c.width as number);
  const sum = base.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, Math.floor(available) - sum);
  return base.map((w, i) => (i === 0 ? w + spare : w));
}

/** Text for a plain cell and the tooltip that shows its exact value. */
export function cellText(col: Column, row: ImageRow): { text: string; title?: string } {
  switch (col.key) {
    case 'name':
      return { text: row.name, title: row.name };
    case 'dataset':
      return { text: row.dataset, title: row.dataset };
    case 'size':
      return row.size === null
        ? { text: '' }
        : { text: formatBytes(row.size), title: `${formatCount(row.size)} bytes` };
    case 'resolution':
      return { text: formatResolution(row.width, row.height) };
    case 'labels_count':
      return { text: row.labels_count === null ? '' : formatCount(row.labels_count) };
    case 'tags':
      return { text: row.tags.join(', '), title: row.tags.join(', ') };
    case 'created_at':
      return { text: formatDate(row.created_at), title: row.created_at ?? undefined };
    case 'updated_at':
      return { text: formatDate(row.updated_at), title: row.updated_at ?? undefined };
    case 'created_by':
      return { text: row.created_by === null ? '' : String(row.created_by) };
    case 'id':
      return { text: String(row.id) };
  }
}

/** Placeholder bar widths (% of the cell), varied by row so loading rows look like text. */
export function placeholderWidth(colIndex: number, rowIndex: number): number {
  const seed = (rowIndex * 31 + colIndex * 17) % 7;
  return 35 + seed * 8;
}
