import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { importFile } from './import-file';
import { importProjectFolder, type FolderImportOptions } from './import-folder';

export type PathImportOptions = FolderImportOptions;

/** The one way in for anything on disk: a dump file, or a Supervisely project folder. */
export function importPath(db: Db, path: string, opts: PathImportOptions = {}): Promise<JobResult> {
  const full = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(full).isDirectory();
  } catch (err) {
    throw new LoupeError('BAD_FILE', `${full} cannot be read: ${(err as Error).message}`, { file: full });
  }
  return isDir ? importProjectFolder(db, full, opts) : importFile(db, full, opts);
}
