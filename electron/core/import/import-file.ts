import { statSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { LoupeError } from '../../../shared/errors';
import type { JobResult } from '../../../shared/jobs';
import type { Db } from '../cache/open-cache';
import { importRecords, type ImportOptions, type IncomingRecord } from './import-records';
import { readFailure, readJsonArray, readJsonLines, type ReadProgress } from './record-reader';
import { readSidecar } from './sidecar';

/** A whole-document JSON object (an API envelope) is parsed at once; cap what that may cost. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** Rough bytes per record in a dump, for progress before the end is known. */
const BYTES_PER_RECORD = 700;

type Format = 'jsonl' | 'json-array' | 'json-document';

function firstByte(file: string): number | null {
  const fd = openSync(file, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64 * 1024);
    head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
  // A partial gzip stream inflates fine with a sync flush: no need to read the whole file.
  if (file.endsWith('.gz')) {
    try {
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (err) {
      throw readFailure(file, basename(file), err);
    }
  }
  return firstNonSpace(head.subarray(0, 4096));
}

function firstNonSpace(buf: Buffer): number | null {
  for (const b of buf) if (b > 0x20 && b !== 0xef && b !== 0xbb && b !== 0xbf) return b;
  return null;
}

/** JSON Lines by extension; a .json file by its first character. */
export function detectFormat(file: string): Format {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (!name.endsWith('.json')) {
    throw new LoupeError(
      'BAD_FILE',
      `${basename(file)}: Loupe imports .json, .jsonl and .ndjson files (optionally .gz).`,
      { file },
    );
  }
  const b = firstByte(file);
  if (b === null) throw new LoupeError('BAD_FILE', `No records in ${basename(file)}: the file is empty.`, { file });
  if (b === 0x5b) return 'json-array';
  if (b === 0x7b) return 'json-document';
  throw new LoupeError(
    'BAD_FILE',
    `${basename(file)} line 1: expected a JSON array or object, found "${String.fromCharCode(b)}".`,
    { file, line: 1 },
  );
}

/**
 * A .json file that starts with "{": the API's list envelope ({total, entities: [...]}), one
 * record, or — often enough — JSON Lines saved as .json.
 */
async function* readJsonDocument(file: string, label: string, progress: ReadProgress): AsyncGenerator<IncomingRecord> {
  const size = statSync(file).size;
  if (size > MAX_DOCUMENT_BYTES) {
    throw new LoupeError(
      'BAD_FILE',
      `${label}: a JSON object of ${Math.round(size / 1048576)} MiB is read whole, and the limit is ${MAX_DOCUMENT_BYTES / 1048576} MiB. Save the records as JSON Lines or as a JSON array, which Loupe streams at any size.`,
      { file: label },
    );
  }
  let text: string;
  try {
    const raw = readFileSync(file);
    text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (err) {
    throw readFailure(file, label, err);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    yield* readJsonLines(file, progress, label);
    return;
  }
  progress.bytesRead = size;
  const entities = (doc as { entities?: unknown }).entities;
  if (Array.isArray(entities)) {
    for (let i = 0; i < entities.length; i++) yield { line: i + 1, value: entities[i] };
  } else {
    yield { line: 1, value: doc };
  }
}

export type FileImportOptions = Pick<ImportOptions, 'isCancelled' | 'onProgress' | 'skipBad' | 'onProblem'>;

/** Imports one dump file as a source of its own (re-importing it updates that source). */
export async function importFile(db: Db, path: string, opts: FileImportOptions = {}): Promise<JobResult> {
  const file = resolve(path);
  const label = basename(file);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new LoupeError('BAD_FILE', `${file} is not a file.`, { file });
    size = st.size;
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError('BAD_FILE', `${file} cannot be read: ${(err as Error).message}`, { file });
  }
  const format = detectFormat(file);
  const { sidecar } = readSidecar(file);
  const progress: ReadProgress = { bytesRead: 0 };
  const records =
    format === 'jsonl'
      ? readJsonLines(file, progress, label)
      : format === 'json-array'
        ? readJsonArray(file, progress, label)
        : readJsonDocument(file, label, progress);
  return importRecords(db, { kind: 'file', uri: file, label }, records, sidecar, {
    label,
    estimatedRecords: Math.round(size / BYTES_PER_RECORD),
    fraction: () => (size > 0 ? Math.min(1, progress.bytesRead / size) : null),
    ...opts,
  });
}
