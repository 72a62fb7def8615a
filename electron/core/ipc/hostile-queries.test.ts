import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../test-support/core-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import type { Core } from '../app-core';
import { dispatch } from './dispatch';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

function deep(depth: number): unknown {
  let node: unknown = { type: 'clause', field: 'tag', op: 'eq', value: 'review' };
  for (let i = 0; i < depth; i++) node = { type: 'group', op: 'and', children: [node] };
  return { op: 'and', children: [node] };
}

/** Each channel that takes a query, with the rest of a valid input. */
const CHANNELS: [string, (query: unknown) => unknown][] = [
  ['images:openView', (query) => ({ query })],
  ['facets:get', (query) => ({ query })],
  ['searches:save', (query) => ({ name: 'n', kind: 'live', query })],
  ['export:start', (query) => ({ query, format: 'csv' })],
];

describe('hostile queries over IPC', () => {
  it('answer INVALID_INPUT, never INTERNAL, for deep trees, unknown keys and non-plain objects', async () => {
    core = testCore(dir()).core;
    for (const [channel, input] of CHANNELS) {
      for (const query of [{ filter: deep(600) }, { filter: deep(5000) }, { txt: 'tag:review' }, new Date(), new Map()]) {
        const res = await dispatch(core.handlers, channel, input(query));
        expect(res, channel).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
    }
  });

  it('a query that opens can be saved, or the save names the limit it hits', async () => {
    core = testCore(dir()).core;
    const queries = [
      Array.from({ length: 101 }, (_, i) => `w${i}`).join(' '),
      `name:${'x'.repeat(1001)}`,
      `meta.${'k'.repeat(301)}:1`,
    ];
    for (const text of queries) {
      expect(await dispatch(core.handlers, 'images:openView', { query: { text } }), text.slice(0, 12)).toMatchObject({ ok: true });
      const saved = await dispatch(core.handlers, 'searches:save', { name: text.slice(0, 50), kind: 'live', query: { text } });
      expect(saved, text.slice(0, 12)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!saved.ok) {
        expect(saved.error.message).toMatch(/^This search cannot be saved: filter\.children[.\d\w]*: Too big/);
        expect(saved.error.message).not.toMatch(/ZodError|\[\s*\{/);
      }
    }
    const fine = await dispatch(core.handlers, 'searches:save', { name: 'ok', kind: 'live', query: { text: 'w1 w2' } });
    expect(fine).toMatchObject({ ok: true, data: { text: 'w1 w2' } });
  });

  it('a query over the term cap is INVALID_INPUT on every channel', async () => {
    core = testCore(dir()).core;
    const text = Array.from({ length: 501 }, (_, i) => `w${i}`).join(' ');
    // export:start checks its query when the job runs (validating it before the dialog is
    // another change); the channels that compile at once answer here.
    for (const [channel, input] of CHANNELS.filter(([c]) => c !== 'export:start')) {
      const res = await dispatch(core.handlers, channel, input({ text }));
      expect(res, channel).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/too many terms: a query may have at most 256 terms/) } });
    }
  });
});
