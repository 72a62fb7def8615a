import { LoupeError } from '../../../shared/errors';
import type { PixelSource } from '../cache/image-files';
import type { AccountRow } from '../sync/accounts';
import { ServerCallError, SuperviselyClient, type ClientTuning } from '../sync/http-client';
import { Limiter } from '../sync/limiter';
import type { NoPixels } from './local-pixels';

/** A record whose pixels a connected server holds: which account, and the preview to ask for. */
export type RemotePixels = {
  account: AccountRow;
  imageId: number;
  /** The storage URL a preview is built from, when it lies on the account's own origin. */
  fullStorageUrl: string | null;
  /** What changes when the server's pixels may have: the file's hash, else its updatedAt. */
  fingerprint: string;
};

/** Why a server could not give a record's pixels (a placeholder says so). */
export class NoServerPixels extends Error {
  constructor(
    readonly why: NoPixels,
    message: string,
  ) {
    super(message);
  }
}

/** A tile waits seconds, not the minutes a sync may: fewer, shorter attempts, same backoff rule. */
export const PIXEL_TUNING: Partial<ClientTuning> = { timeoutMs: 20_000, attempts: 3, backoffBaseMs: 500, backoffCapMs: 4_000, maxRetryAfterMs: 15_000 };

/** Requests for pixels in flight at once, over every account (supervisely-api.md §6: keep ≤ 5). */
export const PIXEL_REQUESTS = 4;

const originOf = (url: string | null): string | null => {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
};

/**
 * The preview address the SDK builds from a storage URL (supervisely-api.md §3, `resize_image_url`):
 * after `scheme://host` comes `/previews/q/ext:jpeg/resize:fit:<w>:<h>:0/q:70/plain`, then the
 * original path. `fit` within size × size, like the thumbnail made from it; null when the URL
 * does not parse (the SDK would return it unchanged, which is not a preview).
 */
export function previewUrl(fullStorageUrl: string, size: number): string | null {
  const origin = originOf(fullStorageUrl);
  if (!origin) return null;
  const u = new URL(fullStorageUrl);
  return `${origin}/previews/q/ext:jpeg/resize:fit:${size}:${size}:0/q:70/plain${u.pathname}${u.search}`;
}

/**
 * Which connected account, if any, may be asked for a record's pixels: the account a synced
 * record came from, else (an imported record) the account whose origin its `full_storage_url`
 * or `link` names. A record pointing at any other host is "not connected" — that host is never
 * contacted. Null when the record names no server at all.
 */
export function remotePixelsOf(src: PixelSource, accounts: readonly AccountRow[]): RemotePixels | { missing: NoPixels } | null {
  const fingerprint = `server:${src.hash ?? src.updatedAt ?? ''}`;
  const storage = originOf(src.fullStorageUrl);
  if (src.kind === 'server') {
    const account = accounts.find((a) => a.source_id === src.sourceId);
    if (!account) return { missing: 'not-connected' };
    const own = storage !== null && storage === originOf(account.server_url);
    return { account, imageId: src.imageId, fullStorageUrl: own ? src.fullStorageUrl : null, fingerprint };
  }
  const named = [storage, originOf(src.link)].filter((o): o is string => o !== null);
  if (named.length === 0) return null;
  for (const origin of named) {
    const account = accounts.find((a) => originOf(a.server_url) === origin);
    if (account) return { account, imageId: src.imageId, fullStorageUrl: storage === origin ? src.fullStorageUrl : null, fingerprint };
  }
  return { missing: 'not-connected' };
}

/**
 * Fetches a record's pixels from its connected server, in main only: the preview the SDK would
 * show, or `images.download` when the preview is refused (or is not an image), requested with
 * the account's stored token through the sync's client — its retries with backoff, its timeout,
 * its redaction — a few requests at once over all accounts. The token never leaves this object.
 */
export class ServerPixels {
  private readonly limiter = new Limiter(PIXEL_REQUESTS);
  private readonly clients = new Map<string, SuperviselyClient>();

  /**
   * `accounts` lists the connected accounts: read live by the service (a few rows), read once
   * before a run that iterates the cache on the same connection.
   */
  constructor(
    private readonly accounts: () => readonly AccountRow[],
    private readonly tokenOf: (account: AccountRow) => Promise<string | null>,
    private readonly tuning: Partial<ClientTuning> = PIXEL_TUNING,
  ) {}

  /** How many requests the limiter let run at once, at most (tests assert the cap). */
  get peakInFlight(): number {
    return this.limiter.peak;
  }

  /** Where a record's pixels are on a connected server. */
  locate(src: PixelSource): RemotePixels | { missing: NoPixels } | null {
    return remotePixelsOf(src, this.accounts());
  }

  /**
   * The bytes of an image file (a JPEG preview, or the original) for a thumbnail of `size`.
   * Throws NoServerPixels with the reason, or the CANCELLED error when `signal` fired.
   */
  async fetch(r: RemotePixels, size: number, signal?: AbortSignal): Promise<Uint8Array> {
    const token = await this.tokenOf(r.account);
    if (!token) throw new NoServerPixels('not-connected', `no API token for ${r.account.login} @ ${new URL(r.account.server_url).host}`);
    const client = this.client(r.account, token);
    const preview = r.fullStorageUrl === null ? null : previewUrl(r.fullStorageUrl, size);
    if (preview) {
      try {
        const got = await client.getBytes(preview, `the preview of image ${r.imageId}`, signal);
        if (got.contentType.startsWith('image/')) return got.bytes;
      } catch (err) {
        // Refused (any status the SDK would not retry, or retries spent): the file may still come.
        if (!(err instanceof ServerCallError) || err.code === 'SERVER_UNREACHABLE' || err.code === 'SERVER_TIMEOUT') throw this.reason(err);
      }
    }
    try {
      return (await client.download('images.download', { id: r.imageId }, signal)).bytes;
    } catch (err) {
      throw this.reason(err);
    }
  }

  private reason(err: unknown): Error {
    if (err instanceof LoupeError && err.code === 'CANCELLED') return err;
    if (!(err instanceof ServerCallError)) return err instanceof Error ? err : new Error(String(err));
    if (err.code === 'SERVER_UNREACHABLE' || err.code === 'SERVER_TIMEOUT') return new NoServerPixels('offline', err.message);
    if (err.code === 'AUTH_FAILED' && err.status !== 403) return new NoServerPixels('token-refused', err.message);
    return new NoServerPixels('server-refused', err.message);
  }

  private client(account: AccountRow, token: string): SuperviselyClient {
    const key = `${account.source_id}\n${token}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new SuperviselyClient({ server: account.server_url, token, tuning: this.tuning, limiter: this.limiter });
      this.clients.set(key, c);
    }
    return c;
  }
}
