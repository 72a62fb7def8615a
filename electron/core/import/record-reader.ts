import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { LoupeError } from '../../../shared/errors';

/** One raw record and where it came from, for error messages that name the line. */
export type RawRecord = { line: number; text: string };

export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Bytes read so far (of the file on disk, before gunzip); `chunkBytes` is for tests. */
export type ReadProgress = { bytesRead: number; chunkBytes?: number };

function openStream(file: string, progress: ReadProgress): NodeJS.ReadableStream {
  const raw = createReadStream(file, { highWaterMark: progress.chunkBytes ?? 1 << 20 });
  raw.on('data', (chunk: Buffer | string) => {
    progress.bytesRead += chunk.length;
  });
  return file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

/**
 * The file's chunks, with a failure to read or inflate it (a 0-byte or damaged .gz, a folder
 * named .jsonl) turned into a BAD_FILE error that names the file.
 */
async function* chunksOf(file: string, progress: ReadProgress, label: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of openStream(file, progress) as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw readFailure(file, label, err);
  }
}

/** A read or gunzip failure as the BAD_FILE error the user sees. */
export function readFailure(file: string, label: string, err: unknown): LoupeError {
  if (err instanceof LoupeError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const why = typeof e.message === 'string' ? e.message : String(err);
  const zlib = typeof e.code === 'string' && e.code.startsWith('Z_');
  return new LoupeError(
    'BAD_FILE',
    zlib && file.endsWith('.gz') ? `${label}: not a valid gzip file (${why}).` : `${label} cannot be read (${why}).`,
    { file: label },
  );
}

const NL = 0x0a;

/** States of the JSON array splitter. */
const S = { Before: 0, Between: 1, InElement: 2, After: 3 } as const;

/**
 * Splits a JSON Lines file into lines without holding more than one chunk plus one line in
 * memory. Blank lines are skipped; a line over MAX_LINE_BYTES is refused by number.
 */
export async function* readJsonLines(
  file: string,
  progress: ReadProgress,
  label = file,
): AsyncGenerator<RawRecord> {
  let carry: Buffer[] = [];
  let carryLen = 0;
  let line = 0;
  for await (const chunk of chunksOf(file, progress, label)) {
    let start = 0;
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      line++;
      const piece = chunk.subarray(start, nl);
      const text =
        carryLen === 0 ? piece.toString('utf8') : Buffer.concat([...carry, piece]).toString('utf8');
      if (carryLen + piece.length > MAX_LINE_BYTES) tooLong(label, line);
      carry = [];
      carryLen = 0;
      start = nl + 1;
      if (text.trim()) yield { line, text };
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry.push(rest);
      carryLen += rest.length;
      if (carryLen > MAX_LINE_BYTES) tooLong(label, line + 1);
    }
  }
  if (carryLen > 0) {
    line++;
    const text = Buffer.concat(carry).toString('utf8');
    if (text.trim()) yield { line, text };
  }
}

function tooLong(label: string, line: number): never {
  throw new LoupeError(
    'BAD_RECORD',
    `${label} line ${line}: the line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; an ImageInfo record is far smaller, so this is probably not an ImageInfo file.`,
    { file: label, line },
  );
}

/**
 * Streams the elements of a top-level JSON array (`[ {...}, {...} ]`) as text, tracking
 * strings and nesting byte by byte so each element can go to JSON.parse on its own and an
 * error can name the line the element starts on. Faster than a token-level streaming parser,
 * and memory stays at one element.
 */
export async function* readJsonArray(
  file: string,
  progress: ReadProgress,
  label = file,
): AsyncGenerator<RawRecord> {
  let state: number = S.Before;
  let nest = 0; // brackets open inside the current element
  let inString = false;
  let escaped = false;
  let line = 1;
  let elemLine = 1;
  let parts: Buffer[] = [];
  let partLen = 0;
  for await (const chunk of chunksOf(file, progress, label)) {
    let elemStart = state === S.InElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (c === NL) line++;
      if (state === S.InElement) {
        let endAt = -1; // index of the element's last byte, when it ends here
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (nest === 0) endAt = i;
          }
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) nest++;
        else if ((c === 0x7d || c === 0x5d) && nest > 0) {
          if (--nest === 0) endAt = i;
        } else if (nest === 0 && (c === 0x2c || c === 0x5d || c <= 0x20)) {
          endAt = i - 1; // end of a bare scalar; re-read this byte as a separator
          i--;
          if (c === NL) line--;
        }
        if (endAt < 0) continue;
        parts.push(chunk.subarray(elemStart, endAt + 1));
        const text = Buffer.concat(parts).toString('utf8');
        parts = [];
        partLen = 0;
        elemStart = -1;
        state = S.Between;
        yield { line: elemLine, text };
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (state === S.Before) {
        if (c === 0xef || c === 0xbb || c === 0xbf) continue; // UTF-8 byte-order mark
        if (c !== 0x5b) syntax(label, line, 'a .json import file must hold an array of records');
        state = S.Between;
      } else if (state === S.After) {
        syntax(label, line, 'unexpected content after the closing ]');
      } else if (c === 0x2c) {
        continue;
      } else if (c === 0x5d) {
        state = S.After;
      } else {
        state = S.InElement;
        elemStart = i;
        elemLine = line;
        i--; // let the element state read its first byte
      }
    }
    if (state === S.InElement && elemStart >= 0) {
      const rest = chunk.subarray(elemStart);
      parts.push(rest);
      partLen += rest.length;
      if (partLen > MAX_LINE_BYTES) tooLong(label, elemLine);
    }
  }
  if (state === S.Before) throw new LoupeError('BAD_FILE', `No records in ${label}: the file is empty.`, { file: label });
  if (state !== S.After) syntax(label, line, 'the array is not closed (is the file truncated?)');
}

function syntax(label: string, line: number, why: string): never {
  throw new LoupeError('BAD_FILE', `${label} line ${line}: ${why}.`, { file: label, line });
}
