import { LoupeError, type ErrorCode } from '../../../shared/errors';
import {
  backoffDelay,
  isRetryable400,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  sleep as defaultSleep,
} from './backoff';
import { checkApiToken } from './api-token';
import { Limiter } from './limiter';
import { apiUrl, serverHost } from './server-url';

export type ClientTuning = {
  /** Per attempt, from sending the request to the last byte of the body. */
  timeoutMs: number;
  /** Attempts per call, the first included. The SDK makes 10; an app should give up sooner. */
  attempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A server asking to wait longer than this is reported instead of obeyed. */
  maxRetryAfterMs: number;
  maxInFlight: number;
};

export const DEFAULT_TUNING: ClientTuning = {
  timeoutMs: 30_000,
  attempts: 6,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 300_000,
  maxInFlight: 5,
};

export type RetryInfo = { method: string; retry: number; delayMs: number; reason: string };

export type ClientOptions = {
  server: string;
  token: string;
  tuning?: Partial<ClientTuning>;
  /** Shared between clients of one sync so the cap holds across projects. */
  limiter?: Limiter;
  signal?: AbortSignal;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
};

/**
 * A failed call with what the engine needs to decide (HTTP status, whether the server refused
 * an option). The message names the server and the method, never the token.
 */
export class ServerCallError extends LoupeError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
    readonly serverMessage: string | null,
  ) {
    super(code, message);
    this.name = 'ServerCallError';
  }
}

/** A file's bytes as a server sent them, and the type it said they are. */
export type FetchedBytes = { bytes: Uint8Array; contentType: string };

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

const readBytes = async (res: Response): Promise<Attempt<FetchedBytes>> => ({
  ok: true,
  value: { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' },
});

type Failure =
  | { kind: 'network'; detail: string }
  | { kind: 'timeout' }
  | { kind: 'status'; status: number; text: string; retryAfterMs: number | null }
  | { kind: 'body'; detail: string };

const AUTH_WORDS = /token|api[\s_-]?key|unauthori[sz]ed|unauthenticated|authenticat|x-api-key/i;

/** The human message of an error body: `details.message`, `details[0].message`, else `error`. */
export function errorText(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { error?: unknown; details?: unknown };
  const d = Array.isArray(b.details) ? b.details[0] : b.details;
  const m = d && typeof d === 'object' ? (d as { message?: unknown }).message : undefined;
  if (typeof m === 'string' && m) return m;
  return typeof b.error === 'string' && b.error ? b.error : null;
}

/** A network error's most specific code (ECONNREFUSED, ECONNRESET, ENOTFOUND, …). */
function networkDetail(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as Error)?.message || 'network error';
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  ETIMEDOUT: 'timed out',
};

/**
 * The Supervisely JSON API over fetch: `POST <server>/public/api/v3/<method>` with the token in
 * `x-api-key`, a timeout on every attempt, at most `maxInFlight` requests at once, and retries
 * only on the SDK's retryable statuses and on network errors (including a body cut short or
 * JSON that does not parse), with capped exponential backoff, full jitter and Retry-After.
 */
export class SuperviselyClient {
  readonly server: string;
  readonly host: string;
  readonly tuning: ClientTuning;
  readonly limiter: Limiter;
  /** Requests sent and retries made, for progress and the benchmark. */
  requests = 0;
  retries = 0;
  private readonly token: string;

  constructor(private readonly opts: ClientOptions) {
    this.server = opts.server;
    this.host = serverHost(opts.server);
    checkApiToken(opts.token);
    this.token = opts.token;
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    this.limiter = opts.limiter ?? new Limiter(this.tuning.maxInFlight);
  }

  /**
   * Removes the token from text that came from elsewhere (a server may echo it back, a network
   * error may quote a header). Every message that leaves the client passes through here.
   */
  redact(text: string): string {
    return this.token ? text.split(this.token).join('[token]') : text;
  }

  /** One API call with retries; resolves with the parsed JSON of a 200. */
  call(method: string, body: Record<string, unknown>): Promise<unknown> {
    return this.retrying(method, undefined, (signal) =>
      this.attempt(method, apiUrl(this.server, method), { method: 'POST', body: JSON.stringify(body), json: true }, signal, async (res) => {
        const text = await res.text();
        try {
          return { ok: true, value: JSON.parse(text) as unknown };
        } catch {
          return { ok: false, failure: { kind: 'body', detail: `the answer to ${method} was cut short or is not JSON` } };
        }
      }),
    );
  }

  /**
   * An API method that answers with a file (`images.download`, supervisely-api.md §2.3): posted
   * like `call`, with the same retries, its body kept as bytes. `signal` drops the call (a tile
   * scrolled away): a request in flight is aborted, one waiting for a slot leaves the queue.
   */
  download(method: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<FetchedBytes> {
    return this.retrying(method, signal, (s) =>
      this.attempt(method, apiUrl(this.server, method), { method: 'POST', body: JSON.stringify(body), json: false }, s, readBytes),
    );
  }

  /**
   * GET of a file on this server's own origin (an image preview), with the token and the same
   * retries. Any other origin is refused before a request is made: the token goes to the server
   * the user connected, never elsewhere.
   */
  getBytes(url: string, label: string, signal?: AbortSignal): Promise<FetchedBytes> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return Promise.reject(new ServerCallError('INVALID_INPUT', `${label}: not an address`, null, null));
    }
    if (origin !== new URL(this.server).origin) {
      return Promise.reject(new ServerCallError('INVALID_INPUT', `${label}: ${origin} is not ${this.host}, the connected server`, null, null));
    }
    return this.retrying(label, signal, (s) => this.attempt(label, url, { method: 'GET', body: null, json: false }, s, readBytes));
  }

  /**
   * Attempts until one succeeds, a failure is not retryable, or the attempts run out; capped
   * exponential backoff with full jitter between attempts, stretched to a 429's Retry-After.
   */
  private async retrying<T>(method: string, signal: AbortSignal | undefined, once: (signal: AbortSignal | undefined) => Promise<Attempt<T>>): Promise<T> {
    const random = this.opts.random ?? Math.random;
    const sleep = this.opts.sleep ?? defaultSleep;
    const both = signal && this.opts.signal ? AbortSignal.any([signal, this.opts.signal]) : (signal ?? this.opts.signal);
    const started = Date.now();
    let last: Failure | undefined;
    for (let attempt = 0; attempt < this.tuning.attempts; attempt++) {
      this.checkCancelled(signal);
      const r = await this.limiter.run(() => once(both), signal);
      if (r.ok) return r.value;
      last = r.failure;
      if (!this.isRetryable(last)) throw this.toError(method, last, attempt + 1, started);
      if (attempt + 1 >= this.tuning.attempts) break;
      let delay = backoffDelay(attempt, {
        baseMs: this.tuning.backoffBaseMs,
        capMs: this.tuning.backoffCapMs,
      }, random);
      if (last.kind === 'status' && last.retryAfterMs !== null) {
        if (last.retryAfterMs > this.tuning.maxRetryAfterMs) {
          throw new ServerCallError(
            'SERVER_ERROR',
            this.redact(`${this.host} is busy and asked to wait ${Math.ceil(last.retryAfterMs / 1000)} s before ${method}; try again later.`),
            last.status,
            null,
          );
        }
        delay = Math.max(delay, last.retryAfterMs);
      }
      this.retries++;
      this.opts.onRetry?.({ method, retry: attempt + 1, delayMs: delay, reason: this.redact(this.describe(last)) });
      try {
        await sleep(delay, both);
      } catch {
        this.checkCancelled(signal);
      }
    }
    throw this.toError(method, last as Failure, this.tuning.attempts, started);
  }

  private checkCancelled(signal?: AbortSignal): void {
    if (this.opts.signal?.aborted) throw new LoupeError('CANCELLED', 'The sync was cancelled.');
    if (signal?.aborted) throw new LoupeError('CANCELLED', 'The request was cancelled.');
  }

  private async attempt<T>(
    method: string,
    url: string,
    req: { method: 'GET' | 'POST'; body: string | null; json: boolean },
    signal: AbortSignal | undefined,
    read: (res: Response) => Promise<Attempt<T>>,
  ): Promise<Attempt<T>> {
    this.checkCancelled(signal);
    const timeout = AbortSignal.timeout(this.tuning.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    this.requests++;
    let res: Response;
    try {
      const headers: Record<string, string> = { 'x-api-key': this.token };
      if (req.body !== null) headers['content-type'] = 'application/json';
      if (req.json) headers.accept = 'application/json';
      res = await fetch(url, { method: req.method, headers, body: req.body, signal: both, redirect: 'manual' });
    } catch (err) {
      return { ok: false, failure: this.thrown(err, timeout, signal) };
    }
    try {
      if (res.status !== 200) return { ok: false, failure: this.statusFailure(res, await res.text()) };
      return await read(res);
    } catch (err) {
      return { ok: false, failure: this.thrown(err, timeout, signal) };
    }
  }

  private statusFailure(res: Response, text: string): Failure {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // An error page that is not JSON (a proxy's HTML): the status says enough.
    }
    const message = errorText(parsed) ?? (text.length < 200 && !/^\s*</.test(text) ? text.trim() : '');
    return { kind: 'status', status: res.status, text: this.redact(message), retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
  }

  private thrown(err: unknown, timeout: AbortSignal, signal?: AbortSignal): Failure {
    this.checkCancelled(signal);
    if (timeout.aborted) return { kind: 'timeout' };
    return { kind: 'network', detail: this.redact(networkDetail(err)) };
  }

  private isRetryable(f: Failure): boolean {
    if (f.kind !== 'status') return true;
    return RETRYABLE_STATUSES.has(f.status) || (f.status === 400 && isRetryable400(f.text));
  }

  private describe(f: Failure): string {
    switch (f.kind) {
      case 'network':
        return NETWORK_WORDS[f.detail] ?? f.detail;
      case 'timeout':
        return `no answer within ${this.tuning.timeoutMs / 1000} s`;
      case 'status':
        return `HTTP ${f.status}${f.text ? ` (${f.text})` : ''}`;
      case 'body':
        return f.detail;
    }
  }

  private toError(method: string, f: Failure, attempts: number, started: number): ServerCallError {
    const e = this.describeError(method, f, attempts, started);
    // The last line of defence: whatever went into the message, the token does not come out.
    return new ServerCallError(e.code, this.redact(e.message), e.status, e.serverMessage === null ? null : this.redact(e.serverMessage));
  }

  private describeError(method: string, f: Failure, attempts: number, started: number): ServerCallError {
    const secs = (Date.now() - started) / 1000;
    const tries = attempts > 1 ? ` (${attempts} attempts over ${secs < 10 ? secs.toFixed(1) : Math.round(secs)} s)` : '';
    switch (f.kind) {
      case 'network':
        return new ServerCallError(
          'SERVER_UNREACHABLE',
          `Cannot reach ${this.host}: ${this.describe(f)}${tries}. Check the address and your network connection.`,
          null,
          null,
        );
      case 'timeout':
        return new ServerCallError(
          'SERVER_TIMEOUT',
          `${this.host} did not answer ${method} within ${this.tuning.timeoutMs / 1000} s${tries}.`,
          null,
          null,
        );
      case 'body':
        return new ServerCallError('SERVER_ERROR', `${this.host}: ${f.detail}${tries}.`, 200, null);
      case 'status': {
        const said = f.text ? `: ${f.text}` : '';
        if (f.status === 401 || (f.status === 403 && method === 'users.me') || (f.status === 400 && AUTH_WORDS.test(f.text))) {
          return new ServerCallError(
            'AUTH_FAILED',
            `${this.host} rejected the API token (HTTP ${f.status}${said}). Copy a current token from Account settings → API token and connect again.`,
            f.status,
            f.text || null,
          );
        }
        if (f.status === 403) {
          return new ServerCallError('AUTH_FAILED', `${this.host} refused ${method} (HTTP 403${said}): this account has no access.`, 403, f.text || null);
        }
        if (f.status === 404) {
          return new ServerCallError('NOT_FOUND', `${this.host} has no ${method} for this request (HTTP 404${said}).`, 404, f.text || null);
        }
        return new ServerCallError(
          'SERVER_ERROR',
          `${this.host} answered ${method} with HTTP ${f.status}${said}${tries}.`,
          f.status,
          f.text || null,
        );
      }
    }
  }
}
