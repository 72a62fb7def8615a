import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import { findForbiddenKey } from './forbidden-keys';
import { itemJsonPath, type DatasetDir } from './project-folder';
import { syntheticId } from './synthetic-id';

const MIME_BY_EXT: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.mpo': 'image/jpeg',
  '.png': 'image/png',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.nrrd': 'image/nrrd',
};

/** Files read whole (annotations, img_info, meta) are refused above this size. */
export const MAX_JSON_FILE_BYTES = 64 * 1024 * 1024;

/** Reads a small JSON file with a size cap and an error that names the file. */
export function readJsonFile(file: string): unknown {
  const text = readJsonText(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LoupeError('BAD_RECORD', `${file}: not valid JSON (${(err as Error).message}).`, { file });
  }
}

/** The error for a JSON file over MAX_JSON_FILE_BYTES. */
export function oversizeJson(label: string, size: number): LoupeError {
  return new LoupeError(
    'BAD_RECORD',
    `${label}: ${Math.round(size / 1048576)} MiB is more than the ${MAX_JSON_FILE_BYTES / 1048576} MiB an annotation or ImageInfo file may have.`,
    { file: label },
  );
}

/**
 * A JSON file's text, refused before it is read when it is over MAX_JSON_FILE_BYTES. One open,
 * one size check, one read: the system calls readFileSync makes anyway.
 */
function readJsonText(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_JSON_FILE_BYTES) throw oversizeJson(file, size);
    const buf = Buffer.allocUnsafe(size);
    let read = 0;
    for (let n = 1; read < size && n > 0; read += n) n = readSync(fd, buf, read, size - read, read);
    return buf.toString('utf8', 0, read);
  } finally {
    closeSync(fd);
  }
}

/** base64 SHA-256 of the file's bytes: how Supervisely's `hash` is made. */
function hashFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('base64');
}

type Ann = {
  description?: unknown;
  size?: { height?: unknown; width?: unknown };
  tags?: unknown;
  objects?: unknown;
};

/**
 * An ImageInfo derived from what a dataset folder holds for one item when it has no img_info:
 * size and labels from `ann/`, tags by name, bytes, hash and mime from the image in `img/`,
 * `meta` from `meta/`. The fields so made are listed in `extra.loupe_derived`.
 */
export function deriveFromAnnotation(ds: DatasetDir, item: string, datasetId: number): Record<string, unknown> {
  const derived: string[] = ['id'];
  const info: Record<string, unknown> = {
    id: syntheticId(`image:${ds.path}/${item}`),
    name: item,
    dataset_id: datasetId,
    meta: {},
    tags: [],
  };
  const annFile = itemJsonPath(ds, 'ann', item);
  const touched: string[] = [];
  if (annFile) {
    touched.push(annFile);
    const ann = readJsonFile(annFile) as Ann;
    const forbidden = findForbiddenKey(ann);
    if (forbidden) {
      throw new LoupeError('BAD_RECORD', `${annFile}, field ${forbidden}: the key is not allowed in an import.`, { file: annFile, field: forbidden });
    }
    if (typeof ann.size?.width === 'number' && typeof ann.size?.height === 'number') {
      info.width = ann.size.width;
      info.height = ann.size.height;
      derived.push('width', 'height');
    }
    if (Array.isArray(ann.objects)) {
      info.labels_count = ann.objects.length;
      derived.push('labels_count');
    }
    if (Array.isArray(ann.tags)) {
      info.tags = ann.tags.map((t: Record<string, unknown>) => {
        const tag: Record<string, unknown> = { name: t.name, value: t.value ?? null };
        for (const k of ['labelerLogin', 'createdAt', 'updatedAt'] as const) if (t[k] !== undefined) tag[k] = t[k];
        return tag;
      });
      derived.push('tags');
    }
    if (typeof ann.description === 'string') info.description = ann.description;
  }
  const img = join(ds.dir, 'img', item);
  if (existsSync(img)) {
    touched.push(img);
    info.size = statSync(img).size;
    info.hash = hashFile(img);
    derived.push('size', 'hash');
  }
  const mime = MIME_BY_EXT[extname(item).toLowerCase()];
  if (mime) {
    info.mime = mime;
    derived.push('mime');
  }
  const metaFile = itemJsonPath(ds, 'meta', item);
  if (metaFile) {
    touched.push(metaFile);
    info.meta = readJsonFile(metaFile);
  }
  // File times stand in for the server's dates, so a re-import sees unchanged files as unchanged.
  if (touched.length > 0) {
    const stats = touched.map((f) => statSync(f));
    info.created_at = new Date(Math.min(...stats.map((s) => s.birthtimeMs || s.mtimeMs))).toISOString();
    info.updated_at = new Date(Math.max(...stats.map((s) => s.mtimeMs))).toISOString();
    derived.push('created_at', 'updated_at');
  }
  info.loupe_derived = derived;
  return info;
}
