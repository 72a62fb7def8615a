import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** What reading one item gave: the first of its candidate files that exists, or why not. */
export type ReadResult =
  | { kind: 'text'; file: string; text: string }
  /** The file is over the cap: refused without reading it. */
  | { kind: 'oversize'; file: string; size: number }
  | { kind: 'failed'; file: string; message: string }
  /** None of the candidates exists. */
  | { kind: 'missing' };

/**
 * As the thread sends it: a text is a byte range of the batch's one transferred buffer; a file
 * over INLINE_BYTES is left for the caller's thread to read, so a batch stays small.
 */
type RawResult =
  | Exclude<ReadResult, { kind: 'text' }>
  | { kind: 'text'; file: string; start: number; end: number }
  | { kind: 'large'; file: string };

/** Files above this are read by the caller, not put in a batch (img_info files are ~1–2 KiB). */
const INLINE_BYTES = 64 * 1024;

/**
 * The reader thread's body, plain JavaScript so it runs as it is under tsx, Vitest and the
 * bundled app (`eval: true`). For each item it opens the first of its candidate paths that
 * exists (a missing file is the only miss) and checks its size; then it reads the batch's
 * files into one buffer and hands that buffer over (transferred, not copied: cloning 1M
 * strings cost the importing process ~75 MiB more).
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, fstatSync, readSync, closeSync } = require('node:fs');
const { maxBytes: max, inlineBytes } = workerData;
// What existsSync would call absent: no such file, a file where a folder should be, a name too long.
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG']);
function openOne(tries) {
  for (const file of tries) {
    let fd;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      if (ABSENT.has(err.code)) continue;
      return { kind: 'failed', file, message: err.message };
    }
    try {
      const size = fstatSync(fd).size;
      if (size > max || size > inlineBytes) {
        closeSync(fd);
        return size > max ? { kind: 'oversize', file, size } : { kind: 'large', file };
      }
      return { kind: 'text', file, fd, size };
    } catch (err) {
      closeSync(fd);
      return { kind: 'failed', file, message: err.message };
    }
  }
  return { kind: 'missing' };
}
parentPort.on('message', ({ id, items }) => {
  const opened = items.map(openOne);
  let total = 0;
  for (const o of opened) if (o.kind === 'text') total += o.size;
  const bytes = new Uint8Array(total);
  let pos = 0;
  const results = opened.map((o) => {
    if (o.kind !== 'text') return o;
    try {
      let read = 0;
      for (let n = 1; read < o.size && n > 0; read += n) n = readSync(o.fd, bytes, pos + read, o.size - read, read);
      const r = { kind: 'text', file: o.file, start: pos, end: pos + read };
      pos += o.size;
      return r;
    } catch (err) {
      pos += o.size;
      return { kind: 'failed', file: o.file, message: err.message };
    } finally {
      closeSync(o.fd);
    }
  });
  parentPort.postMessage({ id, results, bytes }, [bytes.buffer]);
});
`;

/** Items per message, and batches in flight: enough to keep the thread busy, little memory. */
const BATCH = 128;
const IN_FLIGHT = 4;

/**
 * Reads many small files on a second thread, in order, while the caller works on what was
 * read: opening a file whose directory entry is not cached costs ~30 µs in the kernel, a
 * third of a 1M-file project import when done on the importing thread. Holds at most
 * IN_FLIGHT × BATCH items' texts of at most INLINE_BYTES each (32 MiB in the worst case, under
 * 1 MiB for typical img_info files).
 *
 * `items` gives each item's candidate paths; the results come back in the same order, each
 * with the item it belongs to.
 */
export async function* readAhead<T>(
  items: Iterable<{ item: T; tries: string[] }>,
  maxBytes: number,
): AsyncGenerator<{ item: T; result: ReadResult }> {
  const worker = new Worker(READER_SOURCE, {
    eval: true,
    workerData: { maxBytes, inlineBytes: INLINE_BYTES },
    // Its heap holds one batch of texts at a time; V8's default young generation alone would
    // add tens of MiB to the process.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
  });
  const waiting = new Map<number, (r: { results: RawResult[]; bytes: Buffer }) => void>();
  // Each text is decoded when its turn comes, not the batch at once: fewer live strings.
  const decode = (r: RawResult, bytes: Buffer): ReadResult => {
    if (r.kind === 'text') return { kind: 'text', file: r.file, text: bytes.toString('utf8', r.start, r.end) };
    if (r.kind !== 'large') return r;
    try {
      return { kind: 'text', file: r.file, text: readFileSync(r.file, 'utf8') };
    } catch (err) {
      return { kind: 'failed', file: r.file, message: (err as Error).message };
    }
  };
  let failure: Error | null = null;
  let stopping = false;
  const fail = (err: Error) => {
    failure ??= err;
    for (const resolve of waiting.values()) resolve({ results: [], bytes: Buffer.alloc(0) });
    waiting.clear();
  };
  worker.on('message', (m: { id: number; results: RawResult[]; bytes: Uint8Array }) => {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    waiting.get(m.id)?.({ results: m.results, bytes });
    waiting.delete(m.id);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`The file reader thread stopped unexpectedly (exit code ${code}).`));
  });
  const queue: { batch: T[]; results: Promise<{ results: RawResult[]; bytes: Buffer }> }[] = [];
  let next = 0;
  const send = (batch: { item: T; tries: string[] }[]) => {
    const id = next++;
    const results = new Promise<{ results: RawResult[]; bytes: Buffer }>((resolve) => waiting.set(id, resolve));
    worker.postMessage({ id, items: batch.map((b) => b.tries) });
    queue.push({ batch: batch.map((b) => b.item), results });
  };
  const source = items[Symbol.iterator]();
  try {
    let done = false;
    const fill = () => {
      while (!done && queue.length < IN_FLIGHT) {
        const batch: { item: T; tries: string[] }[] = [];
        for (let r = source.next(); ; r = source.next()) {
          if (r.done) {
            done = true;
            break;
          }
          batch.push(r.value);
          if (batch.length === BATCH) break;
        }
        if (batch.length > 0) send(batch);
      }
    };
    fill();
    while (queue.length > 0) {
      const { batch, results } = queue.shift() as (typeof queue)[number];
      const read = await results;
      if (failure) throw failure;
      fill();
      for (let i = 0; i < batch.length; i++) {
        yield { item: batch[i] as T, result: decode(read.results[i] as RawResult, read.bytes) };
      }
    }
  } finally {
    // Stopped early (a bad record, a cancel): the listing's open directory handles close now.
    source.return?.();
    stopping = true;
    await worker.terminate();
  }
}
