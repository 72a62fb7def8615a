import { listEnvelopeSchema, parseAnswer, type ListEnvelope } from './api-schemas';
import { ServerCallError, type SuperviselyClient } from './http-client';

/** Where a listing stands; stored with each page so a crash resumes at the next page. */
export type Cursor = {
  paging: 'token' | 'page';
  /**
   * Token mode: the `after` of the last committed page (null = start). Page mode: the last id
   * read by a keyset walk (`id >` it next); null when the walk goes by position instead.
   */
  after: string | null;
  /** Page mode: the next page to read (1-based); a keyset walk counts its pages here too. */
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

function idOf(e: unknown): number {
  const id = (e as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : Number.NaN;
}

/** The largest id of a page sorted by id (a keyset walk continues after it). */
function lastId(entities: unknown[], from: number): number {
  let top = from;
  for (const e of entities) {
    const id = idOf(e);
    if (id > top) top = id;
  }
  return top;
}

/**
 * Whether a page-mode cursor walks by position: its pages can skip a record when an earlier
 * one is deleted, so only a second listing that agrees proves the walk complete. A keyset
 * walk (and a listing read in one page) cannot skip one.
 */
export function walksByPosition(c: Pick<Cursor, 'paging' | 'after'>): boolean {
  return c.paging === 'page' && c.after === null;
}

function pageCursorAfter(env: ListEnvelope, page: number, asked: number): Cursor {
  const pages = env.pagesCount ?? null;
  return {
    paging: 'page',
    after: String(lastId(env.entities, 0)),
    nextPage: page + 1,
    perPage: env.perPage ?? asked,
    total: env.total ?? null,
    done: env.entities.length === 0 || pages === null || page >= pages,
  };
}

type Get = (page: number | null, perPage: number, above?: number) => Promise<ListEnvelope>;

/**
 * The SDK's page algorithm made safe: sorted by id, the first page without `page`, then by
 * keyset — `filter: id > <last id read>` — which a deletion or an insertion cannot shift.
 * A server that refuses that filter (400) or ignores it (an id at or below the bound comes
 * back) is read by position instead, `page = 2..pagesCount`, with up to `window` pages in flight.
 */
async function* pageMode(
  client: SuperviselyClient,
  method: string,
  body: Record<string, unknown>,
  from: Cursor,
  opts: ListOptions,
): AsyncGenerator<Page> {
  const base = { sort: 'id', sort_order: 'asc', ...body };
  const filter = Array.isArray(body.filter) ? (body.filter as unknown[]) : [];
  const get: Get = async (page, perPage, above) => {
    const req: Record<string, unknown> = { ...base, per_page: perPage };
    if (page !== null && page > 1) req.page = page;
    if (above !== undefined) req.filter = [...filter, { field: 'id', operator: '>', value: above }];
    return parseAnswer(listEnvelopeSchema, await client.call(method, req), method, client.host);
  };
  let cursor = from;
  // Known once page 1 is read here; a resumed walk learns it from its next page.
  let pagesCount = Number.POSITIVE_INFINITY;
  if (cursor.nextPage <= 1 || cursor.perPage === null) {
    const env = await get(1, opts.perPage);
    cursor = pageCursorAfter(env, 1, opts.perPage);
    pagesCount = env.pagesCount ?? pagesCount;
    yield { entities: env.entities, cursor };
  }
  const perPage = cursor.perPage ?? opts.perPage;
  while (!cursor.done && cursor.after !== null) {
    const above = Number(cursor.after);
    let env: ListEnvelope | null = null;
    try {
      env = await get(null, perPage, above);
    } catch (err) {
      if (!(err instanceof ServerCallError) || err.status !== 400) throw err;
    }
    if (env === null || env.entities.some((e) => idOf(e) <= above)) {
      // Refused, or ignored (page 1 came back again): continue by position from here.
      cursor = { ...cursor, after: null };
      break;
    }
    cursor = {
      ...cursor,
      after: String(lastId(env.entities, above)),
      nextPage: cursor.nextPage + 1,
      done: env.entities.length < (env.perPage ?? perPage) || env.entities.length === 0,
    };
    yield { entities: env.entities, cursor };
  }
  yield* byPosition(get, cursor, perPage, opts.window, pagesCount);
}

/** Page mode by position, from `from.nextPage`, keeping up to `window` pages requested ahead. */
async function* byPosition(get: Get, from: Cursor, perPage: number, window: number, knownPages: number): AsyncGenerator<Page> {
  let cursor = from;
  let pagesCount = cursor.done ? 0 : knownPages;
  const inflight = new Map<number, Promise<ListEnvelope>>();
  let next = cursor.nextPage;
  let ahead = next;
  while (!cursor.done) {
    // Keep up to `window` pages requested ahead; the limiter caps the total anyway.
    while (inflight.size < window && ahead <= Math.min(pagesCount, next + window - 1)) {
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
