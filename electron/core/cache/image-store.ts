import { imageInfoSchema, toApiJson, type ImageInfo, type ImageTag } from '../../../shared/image-info';
import { FIELD_LISTS, type ImageInfoField } from '../../../shared/field-lists';
import { LoupeError } from '../../../shared/errors';
import type { ImageDetail } from '../../../shared/records';
import { getSource } from './source-store';
import type { Db } from './open-cache';
import { wholeCacheCount } from './facet-counts';
import { prepared } from './statement-cache';
import type { TagNames } from './tag-names';
import { datasetLabel } from './view-rows';
import { DOC_SELECT, DOCS_JOIN } from './image-docs';

/** The scalar ImageInfo fields stored as typed columns of `images`. */
export const SCALAR_COLUMNS = FIELD_LISTS.scalarColumns as readonly ImageInfoField[];

/** Fields stored as the JSON text received. */
export const JSON_COLUMNS = FIELD_LISTS.jsonColumns as readonly (ImageInfoField | 'extra')[];

type StoredRow = Record<(typeof SCALAR_COLUMNS)[number], unknown> &
  Record<(typeof JSON_COLUMNS)[number], string | null> & {
    row_id: number;
    source_id: number;
    dataset_path: string | null;
    synced_at: string;
  };

/** A stored row back to the normalised ImageInfo (JSON columns parsed, nulls kept). */
export function rowToImageInfo(row: StoredRow): ImageInfo {
  const out: Record<string, unknown> = {};
  for (const c of SCALAR_COLUMNS) out[c] = row[c];
  for (const c of JSON_COLUMNS) {
    const text = row[c];
    if (text !== null && text !== undefined) out[c] = JSON.parse(text);
  }
  return imageInfoSchema.parse(out);
}

/** Every field of one record, its tags by name, and the raw JSON as the server spells it. */
export function getImageDetail(db: Db, tagNames: TagNames, rowId: number): ImageDetail {
  const row = db
    .prepare(`SELECT i.*, ${DOC_SELECT} FROM images i ${DOCS_JOIN} WHERE i.row_id = ?`)
    .get(rowId) as StoredRow | undefined;
  if (!row) throw new LoupeError('NOT_FOUND', `Record ${rowId} is no longer in the cache.`);
  const info = rowToImageInfo(row);
  const tags = (info.tags ?? []).map((t: ImageTag) => ({
    name: tagNames.nameOf(row.source_id, t),
    value: t.value ?? null,
    tag_id: t.tagId ?? null,
    labeler: t.labelerLogin ?? null,
  }));
  return {
    row_id: row.row_id,
    source: getSource(db, row.source_id),
    dataset: datasetLabel(row.dataset_path, row.dataset_id as number | null),
    info,
    tags,
    raw: toApiJson(info),
    synced_at: row.synced_at,
  };
}

/**
 * The status bar's totals. The image count is the stored whole-cache count while it is fresh:
 * main asks on every cache change, and counting the images there held its loop (~0.2 s at 100k).
 */
export function cacheTotals(db: Db): { image_count: number; source_count: number } {
  const source_count = prepared(db, 'SELECT count(*) FROM sources', 'pluck').get() as number;
  return { image_count: wholeCacheCount(db), source_count };
}
