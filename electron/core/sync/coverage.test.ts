import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { scriptedFaults, type ScriptStep } from '../../../test-support/fake-server/faults';
import type { Legacy } from '../../../test-support/fake-server/fake-supervisely';
import { mismatches, syncFixture, type SyncFixture } from '../../../test-support/sync-test-support';

const dir = useTempDir();
let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/**
 * Deletes records a page-paging listing has already read, before two of its later pages: later
 * records slide back across the page boundary, and the count of records seen still equals the
 * server's total (the deleted ones were counted, the slid ones were not).
 */
const DELETE_LISTED: ScriptStep[] = [
  { method: 'images.list', fault: { type: 'delete-listed', count: 3 }, skip: 3 },
  { method: 'images.list', fault: { type: 'delete-listed', count: 2 }, skip: 1 },
];

async function fullSync(legacy: Legacy, steps: ScriptStep[], images = 200) {
  fx = await syncFixture(dir(), { projects: [{ name: 'S', images, nested: false }] }, { legacy, faults: scriptedFaults(steps) }, { perPage: 20, lightPerPage: 20 });
  const lines: string[] = [];
  const [pid] = fx.projectIds as [number];
  const out = await fx.sync({ hooks: { log: (l) => lines.push(l) } });
  return { f: fx, pid, out, lines };
}

function listBodies(f: SyncFixture) {
  return f.fake.stats.requests.filter((r) => r.method === 'images.list').map((r) => r.body);
}

describe('a completed sync covers the server', () => {
  it('page paging walks by id, so deleting listed records cannot make it skip others', async () => {
    const { f, pid, lines } = await fullSync({ tokenPaging: 'refuse' }, DELETE_LISTED);
    expect(mismatches(f.fake.data.snapshot(pid), f.cached(pid))).toEqual([]);
    const keyset = listBodies(f).filter((b) => JSON.stringify(b.filter ?? []).includes('"operator":">"'));
    expect(keyset.length).toBeGreaterThanOrEqual(9);
    expect(keyset.every((b) => b.page === undefined && b.sort === 'id' && b.sort_order === 'asc')).toBe(true);
    expect(lines.some((l) => /listing complete .*keyset paging/.test(l))).toBe(true);
  });

  for (const idFilter of ['refuse', 'ignore'] as const) {
    it(`a server that ${idFilter}s the id filter: a second listing of ids catches the skipped records and the pass lists again`, async () => {
      const { f, pid, lines } = await fullSync({ tokenPaging: 'refuse', idFilter }, DELETE_LISTED);
      expect(mismatches(f.fake.data.snapshot(pid), f.cached(pid))).toEqual([]);
      expect(lines.some((l) => /could not be proven complete \(a second listing of ids disagrees\); listing again/.test(l))).toBe(true);
      expect(listBodies(f).some((b) => Array.isArray(b.fields) && b.fields.length === 1 && b.fields[0] === 'id')).toBe(true);
      // The change log says the pass had to list again.
      expect(f.db.prepare("SELECT relists FROM sync_passes WHERE state = 'complete'").pluck().get()).toBeGreaterThanOrEqual(1);
    });
  }

  it('records moved into a dataset already listed (one listing per dataset) are not lost', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 160 }] }, {
      legacy: { noProjectListing: true },
      faults: scriptedFaults([{ method: 'images.list', fault: { type: 'add-listed', count: 3 }, skip: 8, times: 3 }]),
    }, { perPage: 20, unitConcurrency: 1 });
    const [pid] = fx.projectIds as [number];
    const was = new Map([...fx.fake.data.images.values()].map((i) => [i.id, i.datasetId]));
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect([...fx.fake.data.images.values()].filter((i) => was.get(i.id) !== i.datasetId).length).toBeGreaterThan(0);
    const datasets = fx.db.prepare('SELECT dataset_id, count(*) AS n FROM images GROUP BY dataset_id ORDER BY 1').all();
    const server = new Map<number, number>();
    for (const i of fx.fake.data.images.values()) if (i.projectId === pid) server.set(i.datasetId, (server.get(i.datasetId) ?? 0) + 1);
    expect(datasets).toEqual([...server].sort((a, b) => a[0] - b[0]).map(([dataset_id, n]) => ({ dataset_id, n })));
  });

  it('an incremental sync walks by id too, and its deletions come only from a proven listing', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 200, nested: false }] }, { legacy: { tokenPaging: 'refuse', idFilter: 'refuse' } }, { perPage: 20, lightPerPage: 20 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    fx.fake.data.randomEdits(pid, 10);
    fx.fake.faults = scriptedFaults(DELETE_LISTED);
    const lines: string[] = [];
    await fx.sync({ hooks: { log: (l) => lines.push(l) } });
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect(lines.some((l) => /listing again/.test(l))).toBe(true);
  });

  it('a listing that cannot be proven complete ends incomplete, deletes nothing, and the next sync completes it', async () => {
    fx = await syncFixture(dir(), { projects: [{ name: 'S', images: 120, nested: false }] }, { legacy: { tokenPaging: 'refuse', idFilter: 'refuse' } }, { perPage: 20, lightPerPage: 20, maxRelists: 1 });
    const [pid] = fx.projectIds as [number];
    await fx.sync();
    const before = fx.cached(pid);
    // Every later page of every listing finds listed records deleted.
    fx.fake.faults = scriptedFaults([{ method: 'images.list', fault: { type: 'delete-listed', count: 1 }, times: 1000 }]);
    await expect(fx.sync()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    const row = fx.db.prepare('SELECT state, last_pass_id, pass_id FROM sync_projects').get() as { state: string; pass_id: number | null };
    expect(row.state).toBe('interrupted');
    expect(row.pass_id).not.toBeNull();
    expect([...before.keys()].filter((id) => !fx!.cached(pid).has(id))).toEqual([]);
    fx.fake.faults = undefined;
    await fx.sync();
    expect(mismatches(fx.fake.data.snapshot(pid), fx.cached(pid))).toEqual([]);
    expect(fx.db.prepare('SELECT state FROM sync_projects').pluck().get()).toBe('synced');
  });
});
