import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { deriveFromAnnotation, readJsonFile } from './ann-record';
import { importRecords, type ImportOptions, type IncomingRecord } from './import-records';
import { dirEntries, findDatasets, itemJsonPath, itemNames, readProjectMeta, type DatasetDir, type FolderWarning } from './project-folder';
import { syntheticId } from './synthetic-id';

export type FolderImportOptions = Pick<ImportOptions, 'isCancelled' | 'onProgress' | 'skipBad' | 'onProblem'>;

/** The dataset id its img_info files use (read from the first one), else a stable synthetic id. */
function datasetIdOf(ds: DatasetDir): number {
  const dir = join(ds.dir, 'img_info');
  for (const name of dirEntries(dir)) {
    if (!name.endsWith('.json')) continue;
    const v = readJsonFile(join(dir, name)) as { dataset_id?: unknown; datasetId?: unknown };
    const id = v.dataset_id ?? v.datasetId;
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
  for (const d of datasets) for (const _ of itemNames(d)) total++;
  if (total === 0) {
    throw new LoupeError(
      'BAD_FILE',
      `${root} holds no images: a dataset folder needs ann/ with img/, or img_info/ (found ${datasets.length} dataset folder${datasets.length === 1 ? '' : 's'}).`,
      { file: root },
    );
  }
  const rel = (f: string) => relative(root, f) || basename(f);
  function* records(): Generator<IncomingRecord> {
    for (const ds of datasets) {
      const datasetId = datasetIds.get(ds.path) as number;
      for (const item of itemNames(ds)) {
        const info = itemJsonPath(ds, 'img_info', item);
        if (info) {
          yield { line: 0, text: readFileSync(info, 'utf8'), file: rel(info), datasetPath: ds.path };
          continue;
        }
        try {
          yield { line: 0, value: deriveFromAnnotation(ds, item, datasetId), file: rel(join(ds.dir, 'ann', item)), datasetPath: ds.path };
        } catch (err) {
          // A broken annotation is a bad record like any other: reported, or skipped on request.
          if (!(err instanceof LoupeError)) throw err;
          yield { line: 0, error: err, file: rel(err.details?.file ?? ds.dir), datasetPath: ds.path };
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
