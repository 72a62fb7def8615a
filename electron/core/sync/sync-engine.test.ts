import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { scriptedFaults } from '../../../test-support/fake-server/faults';
import { mismatches, syncFixture, type SyncFixture } from '../../../test-support/sync-test-support';

const dir = useTempDir();
let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function listCalls(f: SyncFixture, since = 0) {
  return f.fake.stats.requests.slice(since).filter((r) => r.method === 'images.list');
}

describe('full sync', () => {
  it('copies every record of a project with nested datasets, as the server has them', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'Streets', images: 230 }] }, {}, { perPage: 40 });
    const [pid] = fx.projectIds as [number];
    const out = await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect(out).toMatchObject({ added: 230, updated: 0, deleted: 0 });
    // The request: projectId + recursive, explicit per_page, token paging, no link metadata.
    const first = listCalls(fx).find((c) => c.body.pagination_mode)?.body;
    expect(first).toMatchObject({ projectId: pid, recursive: true, per_page: 40, pagination_mode: 'token', forceMetadataForLinks: false });
    expect(listCalls(fx).filter((r) => r.body.after !== undefined).length).toBeGreaterThanOrEqual(5);
    // Datasets carry their full path; tag names resolve; the project says when it was synced.
    const paths = fx.db.prepare('SELECT DISTINCT dataset_path FROM images ORDER BY 1').pluck().all();
    expect(paths).toEqual(['train/city', 'train/highway', 'val']);
    const tagNames = fx.db.prepare('SELECT name FROM tag_metas ORDER BY name').pluck().all();
    expect(tagNames).toEqual(['quality', 'review', 'weather']);
    const p = fx.db.prepare('SELECT state, last_synced_at, cached_count FROM sync_projects').get() as Record<string, unknown>;
    expect(p).toMatchObject({ state: 'synced', cached_count: 230 });
    expect(p.last_synced_at).toEqual(expect.any(String));
    // Keys the server added that ImageInfo does not know are kept.
    const extra = fx.db.prepare('SELECT count(*) FROM image_docs WHERE extra LIKE ?').pluck().get('%customData%') as number;
    expect(extra).toBeGreaterThan(0);
    expect(fx.db.prepare('SELECT count(*) FROM sync_seen').pluck().get()).toBe(0);
  });

  it('keeps at most 5 requests in flight across several projects', async () => {
    const projects = [1, 2, 3, 4].map((i) => ({ name: `p${i}`, images: 120, nested: false }));
    fx = await syncFixture(dir(), { projects }, { latencyMs: 15 }, { perPage: 10, projectConcurrency: 4 });
    await fx.sync();
    expect(fx.fake.stats.peakInFlight).toBeLessThanOrEqual(5);
    expect(fx.fake.stats.peakInFlight).toBeGreaterThan(1);
    for (const pid of fx.projectIds) expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
  });
});

describe('a record nested deeper than imports allow', () => {
  it('is skipped with a note, and the rest of the project syncs', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'Streets', images: 60 }] }, {}, { perPage: 25 });
    const [pid] = fx.projectIds as [number];
    const [victim] = [...fx.fake.data.snapshot(pid).keys()] as [number];
    let meta: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) meta = { n: meta };
    fx.fake.data.editImage(victim, { meta });
    const out = await fx.sync();
    expect(out).toMatchObject({ added: 59 });
    const cached = fx.cached(pid);
    expect(cached.has(victim)).toBe(false);
    expect(cached.size).toBe(59);
  });
});

describe('incremental sync', () => {
  it('fetches only what changed, adds the new, and sweeps the deleted', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'Streets', images: 300 }] }, {}, { perPage: 50 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    const data = fx.fake.data;
    const ids = [...data.snapshot(pid).keys()];
    data.editImage(ids[3] as number, { meta: { camera: 'cam-99', gps: { lat: 1 } } });
    data.editImage(ids[10] as number);
    data.deleteImage(ids[20] as number);
    data.deleteImage(ids[21] as number);
    const [ds] = [...data.datasets.values()].filter((d) => d.projectId === pid);
    data.addImages((ds as { id: number }).id, 4);
    const before = fx.fake.stats.requests.length;
    const out = await fx.sync();
    expect(mismatches(data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect(out).toMatchObject({ added: 4, updated: 2, deleted: 2 });
    const calls = listCalls(fx, before);
    // The listing asks only for id and updatedAt; whole records come by id, 6 of them.
    expect(calls.some((c) => Array.isArray(c.body.fields))).toBe(true);
    const fetched = calls.filter((c) => Array.isArray(c.body.filter) && (c.body.filter as unknown[]).length > 0);
    const fetchedIds = fetched.flatMap((c) => ((c.body.filter as { value: number[] }[])[0] as { value: number[] }).value);
    expect(fetchedIds.sort()).toEqual([ids[3], ids[10], ...[...data.snapshot(pid).keys()].slice(-4)].sort());
  });

  it('treats a server that ignores `fields` like a full listing, and stays correct', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 120 }] }, { legacy: { ignoreFields: true } }, { perPage: 25 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    const ids = [...fx.fake.data.snapshot(pid).keys()];
    fx.fake.data.editImage(ids[0] as number);
    fx.fake.data.deleteImage(ids[1] as number);
    const out = await fx.sync();
    expect(out).toMatchObject({ updated: 1, deleted: 1, added: 0 });
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
  });
});

describe('old servers', () => {
  it.each([
    ['refuse projectId', { noProjectListing: true }],
    ['ignore token paging', { tokenPaging: 'ignore' as const }],
    ['refuse token paging', { tokenPaging: 'refuse' as const }],
    ['all of it', { noProjectListing: true, tokenPaging: 'ignore' as const, ignoreFields: true }],
    ['ignore recursive on a project listing', { ignoreRecursive: true }],
  ])('%s: full then incremental sync still mirror the server', async (_name, legacy) => {
    fx = await syncFixture(dir(), { projects: [{ name: 'Old', images: 140 }] }, { legacy }, { perPage: 20 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    fx.fake.data.randomEdits(pid, 12);
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    if ('noProjectListing' in legacy || 'ignoreRecursive' in legacy) {
      expect(fx.db.prepare('SELECT listing FROM server_accounts').pluck().get()).toBe('datasets');
    }
  });

  it('honours the perPage the server answers with when it caps per_page', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'Cap', images: 90 }] }, { maxPerPage: 7, legacy: { tokenPaging: 'ignore' } }, { perPage: 500 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    const pages = listCalls(fx).filter((c) => typeof c.body.page === 'number');
    expect(pages.every((c) => c.body.per_page === 7)).toBe(true);
  });
});

describe('interrupted passes', () => {
  it('a lost network mid-pass deletes nothing, and the next sync resumes without duplicates', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 200 }] }, {}, { perPage: 20, attempts: 2 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    const data = fx.fake.data;
    const ids = [...data.snapshot(pid).keys()];
    for (const id of ids.slice(0, 30)) data.deleteImage(id);
    data.editImage(ids[150] as number);
    const f = fx;
    // The 4th listing page finds the server gone.
    let pages = 0;
    f.fake.faults = ({ method }) => {
      if (method === 'images.list' && ++pages === 4) void f.fake.goOffline();
      return undefined;
    };
    await expect(f.sync({ full: true })).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect(f.cached(pid).size).toBe(200); // nothing swept
    const state = f.db.prepare('SELECT state, phase, listed FROM sync_projects').get() as Record<string, unknown>;
    expect(state).toMatchObject({ state: 'interrupted', phase: 'list' });
    expect(state.listed).toBeGreaterThan(0);
    f.fake.faults = undefined;
    await f.fake.goOnline();
    const before = f.fake.stats.requests.length;
    await f.sync({ full: true });
    expect(mismatches(data.snapshot(pid), f.cached(pid))).toEqual([]);
    // It resumed from its cursor: the first listing request after the restart carries `after`.
    expect(listCalls(f, before).find((c) => c.body.pagination_mode)?.body.after).toEqual(expect.any(String));
    const dup = f.db.prepare('SELECT count(*) FROM (SELECT id FROM images GROUP BY source_id, id HAVING count(*) > 1)').pluck().get();
    expect(dup).toBe(0);
  });

  it('cancel stops at once, keeps what was written, and deletes nothing', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 200 }] }, {}, { perPage: 10 });
    const [pid] = fx.projectIds as [number];
    let pages = 0;
    const ctl = new AbortController();
    fx.fake.faults = ({ method }) => {
      if (method === 'images.list' && ++pages === 5) ctl.abort();
      return undefined;
    };
    await expect(fx.sync({ hooks: { signal: ctl.signal } })).rejects.toMatchObject({ code: 'CANCELLED' });
    const kept = fx.cached(pid).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(200);
    fx.fake.faults = undefined;
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
  });

  it('retries 429 and 5xx, hangs, resets and truncated answers, and still ends equal', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 150 }] }, {
      faults: scriptedFaults([
        { method: 'images.list', fault: { type: 'status', status: 429, retryAfter: { seconds: 0 } } },
        { method: 'images.list', fault: { type: 'status', status: 503 }, skip: 1 },
        { method: 'images.list', fault: { type: 'hang' } },
        { method: 'images.list', fault: { type: 'reset' } },
        { method: 'images.list', fault: { type: 'truncate' } },
        { method: 'images.list', fault: { type: 'status', status: 502 } },
        { method: 'images.list', fault: { type: 'wrong-total', delta: 5 } },
      ]),
    }, { perPage: 15, timeoutMs: 200 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
  });

  it('records changing between pages: the pass lists again until it agrees with the server', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 160 }] }, {
      faults: scriptedFaults([{ method: 'images.list', fault: { type: 'mutate', edits: 6 }, skip: 3, times: 2 }]),
    }, { perPage: 20 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect(fx.db.prepare('SELECT error FROM sync_projects').pluck().get()).toBeNull();
  });
});
