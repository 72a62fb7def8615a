import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LoupeError } from '../../../shared/errors';

/**
 * Text is encoded straight into one reused buffer of this size and written when it fills: no
 * long-lived string pieces for the garbage collector to copy, and few system calls.
 */
const BUFFER_BYTES = 1 << 20;

/** How tests make writes fail for real: open `/dev/full` instead of the temporary file. */
export type OpenFile = (path: string) => number;
const openExclusive: OpenFile = (path) => openSync(path, 'wx');

/** A hidden sibling of `dest` (same folder, so the final rename is atomic). */
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.loupe-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** A write error as the user should read it: what happened, to which file, what to do. */
export function writeError(err: unknown, dest: string): LoupeError {
  if (err instanceof LoupeError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const dir = dirname(dest);
  const why: Record<string, string> = {
    ENOSPC: `The disk is full: ${dest} could not be written. Nothing was saved; free some space and export again.`,
    EDQUOT: `Your disk quota is used up: ${dest} could not be written. Nothing was saved.`,
    EACCES: `Loupe may not write to ${dir}. Nothing was saved; choose another folder.`,
    EPERM: `Loupe may not write to ${dir}. Nothing was saved; choose another folder.`,
    EROFS: `${dir} is on a read-only disk. Nothing was saved; choose another folder.`,
    ENOENT: `The folder ${dir} does not exist. Nothing was saved; choose another folder.`,
    ENOTDIR: `${dir} is not a folder. Nothing was saved; choose another destination.`,
    EISDIR: `${dest} is a folder. Nothing was saved; choose a file name.`,
  };
  const message = (code && why[code]) ?? `Writing ${dest} failed: ${(err as Error).message}. Nothing was saved.`;
  return new LoupeError('BAD_FILE', message, { file: dest });
}

/**
 * A file written as a hidden temporary beside its destination, hashed as it goes, and renamed
 * into place only by commit(); abort() (or any write error) removes it, so a failed or
 * cancelled export never leaves a partial file behind.
 */
export class FileSink {
  readonly temp: string;
  private fd: number | null;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(
    readonly dest: string,
    open: OpenFile = openExclusive,
  ) {
    this.temp = tempPathFor(dest);
    try {
      this.fd = open(this.temp);
    } catch (err) {
      throw writeError(err, dest);
    }
  }

  /** Appends text (UTF-8); written in large chunks. */
  write(text: string): void {
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flushText();
      if (text.length * 3 > BUFFER_BYTES) {
        this.put(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** Appends bytes, after any pending text. */
  writeBytes(bytes: Uint8Array): void {
    this.flushText();
    this.put(bytes);
  }

  private flushText(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.put(this.buf.subarray(0, n));
  }

  private put(bytes: Uint8Array): void {
    if (this.fd === null) throw new Error('The file is closed.');
    this.hash.update(bytes);
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (err) {
      this.abort();
      throw writeError(err, this.dest);
    }
    this.bytes += bytes.length;
  }

  /** Writes what is pending and makes it durable; returns the size and hash. Still temporary. */
  finish(): { bytes: number; sha256: string } {
    this.flushText();
    try {
      if (this.fd !== null) {
        fsyncSync(this.fd);
        closeSync(this.fd);
      }
    } catch (err) {
      this.abort();
      throw writeError(err, this.dest);
    }
    this.fd = null;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Moves the finished file into place (replacing a file the save dialog agreed to replace). */
  commit(): void {
    try {
      renameSync(this.temp, this.dest);
    } catch (err) {
      this.abort();
      throw writeError(err, this.dest);
    }
  }

  /** Closes and removes the temporary file; never throws. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing; the removal below is what matters
      }
      this.fd = null;
    }
    rmSync(this.temp, { force: true });
  }
}

/** Writes a small file atomically (temp + rename happen in the caller's order via the sink). */
export function smallFile(dest: string, text: string, open?: OpenFile): FileSink {
  const sink = new FileSink(dest, open);
  sink.write(text);
  sink.finish();
  return sink;
}
