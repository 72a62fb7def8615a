import type { Query } from '../../../shared/query';
import { LoupeError } from '../../../shared/errors';
import { iteratePixelSources } from '../cache/image-files';
import type { Db } from '../cache/open-cache';
import type { ServerPixels } from './server-pixels';
import type { Maker } from './thumb-maker';
import { failureReason, planThumb } from './thumb-plan';
import type { ThumbStore } from './thumb-store';

export type ThumbRunResult = {
  made: number;
  cached: number;
  missing: number;
  failed: number;
  /** Bytes the store holds at the end. */
  bytes: number;
  /** The first failures, each naming its file. */
  failures: { file: string; message: string }[];
};

export type ThumbRunHooks = {
  isCancelled?: () => boolean;
  onProgress?: (p: { done: number; total: number | null }) => void;
  /** Every failure, for a full report; the result keeps only the first few. */
  onFailure?: (f: { file: string; message: string }) => void;
};

const KEPT_FAILURES = 20;

/**
 * Makes the thumbnails of the records a query matches, in its order: a stored thumbnail of an
 * unchanged original counts as cached; a record with neither a local image file nor a connected
 * server that holds it as missing; a file the decoder refuses (corrupt, truncated, not an
 * image), or a server image that could not be fetched (offline, refused), as failed, named. Server
 * records are fetched like the grid fetches them (`server`, null when no account has a token).
 * The decoding happens in the maker's threads, a few originals in flight at a time.
 */
export async function makeThumbnails(
  db: Db,
  store: ThumbStore,
  maker: Maker,
  server: ServerPixels | null,
  query: Query,
  size: number,
  hooks: ThumbRunHooks = {},
  total: number | null = null,
): Promise<ThumbRunResult> {
  const r: ThumbRunResult = { made: 0, cached: 0, missing: 0, failed: 0, bytes: 0, failures: [] };
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  let reported = Date.now();
  for (const src of iteratePixelSources(db, query)) {
    if (hooks.isCancelled?.()) throw new LoupeError('CANCELLED', 'Making thumbnails was cancelled.');
    const plan = planThumb(src, size, maker, server);
    done++;
    if ('missing' in plan) r.missing++;
    else if (store.get(plan.key, plan.fingerprint)) r.cached++;
    else {
      const job = plan.make().then(
        (bytes) => {
          store.put(plan.key, plan.fingerprint, bytes);
          r.made++;
        },
        (err: unknown) => {
          const why = failureReason(err);
          if (!why) throw err;
          // No token for its account: not connected, like a record of an unknown host.
          if (why === 'not-connected') {
            r.missing++;
            return;
          }
          const failure = { file: plan.origin, message: (err as Error).message.split('\n', 1)[0] ?? '' };
          r.failed++;
          if (r.failures.length < KEPT_FAILURES) r.failures.push(failure);
          hooks.onFailure?.(failure);
        },
      );
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= maker.parallelism) await Promise.race(inFlight);
    }
    // Every 256 records, or a quarter second: server records come a few per second, not thousands.
    if (done % 256 === 0 || Date.now() - reported > 250) {
      reported = Date.now();
      hooks.onProgress?.({ done, total });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await Promise.all(inFlight);
  hooks.onProgress?.({ done, total });
  r.bytes = store.bytes();
  return r;
}
