import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app-core';
import { testCore } from '../../../test-support/core-fixture';
import { EXPECTED, QUALITY_RECORDS, writeQualityDump } from '../../../test-support/quality-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import { querySchema } from '../../../shared/query';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('two writing jobs at once', () => {
  it('run one after the other, both land, and the checks count both', async () => {
    const t = testCore(dir());
    core = t.core;
    const query = querySchema.parse({ text: '' });
    const demo = await core.handlers['demo:load']({ count: 1000, seed: 3 });
    const odd = await core.handlers['import:paths']({ paths: [writeQualityDump(dir(), 'odd', QUALITY_RECORDS)], skip_bad: false });
    // The panel asks while the jobs run, as the browser test's panel did.
    const early = core.handlers['checks:summary']({ query });
    const jobs = await Promise.all([demo.job_id, ...odd.job_ids].map((id) => core!.jobs.settle(id)));
    // Before, the second failed (SQLITE_BUSY) whenever the first held the write lock past the busy timeout.
    expect(jobs.map((j) => [j.state, j.error])).toEqual([
      ['done', null],
      ['done', null],
    ]);
    // It waited for the first instead of starting beside it.
    expect(Date.parse(jobs[1]?.finished_at ?? '')).toBeGreaterThanOrEqual(Date.parse(jobs[0]?.finished_at ?? ''));
    await early;
    expect((await core.handlers['app:info']({})).image_count).toBe(1000 + QUALITY_RECORDS.length);
    expect((await core.handlers['checks:summary']({ query }))['duplicate-name']).toBe(EXPECTED['duplicate-name'].length);
  });

  it('a writing job waiting for another can be cancelled before it starts', async () => {
    const t = testCore(dir());
    core = t.core;
    const first = await core.handlers['demo:load']({ count: 1000, seed: 3 });
    const second = await core.handlers['demo:load']({ count: 1000, seed: 4 });
    expect(await core.handlers['jobs:cancel']({ job_id: second.job_id })).toEqual({ cancelled: true });
    expect((await core.jobs.settle(second.job_id)).state).toBe('cancelled');
    expect((await core.jobs.settle(first.job_id)).state).toBe('done');
    expect((await core.handlers['app:info']({})).image_count).toBe(1000);
  });
});
