import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, afterEach } from 'vitest';
import { dispatch } from './dispatch';
import { useTempDir } from '../../../test-support/temp-dir';
import { testCore } from '../../../test-support/core-fixture';
import type { Core } from '../app-core';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('dispatch', () => {
  it('answers a valid call with ok and the handler output', async () => {
    core = testCore(dir()).core;
    const res = await dispatch(core.handlers, 'app:info', {});
    expect(res).toMatchObject({ ok: true, data: { version: '0.0.0-test', image_count: 0 } });
  });

  it('refuses unknown channels and invalid input with path: message', async () => {
    core = testCore(dir()).core;
    expect(await dispatch(core.handlers, 'fs:read', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    const bad = await dispatch(core.handlers, 'images:window', { view_id: 'v1', offset: -1, limit: 9999 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT');
      expect(bad.error.details?.issues).toEqual([
        'offset: Too small: expected number to be >=0',
        'limit: Too big: expected number to be <=500',
      ]);
    }
    const sortInjection = await dispatch(core.handlers, 'images:openView', {
      query: { text: '', sort: [{ key: 'name; DROP TABLE images', dir: 'asc' }] },
    });
    expect(sortInjection).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('turns a handler error into the envelope with its code', async () => {
    core = testCore(dir()).core;
    expect(await dispatch(core.handlers, 'images:get', { row_id: 42 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Record 42 is no longer in the cache.' },
    });
  });

  it('answers CACHE_BUSY, and writes nothing, when another writer holds the cache', async () => {
    core = testCore(dir()).core;
    // Another process's import: it holds the write lock until it commits.
    const other = new Database(join(dir(), 'cache.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    core.db.pragma('busy_timeout = 50');
    const save = { name: 'wide', kind: 'live', query: { text: 'width:>1000', sort: [] }, overwrite: false };
    expect(await dispatch(core.handlers, 'searches:save', save)).toMatchObject({
      ok: false,
      error: { code: 'CACHE_BUSY', message: expect.stringMatching(/busy/) },
    });
    other.exec('COMMIT');
    other.close();
    expect(core.db.prepare('SELECT count(*) FROM saved_searches').pluck().get()).toBe(0);
    expect(await dispatch(core.handlers, 'searches:save', save)).toMatchObject({ ok: true, data: { name: 'wide' } });
  });
});
