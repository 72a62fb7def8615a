import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app-core';
import { testCore } from '../../../test-support/core-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import { writeJsonl } from '../../../test-support/fixtures';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('jobs in worker threads', () => {
  it('load demo data, report progress, and announce the change', async () => {
    const t = testCore(dir());
    core = t.core;
    const { job_id } = await core.handlers['demo:load']({ count: 5000, seed: 3 });
    const job = await core.jobs.settle(job_id);
    expect(job).toMatchObject({ state: 'done', done: 5000, result: { inserted: 5000 } });
    const info = await core.handlers['app:info']({});
    expect(info.image_count).toBe(5000);
    expect(t.events.some((e) => e.event === 'cache:changed')).toBe(true);
    expect(t.events.filter((e) => e.event === 'jobs:progress').length).toBeGreaterThan(1);
  });

  it('import the file the dialog port picked, and report a bad line as a failed job', async () => {
    const good = writeJsonl(dir(), 'good.jsonl', 100);
    const bad = join(dir(), 'bad.jsonl');
    writeFileSync(bad, '{"id":1,"name":"a.jpg"}\n{"id":2,"name":}\n');
    let next = good;
    const t = testCore(dir(), () => next);
    core = t.core;
    const ok = await core.handlers['import:pick']({ what: 'file', skip_bad: false });
    expect((await core.jobs.settle(ok.job_id ?? '')).state).toBe('done');
    next = bad;
    const failed = await core.handlers['import:pick']({ what: 'file', skip_bad: false });
    const job = await core.jobs.settle(failed.job_id ?? '');
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'BAD_RECORD', details: { file: 'bad.jsonl', line: 2 } });
    expect((await core.handlers['app:info']({})).image_count).toBe(100);
  });

  it('cancel a running import and leave the cache as it was', async () => {
    const t = testCore(dir());
    core = t.core;
    const { job_id } = await core.handlers['demo:load']({ count: 400_000, seed: 3 });
    while (core.jobs.list()[0]?.done === 0) await new Promise((r) => setTimeout(r, 10));
    expect(await core.handlers['jobs:cancel']({ job_id })).toEqual({ cancelled: true });
    const job = await core.jobs.settle(job_id);
    expect(job.state).toBe('cancelled');
    expect((await core.handlers['app:info']({})).image_count).toBe(0);
  });

  it('return nothing when the user cancels the dialog', async () => {
    core = testCore(dir(), () => null).core;
    expect(await core.handlers['import:pick']({ what: 'file', skip_bad: false })).toEqual({ job_id: null });
  });
});
