import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'BAD_RECORD',
  'BAD_FILE',
  'IMPORT_FAILED',
  'CACHE_TOO_NEW',
  'CANCELLED',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  // Sync with a server: the token was refused, none is stored, or the server failed.
  'AUTH_FAILED',
  // The token itself cannot be a token (a line break or control character pasted with it).
  'INVALID_TOKEN',
  'AUTH_REQUIRED',
  'SERVER_UNREACHABLE',
  'SERVER_TIMEOUT',
  'SERVER_ERROR',
  // A write was asked of a cache file this process may only read.
  'CACHE_READ_ONLY',
  // Another writer (an import, a sync, a source removal) holds the cache's write lock.
  'CACHE_BUSY',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Where in the user's input a problem sits; every field optional because not all apply. */
export const errorDetailsSchema = z.object({
  file: z.string().optional(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  issues: z.array(z.string()).optional(),
});
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: errorDetailsSchema.optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

/** An error meant for the user: a code the UI can act on and a message that says what and where. */
export class LoupeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'LoupeError';
  }

  toJSON(): AppError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** Anything thrown → a plain AppError. Unknown errors keep their message but get INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof LoupeError) return err.toJSON();
  // SQLite's own errors carry their result code; a locked cache is the user's to retry, not a bug.
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return {
      code: 'CACHE_BUSY',
      message: 'The cache is busy: an import, a sync or a source removal is writing to it. Try again when it has finished.',
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

/** The envelope every IPC call returns; Electron drops custom fields of rejected errors. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppError };
