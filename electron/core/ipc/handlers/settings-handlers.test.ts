import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../../test-support/core-fixture';
import { useTempDir } from '../../../../test-support/temp-dir';
import type { Core } from '../../app-core';
import { resolveCachePath } from '../../cache/cache-path';
import { finishCacheMove } from '../../desktop/cache-location';
import { dispatch } from '../dispatch';

const dir = useTempDir();
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

function open(pick: () => string | null = () => null): Core {
  const { core } = testCore(dir(), pick);
  cores.push(core);
  return core;
}

async function call(
  core: Core,
  channel: 'settings:get' | 'settings:set' | 'cache:move',
  input: unknown = {},
) {
  const env = await dispatch(core.handlers, channel, input);
  if (!env.ok) throw Object.assign(new Error(env.error.message), env.error);
  return env.data as { job_id: string } & Record<string, unknown>;
}

describe('settings', () => {
  it('start from the defaults, keep a change across restarts, and refuse a wrong value by name', async () => {
    const core = open();
    expect(await call(core, 'settings:get')).toMatchObject({
      settings: { theme: 'system', csv: { bom: false, meta: 'json' } },
      cache: { path: join(dir(), 'cache.sqlite'), moved_to: null },
    });
    const seen: string[] = [];
    core.settings.onChange((s) => seen.push(s.theme));
    await call(core, 'settings:set', {
      theme: 'dark',
      csv: { bom: true, raw: false, meta: 'columns' },
    });
    expect(seen).toEqual(['dark']);
    await expect(call(core, 'settings:set', { theme: 'purple' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/theme/),
    });
    await cores.pop()!.close();
    const again = open();
    expect((await call(again, 'settings:get')).settings).toEqual({
      theme: 'dark',
      csv: { bom: true, raw: false, meta: 'columns' },
      thumbnails: { max_bytes: 1024 ** 3 },
    });
    // The thumbnail store's limit is a setting too; a limit too small to hold a screen is refused.
    await call(again, 'settings:set', { thumbnails: { max_bytes: 64 * 1024 ** 2 } });
    expect(again.settings.get().thumbnails.max_bytes).toBe(64 * 1024 ** 2);
    await expect(call(again, 'settings:set', { thumbnails: { max_bytes: 5 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('survive a damaged settings file by starting from the defaults', async () => {
    writeFileSync(join(dir(), 'settings.json'), '{"theme": "dark", ');
    expect((await call(open(), 'settings:get')).settings).toMatchObject({ theme: 'system' });
  });
});

describe('moving the cache', () => {
  it('copies it with progress, checks the copy, and the next start opens it there and removes the old one', async () => {
    const dest = join(dir(), 'elsewhere.sqlite');
    const core = open(() => dest);
    const demo = await dispatch(core.handlers, 'demo:load', { count: 300, seed: 1 });
    if (demo.ok) await core.jobs.settle((demo.data as { job_id: string }).job_id);
    const { job_id } = await call(core, 'cache:move');
    const job = await core.jobs.settle(job_id);
    expect(job).toMatchObject({ state: 'done', kind: 'cache-move' });
    expect(existsSync(dest)).toBe(true);
    expect(existsSync(`${dest}.partial`)).toBe(false);
    const copy = new Database(dest, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 300 });
    copy.close();
    expect((await call(core, 'settings:get')).cache).toMatchObject({
      path: join(dir(), 'cache.sqlite'),
      moved_to: dest,
    });

    // The next start: no flag, no environment variable, the user-data folder says where.
    const next = resolveCachePath({ argv: [], userData: dir(), env: {} });
    expect(next).toBe(dest);
    await cores.pop()!.close();
    expect(finishCacheMove(dir(), next)).toBe(join(dir(), 'cache.sqlite'));
    expect(existsSync(join(dir(), 'cache.sqlite'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir(), 'cache-location.json'), 'utf8'))).toEqual({
      path: dest,
      previous: null,
    });
    expect(finishCacheMove(dir(), next)).toBeNull();
  });

  it('refuses to overwrite a file, leaves the cache where it is, and does nothing when the dialog is cancelled', async () => {
    const taken = join(dir(), 'taken.sqlite');
    writeFileSync(taken, 'not mine');
    let answer: string | null = null;
    const core = open(() => answer);
    expect(await call(core, 'cache:move')).toEqual({ job_id: null });
    answer = taken;
    const job = await core.jobs.settle((await call(core, 'cache:move')).job_id);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/already exists/);
    expect(readFileSync(taken, 'utf8')).toBe('not mine');
    expect(resolveCachePath({ argv: [], userData: dir(), env: {} })).toBe(
      join(dir(), 'cache.sqlite'),
    );
  });
});
