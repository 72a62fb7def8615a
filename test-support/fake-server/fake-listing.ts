import type { FakeData, FakeImage } from './fake-data';
import type { FakeOptions } from './fake-supervisely';

export type ListAnswer = {
  total: number;
  perPage: number;
  pagesCount: number;
  entities: unknown[];
  after?: string | null;
};

type Filter = { field: string; operator: string; value: unknown };

function fail(status: number, message: string): never {
  throw Object.assign(new Error(message), { status });
}

/** The simple filter of supervisely-api.md §5 (AND of clauses). */
function matches(img: FakeImage, filters: Filter[], opts: FakeOptions): boolean {
  for (const f of filters) {
    if (f.field === 'id' && f.operator !== '=' && f.operator !== 'eq' && f.operator !== 'in' && opts.legacy?.idFilter) {
      if (opts.legacy.idFilter === 'refuse') fail(400, `field id does not support operator ${f.operator}`);
      continue;
    }
    const v = img[f.field];
    const x = f.value;
    let ok: boolean;
    switch (f.operator) {
      case '=':
      case 'eq':
        ok = v === x;
        break;
      case '!=':
      case 'not':
        ok = v !== x;
        break;
      case 'in':
        ok = Array.isArray(x) && x.includes(v);
        break;
      case '!in':
        ok = Array.isArray(x) && !x.includes(v);
        break;
      case '>':
      case 'gt':
        ok = (v as number) > (x as number);
        break;
      case '>=':
      case 'gte':
        ok = (v as number) >= (x as number);
        break;
      case '<':
      case 'lt':
        ok = (v as number) < (x as number);
        break;
      case '<=':
      case 'lte':
        ok = (v as number) <= (x as number);
        break;
      default:
        fail(400, `unknown filter operator ${f.operator}`);
    }
    if (!ok) return false;
  }
  return true;
}

const scopes = new WeakMap<FakeData, Map<string, { version: number; items: FakeImage[] }>>();

/** The images of a scope sorted by id, cached until the data changes. */
function scope(d: FakeData, b: Record<string, unknown>, opts: FakeOptions): FakeImage[] {
  const hasP = b.projectId !== undefined;
  const hasD = b.datasetId !== undefined;
  if (hasP === hasD) fail(400, 'exactly one of datasetId or projectId is required');
  if (hasP && opts.legacy?.noProjectListing) fail(400, 'datasetId is required');
  const key = JSON.stringify([b.projectId, b.datasetId, b.recursive === true, b.filter ?? [], opts.legacy ?? {}]);
  let cache = scopes.get(d);
  if (!cache) scopes.set(d, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === d.version) return hit.items;
  let inScope: (img: FakeImage) => boolean;
  if (hasP) {
    const pid = b.projectId as number;
    if (!d.projects.some((p) => p.id === pid)) fail(404, `Project ${pid} not found`);
    // Without `recursive`, only the top-level datasets' images: the pitfall of §6.
    const top = new Set([...d.datasets.values()].filter((x) => x.projectId === pid && x.parentId === null).map((x) => x.id));
    const recursive = b.recursive === true && !opts.legacy?.ignoreRecursive;
    inScope = recursive ? (i) => i.projectId === pid : (i) => top.has(i.datasetId);
  } else {
    const did = b.datasetId as number;
    if (!d.datasets.has(did)) fail(404, `Dataset ${did} not found`);
    const ids = b.recursive === true ? d.subtree(did) : new Set([did]);
    inScope = (i) => ids.has(i.datasetId);
  }
  const filters = Array.isArray(b.filter) ? (b.filter as Filter[]) : [];
  const items = [...d.images.values()].filter((i) => inScope(i) && matches(i, filters, opts)).sort((x, y) => x.id - y.id);
  if (cache.size > 50) cache.clear();
  cache.set(key, { version: d.version, items });
  return items;
}

function project(img: FakeImage, fields: unknown, opts: FakeOptions): unknown {
  if (!Array.isArray(fields) || fields.length === 0 || opts.legacy?.ignoreFields) return img;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (typeof f === 'string' && f in img) out[f] = img[f];
  return out;
}

function cursorOf(id: number): string {
  return Buffer.from(JSON.stringify({ k: id })).toString('base64url');
}

function idOf(after: unknown): number {
  try {
    const k = (JSON.parse(Buffer.from(String(after), 'base64url').toString('utf8')) as { k?: unknown }).k;
    if (typeof k === 'number') return k;
  } catch {
    // fall through
  }
  return fail(400, 'invalid pagination cursor');
}

/**
 * What a listing has already read when this request arrives (for faults that change it):
 * in token mode the records up to the cursor, in a keyset walk those up to the `id >` bound,
 * in page mode the pages before this one. Nothing for a first page.
 */
export function listedBefore(d: FakeData, b: Record<string, unknown>, opts: FakeOptions): FakeImage[] {
  const filters = Array.isArray(b.filter) ? (b.filter as Filter[]) : [];
  const bound = filters.find((f) => f.field === 'id' && (f.operator === '>' || f.operator === 'gt'));
  let items: FakeImage[];
  try {
    items = scope(d, { ...b, filter: filters.filter((f) => f !== bound) }, opts);
  } catch {
    return [];
  }
  if (b.pagination_mode === 'token' && typeof b.after === 'string') {
    try {
      return items.slice(0, firstAfter(items, idOf(b.after)));
    } catch {
      return [];
    }
  }
  if (bound && typeof bound.value === 'number') return items.slice(0, firstAfter(items, bound.value));
  const page = typeof b.page === 'number' ? b.page : 1;
  const perPage = Math.min(typeof b.per_page === 'number' && b.per_page >= 1 ? b.per_page : (opts.defaultPerPage ?? 20_000), opts.maxPerPage ?? 20_000);
  return page > 1 ? items.slice(0, (page - 1) * perPage) : [];
}

/** First index whose id is greater than `id` (the list is sorted by id). */
function firstAfter(items: FakeImage[], id: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as FakeImage).id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `images.list`: token mode (ordered by id, `after` cursor) or page mode (sorted, `page`). */
export function listImages(d: FakeData, b: Record<string, unknown>, opts: FakeOptions): ListAnswer {
  const items = scope(d, b, opts);
  const asked = typeof b.per_page === 'number' && b.per_page >= 1 ? b.per_page : (opts.defaultPerPage ?? 20_000);
  const perPage = Math.min(asked, opts.maxPerPage ?? 20_000);
  const total = items.length;
  const pagesCount = Math.max(1, Math.ceil(total / perPage));
  const token = b.pagination_mode === 'token';
  if (token && opts.legacy?.tokenPaging === 'refuse') fail(400, 'unknown field pagination_mode');
  if (token && opts.legacy?.tokenPaging !== 'ignore') {
    // Sorting is ignored in token mode, as the SDK notes.
    const start = b.after === undefined || b.after === null ? 0 : firstAfter(items, idOf(b.after));
    const page = items.slice(start, start + perPage);
    const more = start + perPage < total;
    return {
      total,
      perPage,
      pagesCount,
      entities: page.map((i) => project(i, b.fields, opts)),
      after: more && page.length ? cursorOf((page.at(-1) as FakeImage).id) : null,
    };
  }
  let sorted = items;
  const key = typeof b.sort === 'string' ? b.sort : 'id';
  if (key !== 'id' || b.sort_order === 'desc') {
    const dir = b.sort_order === 'desc' ? -1 : 1;
    sorted = [...items].sort((x, y) => {
      const a = x[key] as string | number;
      const c = y[key] as string | number;
      return (a < c ? -1 : a > c ? 1 : x.id - y.id) * dir;
    });
  }
  const page = typeof b.page === 'number' && b.page >= 1 ? b.page : 1;
  return {
    total,
    perPage,
    pagesCount,
    entities: sorted.slice((page - 1) * perPage, page * perPage).map((i) => project(i, b.fields, opts)),
  };
}
