import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../app-core';
import { dispatch } from '../dispatch';
import { testCore } from '../../../../test-support/core-fixture';
import { useTempDir } from '../../../../test-support/temp-dir';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('export:start', () => {
  it('asks the save dialog, exports in a worker with progress, and leaves the views alone', async () => {
    let dest: string | null = null;
    const t = testCore(dir(), () => dest);
    core = t.core;
    await core.jobs.settle((await core.handlers['demo:load']({ count: 3000, seed: 2 })).job_id);
    const view = await core.handlers['images:openView']({ query: { text: 'street', sort: [{ key: 'name', dir: 'asc' }] } });
    const request = { query: { text: 'street', sort: [{ key: 'name', dir: 'asc' as const }] }, format: 'jsonl' as const, columns: null, scope: { kind: 'view' as const }, options: { bom: false, raw: false, meta: 'json' as const } };

    // The user cancels the dialog: no job.
    expect(await core.handlers['export:start'](request)).toEqual({ job_id: null });

    dest = join(dir(), 'street.jsonl');
    const events = t.events.length;
    const { job_id } = await core.handlers['export:start'](request);
    const job = await core.jobs.settle(job_id as string);
    expect(job).toMatchObject({ kind: 'export', state: 'done', done: view.total, result: { records: view.total, output: { path: dest } } });
    expect(job.title).toBe('Export JSON Lines: street.jsonl');
    expect(readFileSync(dest, 'utf8').trim().split('\n')).toHaveLength(view.total);
    expect(existsSync(`${dest}.manifest.json`)).toBe(true);
    // An export changes nothing in the cache: no cache:changed, and the page's view still works.
    expect(t.events.slice(events).some((e) => e.event === 'cache:changed')).toBe(false);
    expect((await core.handlers['images:window']({ view_id: view.view_id, offset: 0, limit: 5 })).rows).toHaveLength(5);
  });

  it('refuses a query that does not compile before the save dialog opens, and starts no job', async () => {
    let dialogs = 0;
    const t = testCore(dir(), () => {
      dialogs++;
      return join(dir(), 'never.jsonl');
    });
    core = t.core;
    const base = { format: 'jsonl' as const, columns: null, scope: { kind: 'view' as const }, options: { bom: false, raw: false, meta: 'json' as const } };
    const env = await dispatch(core.handlers, 'export:start', { ...base, query: { text: 'widht:>1000', sort: [] } });
    expect(env).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/widht/) } });
    expect(dialogs).toBe(0);
    expect(await core.handlers['jobs:list']({})).toEqual([]);
    expect(existsSync(join(dir(), 'never.jsonl'))).toBe(false);
  });
});
