/** Statuses the SDK retries (supervisely-api.md §1); every other non-200 fails at once. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  408, 429, 499, 500, 502, 503, 504, 509, 598, 599,
]);

/** The agent-only 400 the SDK also retries. */
export function isRetryable400(errorText: string): boolean {
  return /Agent should call AgentConnected or AgentPing/i.test(errorText);
}

export type BackoffOptions = { baseMs: number; capMs: number };

/**
 * Capped exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^n)]
 * before retry n (0-based). Jitter spreads clients that failed together so they do not return
 * together.
 */
export function backoffDelay(retry: number, opts: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"); null when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Sleeps `ms`, waking early (with the abort reason) when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((ok, fail) => {
    if (signal?.aborted) return fail(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      ok();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      fail(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
