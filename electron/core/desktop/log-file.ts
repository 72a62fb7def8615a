import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogOptions = {
  dir: string;
  /** The live file rotates once it would grow past this. */
  maxBytes?: number;
  /** Rotated files kept beside the live one (loupe.log.1 … loupe.log.N). */
  keep?: number;
  /** Secrets known right now (the connected accounts' tokens): cut out wherever they appear. */
  secrets?: () => Iterable<string>;
};

export const LOG_FILE_NAME = 'loupe.log';
const REDACTED = '[redacted]';
// A run this long of token characters with a digit and a letter in it is a token, a JWT or a
// key far more often than it is anything a reader of the log needs; a log that might hold a
// token is worse than one that lost a long name.
const TOKENISH = /[A-Za-z0-9_\-+=]{32,}/g;
const HEADER = /(x-api-key|authorization|api[_-]?token|token)(["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi;

/** The line with every known secret, API-key header value and token-like run cut out. */
export function redact(line: string, secrets: Iterable<string> = []): string {
  let out = line;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  out = out.replace(HEADER, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
  return out.replace(TOKENISH, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run));
}

/**
 * The app's log file in the user-data logs folder: one line per entry, time-stamped, rotated by
 * size (the live file and `keep` older ones), and never holding a token: every line is redacted
 * before it reaches the disk. Writes are synchronous so the last lines before a crash are kept.
 */
export class LogFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly secrets: () => Iterable<string>;
  private size: number;
  private pending = '';
  private restore: (() => void) | null = null;

  constructor(opts: LogOptions) {
    mkdirSync(opts.dir, { recursive: true });
    this.path = join(opts.dir, LOG_FILE_NAME);
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = opts.keep ?? 4;
    this.secrets = opts.secrets ?? (() => []);
    this.size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  write(level: 'info' | 'warn' | 'error', message: string): void {
    const text = redact(message.replace(/\r?\n$/, ''), this.secrets());
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${text}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    appendFileSync(this.path, line, { mode: 0o600 });
    this.size += bytes;
  }

  /**
   * Copies what the process prints (its own console and its worker threads', which Node pipes
   * through the same streams) into the log, line by line, as well as to the terminal.
   */
  captureProcessOutput(): () => void {
    const streams = [
      [process.stdout, 'info'],
      [process.stderr, 'warn'],
    ] as const;
    const originals = streams.map(([stream, level]) => {
      const original = stream.write.bind(stream) as typeof stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.take(
          level,
          typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
        );
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    });
    this.restore = () => originals.forEach((undo) => undo());
    return () => this.close();
  }

  close(): void {
    this.restore?.();
    this.restore = null;
    if (this.pending) this.write('info', this.pending);
    this.pending = '';
  }

  private take(level: 'info' | 'warn', text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) this.write(level, l);
  }

  private rotate(): void {
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    if (this.keep > 0) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.size = 0;
  }
}
