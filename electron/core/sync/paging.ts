import { listEnvelopeSchema, parseAnswer, type ListEnvelope } from './api-schemas';
import { ServerCallError, type SuperviselyClient } from './http-client';

/** Where a listing stands; stored with each page so a crash resumes at the next page. */
export type Cursor = {
  paging: 'token' | 'page';
  /** Token mode: the `after` of the last committed page (null = start). */
  after: string | null;
  /** Page mode: the next page to read (1-based). */
  nextPage: number;
  /** Page mode: the server's `perPage`, which later pages must repeat. */
  perPage: number | null;
  /** The server's `total` for this listing, as last reported. */
  total: number | null;
  done: boolean;
};

export const START: Cursor = { paging: 'token', after: null, nextPage: 1, perPage: null, total: null, done: false };

export type Page = { entities: unknown[]; cursor: Cursor };

export type ListOptions = {
  /** The `per_page` we ask for; the server may answer with its own `perPage`. */
  perPage: number;
  /** Page mode only: how many later pages may be requested ahead of the one being written. */
  window: number;
};

type Fetched = { env: ListEnvelope };

/**
 * The pages of one `*.list` call, in order, each with the cursor to store once it is written.
 * Token mode first (`pagination_mode: "token"`, then `after`), with the next page requested
 * while the caller writes the current one. A server that ignores token mode (its answer has no
 * `after` key) or refuses it continues in page mode, reading `page = 2..pagesCount` with the
 * server's `perPage` and up to `window` pages in flight; answers are still yielded in order.
 * A cursor the server no longer accepts restarts the listing (marks make that idempotent).
 */
export async function* listPages(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  from: Cursor,
  opts: ListOptions,
): AsyncGenerator<Page> {
  let cursor = { ...from };
  if (cursor.done) return;
  if (cursor.paging === 'token') {
    const first = await firstTokenPage(client, method, body, cursor, opts);
    if (!first) {
      cursor = { ...cursor, paging: 'page', nextPage: 1 };
    } else {
      let env = first.env;
      for (;;) {
        if (!('after' in env) || env.after === undefined) {
          // The server ignored pagination_mode: this is page 1 of page mode.
          cursor = pageCursorAfter(env, 1, opts.perPage);
          yield { entities: env.entities, cursor };
          break;
        }
        const after = env.after || null;
        const last = after === null || env.entities.length === 0;
        cursor = { ...cursor, after, total: env.total ?? cursor.total, done: last };
        const next = last ? null : fetchToken(client, method, body, after, opts);
        // Attach a handler now so a failure while the caller writes is not an unhandled rejection.
        next?.catch(() => undefined);
        yield { entities: env.entities, cursor };
        if (!next) return;
        env = (await next).env;
      }
    }
  }
  yield* pageMode(client, method, body, cursor, opts);
}

async function firstTokenPage(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  cursor: Cursor,
  opts: ListOptions,
): Promise<Fetched | null> {
  try {
    return await fetchToken(client, method, body, cursor.after, opts);
  } catch (err) {
    if (!(err instanceof ServerCallError) || err.status !== 400) throw err;
    if (cursor.after !== null) {
      // The cursor expired (or the server restarted): list again from the start.
      return firstTokenPage(client, method, body, { ...cursor, after: null }, opts);
    }
    // An old server that refuses pagination_mode altogether.
    return null;
  }
}

async function fetchToken(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  after: string | null,
  opts: ListOptions,
): Promise<Fetched> {
  const req = { ...body, pagination_mode: 'token', per_page: opts.perPage, ...(after ? { after } : {}) };
  return { env: parseAnswer(listEnvelopeSchema, await client.call(method, req), method, client.host) };
}

function pageCursorAfter(env: ListEnvelope, page: number, asked: number): Cursor {
  const pages = env.pagesCount ?? null;
  return {
    paging: 'page',
    after: null,
    nextPage: page + 1,
    perPage: env.perPage ?? asked,
    total: env.total ?? null,
    done: env.entities.length === 0 || pages === null || page >= pages,
  };
}

/** The SDK's page algorithm: sort by id, first page without `page`, then 2..pagesCount. */
async function* pageMode(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  from: Cursor,
  opts: ListOptions,
): AsyncGenerator<Page> {
  const base = { sort: 'id', sort_order: 'asc', ...body };
  const get = async (page: number, perPage: number): Promise<ListEnvelope> => {
    const req = page === 1 ? { ...base, per_page: perPage } : { ...base, per_page: perPage, page };
    return parseAnswer(listEnvelopeSchema, await client.call(method, req), method, client.host);
  };
  let cursor = from;
  if (cursor.nextPage <= 1 || cursor.perPage === null) {
    const env = await get(1, opts.perPage);
    cursor = pageCursorAfter(env, 1, opts.perPage);
    yield { entities: env.entities, cursor };
  }
  let pagesCount = cursor.done ? 0 : Number.POSITIVE_INFINITY;
  const perPage = cursor.perPage ?? opts.perPage;
  const inflight = new Map<number, Promise<ListEnvelope>>();
  let next = cursor.nextPage;
  let ahead = next;
  while (!cursor.done) {
    // Keep up to `window` pages requested ahead; the limiter caps the total anyway.
    while (inflight.size < opts.window && ahead <= Math.min(pagesCount, next + opts.window - 1)) {
      const p = get(ahead, perPage);
      p.catch(() => undefined);
      inflight.set(ahead++, p);
    }
    const env = await (inflight.get(next) as Promise<ListEnvelope>);
    inflight.delete(next);
    pagesCount = env.pagesCount ?? pagesCount;
    cursor = {
      ...cursor,
      nextPage: next + 1,
      total: env.total ?? cursor.total,
      done: env.entities.length === 0 || next >= pagesCount,
    };
    next++;
    yield { entities: env.entities, cursor };
  }
}
