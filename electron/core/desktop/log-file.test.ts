import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../test-support/core-fixture';
import { seedFakeData } from '../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../test-support/fake-server/fake-supervisely';
import { FAST_TUNING } from '../../../test-support/sync-test-support';
import { useTempDir } from '../../../test-support/temp-dir';
import type { Core } from '../app-core';
import { dispatch } from '../ipc/dispatch';
import { LOG_FILE_NAME, LogFile, redact } from './log-file';

const SENTINEL = 'SENTINEL-7f3a9c-TOKEN-must-never-leak-0123456789';
const dir = useTempDir();
let stop: (() => void) | undefined;
let core: Core | undefined;
let fake: FakeSupervisely | undefined;
afterEach(async () => {
  stop?.();
  await core?.close();
  await fake?.stop();
  stop = core = fake = undefined;
});

describe('log file', () => {
  it('cuts out known secrets, API-key headers and token-like runs, and keeps ordinary text', () => {
    expect(redact(`connect with ${SENTINEL} now`, [SENTINEL])).toBe('connect with [redacted] now');
    expect(redact('x-api-key: abc123')).toBe('x-api-key: [redacted]');
    expect(redact('{"token":"short1"}')).toBe('{"token":"[redacted]"}');
    const hex128 = 'a1'.repeat(64);
    expect(redact(`users.me failed for ${hex128}`)).toBe('users.me failed for [redacted]');
    const plain = 'imported 20,000 records from /home/ann/data/project/ds1/img_info in 3.2 s';
    expect(redact(plain)).toBe(plain);
  });

  it('rotates by size, keeping the live file and at most `keep` older ones, newest last', () => {
    const log = new LogFile({ dir: dir(), maxBytes: 400, keep: 2 });
    for (let i = 0; i < 40; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`);
    const files = readdirSync(dir()).sort();
    expect(files).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    for (const f of files) expect(readFileSync(join(dir(), f)).length).toBeLessThanOrEqual(400);
    const live = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(live.at(-1)).toMatch(/ info {2}line 39 x+$/);
    expect(readFileSync(`${log.path}.1`, 'utf8')).toMatch(/line \d+/);
    expect(readFileSync(`${log.path}.2`, 'utf8')).not.toMatch(/line 39 /);
  });

  it('holds what a real sync prints, from its worker thread, and never the token', async () => {
    const { data, projectIds } = seedFakeData({
      token: SENTINEL,
      projects: [{ name: 'Streets', images: 60 }],
    });
    fake = new FakeSupervisely(data, { echoToken: true });
    await fake.start();
    const logDir = join(dir(), 'logs');
    const log = new LogFile({ dir: logDir, secrets: () => [SENTINEL] });
    stop = log.captureProcessOutput();
    core = testCore(dir(), () => null, { syncTuning: { ...FAST_TUNING, perPage: 25 } }).core;
    const call = async (channel: Parameters<typeof dispatch>[1], input: unknown) => {
      const env = await dispatch(core!.handlers, channel, input);
      if (!env.ok) throw new Error(env.error.message);
      return env.data as Record<string, unknown>;
    };
    const { account } = (await call('servers:connect', {
      server_url: fake.url,
      token: SENTINEL,
    })) as { account: { source_id: number } };
    await call('sync:select', {
      source_id: account.source_id,
      project_ids: projectIds,
      selected: true,
    });
    const { job_id } = (await call('sync:start', { source_id: account.source_id })) as {
      job_id: string;
    };
    expect((await core.jobs.settle(job_id)).state).toBe('done');
    // Even a careless line that prints the token is cut on its way to the disk.
    process.stderr.write(`debug: the token is ${SENTINEL}\n`);
    stop();
    stop = undefined;
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(/\[sync\] project \d+: listing complete/);
    expect(text).toMatch(/debug: the token is \[redacted\]/);
    expect(text).not.toContain(SENTINEL);
    expect(text).not.toMatch(/7f3a9c/);
    expect(existsSync(`${log.path}.1`)).toBe(false);
  });
});
