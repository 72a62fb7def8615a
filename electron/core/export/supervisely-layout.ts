import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { Db } from '../cache/open-cache';
import { NESTED_DATASETS, RESERVED_FOLDER_NAMES } from '../supervisely-project';
import { writeError } from './sink';

const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** Room for `.json` and a `__<id>` suffix within the usual 255-byte file-name limit. */
const MAX_NAME_BYTES = 200;

/** One path segment that is safe on Windows, macOS and Linux and cannot climb out (`..`). */
export function safeSegment(text: string): string {
  let s = [...text]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '<>:"/\\|?*'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/[. ]+$/, '');
  if (s === '' || s === '.' || s === '..') s = '_';
  if (WINDOWS_DEVICES.test(s)) s = `_${s}`;
  if (Buffer.byteLength(s) > MAX_NAME_BYTES) {
    const hash = createHash('sha1').update(text).digest('hex').slice(0, 10);
    const ext = extname(s).slice(0, 12);
    let stem = s.slice(0, s.length - ext.length);
    while (Buffer.byteLength(stem) > MAX_NAME_BYTES - 12 - ext.length) stem = stem.slice(0, -1);
    s = `${stem}~${hash}${ext}`;
  }
  return s;
}

/**
 * The folder of a dataset path: "train/city" → `train/datasets/city` (nested datasets live in
 * their parent's `datasets/`), each part made safe; a part named like a reserved folder gets a
 * trailing `_` so the SDK reader does not mistake it for one.
 */
export function datasetFolder(path: string): string {
  return path
    .split('/')
    .map((p) => {
      const s = safeSegment(p);
      return RESERVED_FOLDER_NAMES.has(s.toLowerCase()) ? `${s}_` : s;
    })
    .join(`/${NESTED_DATASETS}/`);
}

/**
 * The Supervisely project layout, written into a hidden temporary folder beside the
 * destination and renamed into place at the end: per dataset `img_info/<item>.json` (the SDK's
 * snake_case ImageInfo), `ann/<item>.json`, an empty `img/`, and the project's `meta.json`.
 * Every file's SHA-256 goes into `SHA256SUMS` at the project root (the SDK reader ignores
 * files there), so the manifest's hash covers the whole folder.
 */
export class SuperviselyLayout {
  readonly temp: string;
  private readonly datasets = new Map<string, string>();
  private sumsText = '';
  private readonly sumsHash = createHash('sha256');
  files = 0;
  bytes = 0;

  constructor(
    readonly dest: string,
    private readonly write: (path: string, data: string, exclusive: boolean) => void = defaultWrite,
  ) {
    if (existsNonEmpty(dest)) {
      throw new LoupeError('BAD_FILE', `${dest} already exists and is not empty. Choose a new folder name.`, {
        file: dest,
      });
    }
    try {
      this.temp = mkdtempSync(join(dirname(dest), `.${basename(dest)}.loupe-`));
    } catch (err) {
      throw writeError(err, dest);
    }
  }

  /** The dataset's folder (created on first use) for a dataset path or, lacking one, its id. */
  private datasetDir(path: string | null, id: number | null): string {
    const key = path ?? (id === null ? 'no dataset' : `dataset ${id}`);
    let dir = this.datasets.get(key);
    if (!dir) {
      dir = datasetFolder(key);
      // Parents too: a folder without ann/ and img/ is skipped by the SDK reader, and with it
      // every dataset nested in it.
      const parts = key.split('/');
      try {
        for (let i = 1; i <= parts.length; i++) {
          const d = datasetFolder(parts.slice(0, i).join('/'));
          for (const sub of ['img', 'ann', 'img_info']) mkdirSync(join(this.temp, d, sub), { recursive: true });
        }
      } catch (err) {
        throw writeError(err, this.dest);
      }
      this.datasets.set(key, dir);
    }
    return dir;
  }

  private put(rel: string, data: string, exclusive: boolean): void {
    this.write(join(this.temp, rel), data, exclusive);
    const sha = createHash('sha256').update(data).digest('hex');
    this.sumsText += `${sha}  ${rel}\n`;
    if (this.sumsText.length > 1 << 16) this.flushSums();
    this.files++;
    this.bytes += Buffer.byteLength(data);
  }

  private flushSums(): void {
    // SHA256SUMS is appended as it grows, so memory stays flat.
    const text = this.sumsText;
    this.sumsText = '';
    this.sumsHash.update(text);
    try {
      writeFileSync(join(this.temp, 'SHA256SUMS'), text, { flag: 'a' });
    } catch (err) {
      throw writeError(err, this.dest);
    }
  }

  /**
   * One image: `img_info/<item>.json` and `ann/<item>.json` with the same item name. A name
   * that is taken in its dataset already (two sources, or an unsafe name made safe) gets
   * `__<id>` before its extension; the file system is the set of names, so memory stays flat.
   */
  image(rec: { name: string; id: number; datasetPath: string | null; datasetId: number | null; width: unknown; height: unknown; sdkJson: string }): void {
    const dir = this.datasetDir(rec.datasetPath, rec.datasetId);
    let item = safeSegment(rec.name);
    try {
      this.put(`${dir}/img_info/${item}.json`, rec.sdkJson, true);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(err, this.dest);
      const ext = extname(item);
      item = `${item.slice(0, item.length - ext.length)}__${rec.id}${ext}`;
      try {
        this.put(`${dir}/img_info/${item}.json`, rec.sdkJson, true);
      } catch (again) {
        throw writeError(again, this.dest);
      }
    }
    const size = { height: typeof rec.height === 'number' ? rec.height : null, width: typeof rec.width === 'number' ? rec.width : null };
    const ann = `{"description":"","size":${JSON.stringify(size)},"tags":[],"objects":[]}`;
    try {
      this.put(`${dir}/ann/${item}.json`, ann, false);
    } catch (err) {
      throw writeError(err, this.dest);
    }
  }

  /** Writes meta.json and SHA256SUMS; returns the hash of SHA256SUMS (the folder's digest). */
  finish(meta: object): { bytes: number; sha256: string; files: number; datasets: number } {
    try {
      this.put('meta.json', JSON.stringify(meta, null, 4), false);
      this.flushSums();
    } catch (err) {
      throw writeError(err, this.dest);
    }
    return { bytes: this.bytes, sha256: this.sumsHash.digest('hex'), files: this.files, datasets: this.datasets.size };
  }

  commit(): void {
    try {
      if (existsEmptyDir(this.dest)) rmdirSync(this.dest);
      renameSync(this.temp, this.dest);
    } catch (err) {
      this.abort();
      throw writeError(err, this.dest);
    }
  }

  abort(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }
}

function defaultWrite(path: string, data: string, exclusive: boolean): void {
  writeFileSync(path, data, exclusive ? { flag: 'wx' } : undefined);
}

function existsEmptyDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

function existsNonEmpty(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isDirectory() || readdirSync(path).length > 0;
  } catch {
    return false;
  }
}

type TagMetaRow = { source_id: number; id: number; name: string; value_type: string | null; color: string | null };

const VALUE_TYPES = new Set(['none', 'any_number', 'any_string', 'oneof_string', 'date']);

/**
 * The project's meta.json from the cache's tag metas of the exported sources: the SDK requires
 * unique names, a known `value_type` and, for `oneof_string`, the list of values (the cache does
 * not keep it, so it is the set of values the exported images use). Object classes are not in
 * ImageInfo, so `classes` is empty.
 */
export function projectMeta(
  db: Db,
  sourceIds: readonly number[],
  oneofValues: ReadonlyMap<string, ReadonlySet<string>>,
  warnings: string[],
): object {
  if (sourceIds.length === 0) return { classes: [], tags: [], projectType: 'images' };
  const rows = db
    .prepare(
      `SELECT source_id, id, name, value_type, color FROM tag_metas
        WHERE source_id IN (SELECT value FROM json_each(?)) ORDER BY source_id, id`,
    )
    .all(JSON.stringify(sourceIds)) as TagMetaRow[];
  const byName = new Map<string, object>();
  for (const t of rows) {
    if (byName.has(t.name)) {
      warnings.push(`Tag "${t.name}" exists in more than one source; meta.json keeps the first (id ${t.id} dropped).`);
      continue;
    }
    const valueType = t.value_type && VALUE_TYPES.has(t.value_type) ? t.value_type : 'none';
    const color = t.color && /^#[0-9a-f]{6}$/i.test(t.color) ? t.color.toUpperCase() : undefined;
    byName.set(t.name, {
      id: t.id,
      name: t.name,
      value_type: valueType,
      ...(color ? { color } : {}),
      ...(valueType === 'oneof_string' ? { values: [...(oneofValues.get(`${t.source_id}:${t.id}`) ?? [])].sort() } : {}),
      hotkey: '',
      applicable_type: 'all',
      classes: [],
    });
  }
  return { classes: [], tags: [...byName.values()], projectType: 'images' };
}
