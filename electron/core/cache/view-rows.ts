import type { ImageTag } from '../../../shared/image-info';
import type { ImageRow } from '../../../shared/records';
import type { TagNames } from './tag-names';
import { columnOfRow } from './image-docs';

/** What a window reads of each row: the table's columns plus what names the tags and dataset. */
export type WindowRow = Omit<ImageRow, 'tags' | 'dataset'> & {
  source_id: number;
  dataset_id: number | null;
  dataset_path: string | null;
  tags: string | null;
};

// Tags come from the row's doc as stored (order and duplicates kept, named at read time like
// the detail panel's), one primary-key lookup per row of a window.
export const ROW_COLUMNS = `i.row_id, i.source_id, i.id, i.name, i.dataset_id, i.dataset_path, i.size, i.width,
  i.height, i.labels_count, ${columnOfRow('tags')} AS tags, i.created_at, i.updated_at, i.created_by`;

/** A window row as the table shows it: tags by name, the dataset by path. */
export function toImageRow(r: WindowRow, tagNames: TagNames): ImageRow {
  const tags = JSON.parse(r.tags ?? '[]') as ImageTag[];
  return {
    row_id: r.row_id,
    id: r.id,
    name: r.name,
    dataset: datasetLabel(r.dataset_path, r.dataset_id),
    size: r.size,
    width: r.width,
    height: r.height,
    labels_count: r.labels_count,
    tags: tags.map((t) => tagNames.nameOf(r.source_id, t)),
    created_at: r.created_at,
    updated_at: r.updated_at,
    created_by: r.created_by,
  };
}

/** The dataset's path when the cache knows it, else its id. */
export function datasetLabel(path: string | null, id: number | null): string {
  return path ?? (id === null ? '—' : `dataset #${id}`);
}
