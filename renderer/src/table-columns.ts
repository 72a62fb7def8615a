import { columnByKey, type Column } from '../../shared/columns';
import type { ImageRow } from '../../shared/records';
import type { ColumnSpec } from '../../shared/view-columns';
import { formatBytes, formatCount, formatDate, formatResolution } from './format';

export const ROW_HEIGHT = 26;
export const HEADER_HEIGHT = 30;

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

/** Text of any chosen column: the table's own, or a value the view brought in `cells`. */
export function cellContent(spec: ColumnSpec, row: ImageRow): { text: string; title?: string } {
  const own = columnByKey(spec.id);
  if (own) return cellText(own, row);
  const v = row.cells?.[spec.id];
  if (v === undefined || v === null) return { text: '' };
  const text = String(v);
  return { text, title: text };
}

/** A generous width of a character of the table's 13px system font, for fitting text without layout. */
const CHAR_PX = 7.5;

/**
 * A path cut in the middle so both ends stay: "unlabeled/…/drone-2024-07". The first segment
 * and the last are kept when both fit, else the last one ("…/drone-2024-07"), else its end.
 */
export function middleEllipsis(text: string, widthPx: number): string {
  const room = Math.max(4, Math.floor((widthPx - 16) / CHAR_PX));
  if (text.length <= room) return text;
  const first = text.indexOf('/');
  const last = text.lastIndexOf('/');
  const tail = last >= 0 ? text.slice(last) : '';
  if (first > 0 && first < last && first + 2 + tail.length <= room) return `${text.slice(0, first + 1)}…${tail}`;
  if (tail && tail.length + 1 <= room) return `…${tail}`;
  return `…${text.slice(text.length - (room - 1))}`;
}

/** The width of a tag chip (11px text, 6px padding each side), estimated without layout. */
export function chipWidth(tag: string): number {
  return Math.min(tag.length, 24) * 6.2 + 16;
}

/** How many tag chips fit a cell, leaving room for a "+n" chip when some do not. */
export function chipsThatFit(tags: readonly string[], widthPx: number): number {
  const room = widthPx - 16;
  const chip = chipWidth;
  let used = 0;
  for (let i = 0; i < tags.length; i++) {
    const more = i < tags.length - 1 ? 34 : 0;
    if (used + chip(tags[i] as string) + more > room) return Math.max(i, 0);
    used += chip(tags[i] as string) + 4;
  }
  return tags.length;
}

/** Placeholder bar widths (% of the cell), varied by row so loading rows look like text. */
export function placeholderWidth(colIndex: number, rowIndex: number): number {
  const seed = (rowIndex * 31 + colIndex * 17) % 7;
  return 35 + seed * 8;
}
