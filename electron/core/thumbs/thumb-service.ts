import { LoupeError } from '../../../shared/errors';
import { THUMB_BASE } from '../../../shared/thumb-url';
import { pixelSourceOfRow } from '../cache/image-files';
import type { Db } from '../cache/open-cache';
import { DEFAULT_THUMB_SIZE } from './make-thumbnail';
import type { NoPixels } from './local-pixels';
import type { ServerPixels } from './server-pixels';
import type { ThumbMaker } from './thumb-maker';
import { failureReason, planThumb, type ThumbPlan } from './thumb-plan';
import { placeholderSvg } from './placeholder';
import type { ThumbStore } from './thumb-store';

/** An answer to a thumbnail request, for a protocol handler or an HTTP route to send as is. */
export type ThumbResponse = {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
};

/**
 * The whole grammar of a thumbnail URL: one decimal row id, nothing else. It is matched on
 * the raw text, before any URL parsing could decode `%2e%2e` or fold a path: whatever does
 * not match exactly is refused, and what matches is only ever used as two numbers.
 */
const URL_SHAPE = new RegExp(`^${THUMB_BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\d{1,15})$`);

const refuse = (status: number, message: string): ThumbResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: message,
});

const placeholder = (why: NoPixels): ThumbResponse => ({
  status: 200,
  // Not stored by the page: the file may appear, the account may be connected.
  headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store', 'x-loupe-placeholder': why },
  body: placeholderSvg(why),
});

const image = (bytes: Uint8Array): ThumbResponse => ({
  status: 200,
  headers: { 'content-type': 'image/webp', 'cache-control': 'private, max-age=60' },
  body: bytes,
});

/** One thumbnail being made, shared by every request for it until the last one leaves. */
type Making = { result: Promise<Uint8Array | NoPixels>; waiters: number; controller: AbortController };

const isCancel = (err: unknown) => err instanceof LoupeError && err.code === 'CANCELLED';

/**
 * Serves `loupe-thumb://img/<row id>`: only records the cache holds, from the store when
 * their thumbnail is there (no decoding, no network), else made from the record's local image
 * file or fetched from its connected server, in the maker's threads, and stored; otherwise a
 * placeholder that says why there are no pixels. A request whose `signal` fires (its tile
 * scrolled away) stops waiting; when no request wants that thumbnail any more, its server
 * fetch is aborted and a decode not yet started is dropped. Plain Node: main's protocol
 * handler and the browser tests' HTTP route both call it.
 */
export class ThumbService {
  private making = new Map<string, Making>();

  constructor(
    private readonly db: Db,
    private readonly store: ThumbStore,
    private readonly maker: ThumbMaker,
    private readonly server: ServerPixels | null = null,
    private readonly size = DEFAULT_THUMB_SIZE,
  ) {}

  /** The answer to a thumbnail address; `signal` is the request's (its tile scrolled away). */
  async serve(url: string, signal?: AbortSignal): Promise<ThumbResponse> {
    const b = this.begin(url);
    return 'now' in b ? b.now : b.later(signal);
  }

  /**
   * What can be answered without waiting (a refusal, a placeholder, a stored thumbnail), or the
   * wait for one to be made — separate so main can answer the page before the work ends and
   * learn from the page's side that it is no longer wanted (see thumb-answer).
   */
  begin(url: string): { now: ThumbResponse } | { later(signal?: AbortSignal): Promise<ThumbResponse> } {
    const m = URL_SHAPE.exec(url);
    if (!m) return { now: refuse(400, 'not a thumbnail address') };
    const src = pixelSourceOfRow(this.db, Number(m[1]));
    if (!src) return { now: refuse(404, 'no such record in the cache') };
    const plan = planThumb(src, this.size, this.maker, this.server);
    if ('missing' in plan) return { now: placeholder(plan.missing) };
    const hit = this.store.get(plan.key, plan.fingerprint);
    if (hit) return { now: image(hit) };
    return { later: (signal) => this.made(`${src.sourceId}/${src.imageId}`, plan, signal) };
  }

  private async made(k: string, plan: ThumbPlan, signal?: AbortSignal): Promise<ThumbResponse> {
    let entry = this.making.get(k);
    if (!entry || entry.controller.signal.aborted) {
      const controller = new AbortController();
      const result = plan.make(controller.signal).then(
        (bytes) => {
          // Kept even when every tile that asked has gone: the work is done, the next look is a hit.
          this.store.put(plan.key, plan.fingerprint, bytes);
          return bytes;
        },
        (err: unknown) => {
          const why = failureReason(err);
          if (why) return why;
          throw err;
        },
      );
      const made: Making = { result, waiters: 0, controller };
      result.finally(() => this.making.get(k) === made && this.making.delete(k)).catch(() => undefined);
      this.making.set(k, made);
      entry = made;
    }
    try {
      const result = await this.wait(entry, signal);
      return typeof result === 'string' ? placeholder(result) : image(result);
    } catch (err) {
      if (isCancel(err)) return refuse(499, 'the thumbnail is no longer wanted');
      throw err;
    }
  }

  /** Waits for a shared thumbnail; leaving (the signal) aborts it when nobody else waits. */
  private wait(entry: Making, signal?: AbortSignal): Promise<Uint8Array | NoPixels> {
    entry.waiters++;
    if (!signal) return entry.result;
    return new Promise((resolve, reject) => {
      const leave = () => {
        if (--entry.waiters === 0) entry.controller.abort();
        reject(new LoupeError('CANCELLED', 'The thumbnail is no longer wanted.'));
      };
      if (signal.aborted) return leave();
      signal.addEventListener('abort', leave, { once: true });
      entry.result.then(
        (r) => {
          signal.removeEventListener('abort', leave);
          resolve(r);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(err);
        },
      );
    });
  }
}
