import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../app-core';
import { testCore } from '../../../../test-support/core-fixture';
import { useTempDir } from '../../../../test-support/temp-dir';
import type { Channel, ChannelInput, ChannelOutput } from '../../../../shared/contract';
import { dispatch } from '../dispatch';
import { seedFakeData } from '../../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../../test-support/fake-server/fake-supervisely';
import { memorySecretStore } from '../../sync/secret-store';
import { getAccount, secretKey } from '../../sync/accounts';
import { FAST_TUNING } from '../../../../test-support/sync-test-support';

const SENTINEL = 'SENTINEL-7f3a9c-TOKEN-must-never-leak-0123456789';
const dir = useTempDir();
let core: Core | undefined;
let fake: FakeSupervisely | undefined;
afterEach(async () => {
  await core?.close();
  await fake?.stop();
  core = fake = undefined;
});

/** A core whose every call goes through dispatch, recording inputs, outputs and events. */
async function setup(opts: { persistent?: boolean; images?: number } = {}) {
  const { data, projectIds } = seedFakeData({ token: SENTINEL, projects: [{ name: 'Streets', images: opts.images ?? 180 }, { name: 'Empty', images: 0 }] });
  fake = new FakeSupervisely(data, { echoToken: true });
  await fake.start();
  const secrets = memorySecretStore({ persistent: opts.persistent ?? true, reason: 'test has no keyring' });
  const t = testCore(dir(), () => null, { secrets, syncTuning: { ...FAST_TUNING, perPage: 25 } });
  core = t.core;
  const c = core;
  const payloads: string[] = [];
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const env = await dispatch(c.handlers, channel, input);
    payloads.push(JSON.stringify(env));
    if (!env.ok) throw Object.assign(new Error(env.error.message), env.error);
    return env.data as ChannelOutput<C>;
  };
  return { t, call, payloads, data, projectIds, secrets, f: fake };
}

describe('sync over IPC', () => {
  it('refuses a token with a line break with INVALID_TOKEN and no trace of it, asking nothing of the server', async () => {
    const { f } = await setup();
    for (const token of ['SEKRIT\nHUSH99', 'SEKRIT\rHUSH99', 'SEKRIT\u0000HUSH99']) {
      const env = await dispatch(core!.handlers, 'servers:connect', { server_url: f.url, token });
      expect(env).toMatchObject({ ok: false, error: { code: 'INVALID_TOKEN', details: { field: 'token' } } });
      expect(JSON.stringify(env)).not.toMatch(/SEKRIT|HUSH99/);
    }
    expect(f.stats.requests).toHaveLength(0);
    expect(await dispatch(core!.handlers, 'servers:list', {})).toEqual({ ok: true, data: [] });
  });

  it('connects, browses the remote tree, syncs a ticked project in a worker, and reports what changed', async () => {
    const { call, data, projectIds, t } = await setup();
    const [pid, emptyId] = projectIds as [number, number];
    const { account, notice } = await call('servers:connect', { server_url: fake!.url, token: SENTINEL });
    expect(account).toMatchObject({ login: 'alice', token: 'persisted', server_version: '6.17.8' });
    expect(notice).toBeNull();
    const src = account.source_id as number;
    const tree = await call('remote:refresh', { source_id: src });
    const ws = tree.teams[0]!.workspaces[0]!;
    // Only image projects; datasets nested with counts.
    expect(ws.projects.map((p) => p.name)).toEqual(['Empty', 'Streets']);
    const streets = ws.projects.find((p) => p.id === pid)!;
    expect(streets.datasets.map((d) => d.name)).toEqual(['train', 'val']);
    expect(streets.datasets[0]!.children.map((d) => [d.name, d.images_count])).toEqual([
      ['city', 60],
      ['highway', 60],
    ]);
    await call('sync:select', { source_id: src, project_ids: [pid, emptyId], selected: true });
    await call('sync:select', { source_id: src, project_ids: [emptyId], selected: false });
    const { job_id } = await call('sync:start', { source_id: src });
    const job = await core!.jobs.settle(job_id);
    expect(job).toMatchObject({ state: 'done', kind: 'sync', result: { inserted: 180, deleted: 0 } });
    const status = await call('sync:status', { source_id: src });
    expect(status).toEqual([expect.objectContaining({ project_id: pid, state: 'synced', done: 180, total: 180, added: 180 })]);
    // The cached tree now says when each dataset was synced, offline.
    const cached = await call('remote:tree', { source_id: src });
    expect(cached.teams[0]!.workspaces[0]!.projects.find((p) => p.id === pid)!.datasets[0]!.children[0]!.last_synced_at).toEqual(expect.any(String));
    expect(t.events.some((e) => e.event === 'cache:changed')).toBe(true);
    // A first sync is summed up, not listed record by record.
    const firstSync = await call('sync:changes', { source_id: src });
    expect(firstSync.passes).toEqual([expect.objectContaining({ project_id: pid, kind: 'full', added: 180, first: true })]);
    expect(firstSync.total).toBe(0);

    // A server-side edit, then an incremental sync and "what changed".
    const ids = [...data.snapshot(pid).keys()];
    const before = data.images.get(ids[5] as number) as unknown as { meta: Record<string, unknown>; tags: unknown[] };
    data.editImage(ids[5] as number, { meta: { ...before.meta, camera: 'cam-99', rig: 'north' }, tags: [] });
    data.deleteImage(ids[6] as number);
    const again = await call('sync:start', { source_id: src, project_ids: [] });
    expect((await core!.jobs.settle(again.job_id)).result).toMatchObject({ updated: 1, deleted: 1, inserted: 0 });
    const changes = await call('sync:changes', { source_id: src });
    expect(changes.passes).toEqual([expect.objectContaining({ project_id: pid, kind: 'incremental', updated: 1, deleted: 1 })]);
    const upd = changes.changes.find((c) => c.change === 'updated')!;
    expect(upd.image_id).toBe(ids[5]);
    expect(upd.meta).toEqual([
      { path: 'camera', before: before.meta.camera, after: 'cam-99' },
      { path: 'rig', after: 'north' },
    ]);
    expect(upd.tags.every((x) => x.change === 'removed' && ['review', 'weather', 'quality'].includes(x.name))).toBe(true);
    expect(upd.tags.length).toBe((before.tags as unknown[]).length);
    expect(changes.changes.find((c) => c.change === 'deleted')!.image_id).toBe(ids[6]);
  });

  it('never lets the token reach the cache file, a log line, an error, an event or an output', async () => {
    const { call, payloads, data, projectIds, t } = await setup({ images: 120 });
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      const { account } = await call('servers:connect', { server_url: fake!.url, token: SENTINEL });
      const src = account.source_id;
      await call('remote:refresh', { source_id: src });
      // Faults make the worker log retries; a refused token near the end makes an error.
      fake!.faults = ({ n }) => (n % 4 === 0 ? { type: 'status', status: 503 } : undefined);
      const { job_id } = await call('sync:start', { source_id: src, project_ids: [projectIds[0]!] });
      await core!.jobs.settle(job_id);
      data.randomEdits(projectIds[0] as number, 10);
      const j2 = await call('sync:start', { source_id: src, project_ids: [projectIds[0]!] });
      await core!.jobs.settle(j2.job_id);
      fake!.faults = () => ({ type: 'reject-token' });
      const j3 = await call('sync:start', { source_id: src, project_ids: [projectIds[0]!], full: true });
      const failed = await core!.jobs.settle(j3.job_id);
      expect(failed).toMatchObject({ state: 'failed', error: { code: 'AUTH_FAILED' } });
      await expect(call('remote:refresh', { source_id: src })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      await expect(call('servers:connect', { server_url: fake!.url, token: `${SENTINEL}-wrong` })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      for (const ch of ['servers:list', 'sync:status', 'jobs:list', 'sources:list'] as const) await call(ch, {});
      await call('sync:changes', { source_id: src });
      await call('remote:tree', { source_id: src });
    } finally {
      process.stderr.write = write;
    }
    expect(logged.join('')).toMatch(/\[sync\] images\.list: HTTP 503/); // the worker did log
    // Inputs of servers:connect carry the token by design; everything else must not.
    const outputs = payloads.join('\n');
    expect(outputs).not.toContain(SENTINEL);
    expect(JSON.stringify(t.events)).not.toContain(SENTINEL);
    expect(logged.join('')).not.toContain(SENTINEL);
    for (const f of ['cache.sqlite', 'cache.sqlite-wal', 'cache.sqlite-shm']) {
      const p = join(dir(), f);
      if (existsSync(p)) expect(readFileSync(p).includes(Buffer.from(SENTINEL))).toBe(false);
    }
    // The server really saw it (so the test would notice a leak if there were one).
    expect(fake!.stats.requests.some((r) => r.apiKey === SENTINEL)).toBe(true);
  });

  it('keeps several servers and accounts side by side, each its own source', async () => {
    const { call, projectIds, secrets } = await setup({ images: 40 });
    const secretKeyOf = (a: { source_id: number }) => secretKey(getAccount(core!.db, a.source_id));
    const second = seedFakeData({ token: 'other-token', login: 'bogdan', projects: [{ name: 'Elsewhere', images: 25 }] });
    const other = new FakeSupervisely(second.data);
    await other.start();
    try {
      const a = (await call('servers:connect', { server_url: fake!.url, token: SENTINEL })).account;
      const b = (await call('servers:connect', { server_url: other.url, token: 'other-token' })).account;
      expect(a.source_id).not.toBe(b.source_id);
      expect((await call('servers:list', {})).map((x) => x.login)).toEqual(['alice', 'bogdan']);
      // The same ids on two servers are two records: keyed by (source, id).
      const j1 = await call('sync:start', { source_id: a.source_id, project_ids: [projectIds[0]!] });
      const j2 = await call('sync:start', { source_id: b.source_id, project_ids: [second.projectIds[0]!] });
      await core!.jobs.settle(j1.job_id);
      await core!.jobs.settle(j2.job_id);
      const counts = core!.db.prepare('SELECT source_id, count(*) AS n FROM images GROUP BY source_id ORDER BY source_id').all();
      expect(counts).toEqual([
        { source_id: a.source_id, n: 40 },
        { source_id: b.source_id, n: 25 },
      ]);
      const sources = await call('sources:list', {});
      expect(sources.filter((s) => s.kind === 'server').map((s) => s.label)).toEqual([expect.stringMatching(/^alice @ /), expect.stringMatching(/^bogdan @ /)]);
      // Removing an account takes its token out of the keychain too, and only its own.
      const [keyA, keyB] = [secretKeyOf(a), secretKeyOf(b)];
      expect(await secrets.get(keyB)).toBe('other-token');
      const removal = await call('sources:remove', { source_id: b.source_id });
      expect((await core!.jobs.settle(removal.job_id)).state).toBe('done');
      expect(await secrets.get(keyB)).toBeNull();
      expect(await secrets.get(keyA)).toBe(SENTINEL);
      expect((await call('servers:list', {})).map((x) => [x.login, x.token])).toEqual([['alice', 'persisted']]);
    } finally {
      await other.stop();
    }
  });

  it('without a keyring keeps the token for the session only, and asks again after a restart', async () => {
    const { call, secrets, projectIds } = await setup({ persistent: false, images: 10 });
    const { account, notice } = await call('servers:connect', { server_url: fake!.url, token: SENTINEL });
    expect(account.token).toBe('session');
    expect(notice).toMatch(/no keychain .*test has no keyring.*session only/);
    secrets.restart();
    expect((await call('servers:list', {}))[0]!.token).toBe('missing');
    await expect(call('sync:start', { source_id: account.source_id, project_ids: [projectIds[0]!] })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: expect.stringMatching(/no API token for alice @ 127\.0\.0\.1:\d+ .* Connect again/),
    });
    // The cached tree stays browsable offline.
    await expect(call('remote:tree', { source_id: account.source_id })).resolves.toMatchObject({ source_id: account.source_id });
  });

  it('a crash mid-sync (the worker killed) loses nothing and the next sync resumes', async () => {
    const { call, data, projectIds } = await setup({ images: 400 });
    const pid = projectIds[0] as number;
    fake!.options.latencyMs = 20;
    const { account } = await call('servers:connect', { server_url: fake!.url, token: SENTINEL });
    const { job_id } = await call('sync:start', { source_id: account.source_id, project_ids: [pid] });
    // Wait for some committed pages, then kill every worker as a crash would.
    const probe = () => core!.db.prepare('SELECT listed FROM sync_projects').pluck().get() as number | undefined;
    while ((probe() ?? 0) < 75) await new Promise((r) => setTimeout(r, 10));
    await core!.jobs.close();
    expect(core!.jobs.list().find((j) => j.id === job_id)?.state).not.toBe('done');
    await core!.close();
    const t2 = testCore(dir(), () => null, { syncTuning: { ...FAST_TUNING, perPage: 25 } });
    core = t2.core;
    // The token store is per process in tests: connect again, as after a restart without keyring.
    await dispatch(core.handlers, 'servers:connect', { server_url: fake!.url, token: SENTINEL });
    const st = core.db.prepare('SELECT state, listed FROM sync_projects').get() as { state: string; listed: number };
    expect(st.state).toBe('running'); // what a crash leaves behind
    expect(st.listed).toBeGreaterThanOrEqual(75);
    const before = fake!.stats.requests.length;
    const env = await dispatch(core.handlers, 'sync:start', { source_id: account.source_id, project_ids: [pid] });
    expect(env.ok).toBe(true);
    const job = await core.jobs.settle((env as { data: { job_id: string } }).data.job_id);
    expect(job.state).toBe('done');
    const resumed = fake!.stats.requests.slice(before).find((r) => r.method === 'images.list' && r.body.pagination_mode);
    expect(resumed?.body.after).toEqual(expect.any(String));
    const rows = core.db.prepare('SELECT id, updated_at FROM images WHERE project_id = ?').all(pid) as { id: number; updated_at: string }[];
    expect(rows.length).toBe(400);
    expect(new Map(rows.map((r) => [r.id, r.updated_at]))).toEqual(data.snapshot(pid));
  });
});
