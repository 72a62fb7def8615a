import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { deriveFromAnnotation, MAX_JSON_FILE_BYTES, oversizeJson, readJsonFile } from './ann-record';
import { readAhead } from './read-ahead';
import { importRecords, type ImportOptions, type IncomingRecord } from './import-records';
import { datasetItems, dirEntries, findDatasets, itemJsonCandidates, readProjectMeta, type DatasetDir, type FolderWarning } from './project-folder';
import { syntheticId } from './synthetic-id';

export type FolderImportOptions = Pick<ImportOptions, 'isCancelled' | 'onProgress' | 'skipBad' | 'onProblem'>;

/**
 * The dataset id its img_info files use (from the first readable one), else a stable synthetic
 * id. A file that cannot be read or parsed is passed over here: the import reports it, by its
 * path in the project, as the bad record it is (or skips it on request).
 */
function datasetIdOf(ds: DatasetDir): number {
  const dir = join(ds.dir, 'img_info');
  let tries = 0;
  for (const name of dirEntries(dir)) {
    if (!name.endsWith('.json')) continue;
    let v: unknown;
    try {
      v = readJsonFile(join(dir, name));
    } catch (err) {
      if (!(err instanceof LoupeError)) throw err;
      if (++tries < 5) continue;
      break;
    }
    const rec = typeof v === 'object' && v !== null ? (v as { dataset_id?: unknown; datasetId?: unknown }) : {};
    const id = rec.dataset_id ?? rec.datasetId;
    if (typeof id === 'number' && Number.isInteger(id)) return id;
    break;
  }
  return syntheticId(`dataset:${ds.path}`);
}

/**
 * Imports a Supervisely project folder (supervisely-api.md §4) as one source: tag names from
 * meta.json, every dataset at any nesting depth, one record per item from `img_info/` when the
 * download kept it, else derived from `ann/` and `img/`.
 */
export async function importProjectFolder(db: Db, path: string, opts: FolderImportOptions = {}): Promise<JobResult> {
  const root = resolve(path);
  const warnings: FolderWarning[] = [];
  const datasets = findDatasets(root, warnings);
  const datasetIds = new Map(datasets.map((d) => [d.path, datasetIdOf(d)]));
  const sidecar = readProjectMeta(root, datasets, datasetIds);
  // Counted here, streamed again while importing: no dataset's listing is ever held whole.
  let total = 0;
  for (const d of datasets) for (const _ of datasetItems(d)) total++;
  if (total === 0) {
    throw new LoupeError(
      'BAD_FILE',
      `${root} holds no images: a dataset folder needs ann/ with img/, or img_info/ (found ${datasets.length} dataset folder${datasets.length === 1 ? '' : 's'}).`,
      { file: root },
    );
  }
  const rel = (f: string) => relative(root, f) || basename(f);
  /** Every item with the img_info files that may hold its record, best first. */
  function* wanted(): Generator<{ item: { ds: DatasetDir; item: string }; tries: string[] }> {
    for (const ds of datasets) {
      const hasInfo = existsSync(join(ds.dir, 'img_info'));
      for (const { item, infoFile } of datasetItems(ds)) {
        const tries = !hasInfo ? [] : infoFile ? [infoFile] : itemJsonCandidates(ds, 'img_info', item);
        yield { item: { ds, item }, tries };
      }
    }
  }
  async function* records(): AsyncGenerator<IncomingRecord> {
    for await (const { item: { ds, item }, result } of readAhead(wanted(), MAX_JSON_FILE_BYTES)) {
      const datasetPath = ds.path;
      // Remembered whether or not the file is there: a thumbnail then says it is missing.
      const imageFile = relative(root, join(ds.dir, 'img', item));
      if (result.kind === 'text') {
        yield { line: 0, text: result.text, file: rel(result.file), datasetPath, imageFile };
      } else if (result.kind === 'oversize') {
        yield { line: 0, error: oversizeJson(rel(result.file), result.size), file: rel(result.file), datasetPath };
      } else if (result.kind === 'failed') {
        const file = rel(result.file);
        yield { line: 0, error: new LoupeError('BAD_RECORD', `${file}: cannot be read (${result.message}).`, { file }), file, datasetPath };
      } else {
        try {
          const datasetId = datasetIds.get(ds.path) as number;
          yield { line: 0, value: deriveFromAnnotation(ds, item, datasetId), file: rel(join(ds.dir, 'ann', item)), datasetPath, imageFile };
        } catch (err) {
          // A broken annotation is a bad record like any other: reported, or skipped on request.
          if (!(err instanceof LoupeError)) throw err;
          yield { line: 0, error: err, file: rel(err.details?.file ?? ds.dir), datasetPath };
        }
      }
    }
  }
  return importRecords(db, { kind: 'folder', uri: root, label: basename(root) }, records(), sidecar, {
    label: basename(root),
    estimatedRecords: total,
    fraction: (n) => n / total,
    warnings: warnings.map((w) => `${rel(w.file)}: ${w.message}`),
    ...opts,
  });
}
