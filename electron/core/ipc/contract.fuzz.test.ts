import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/channels';
import type { Channel } from '../../../shared/contract';
import { testCore } from '../../../test-support/core-fixture';
import { inputsFor, probe, SENTINEL, settleJobs, watchRowChanges, validInputs, type Finding, type FuzzWorld } from '../../../test-support/contract-fuzz';
import { seedFakeData } from '../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../test-support/fake-server/fake-supervisely';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { Core } from '../app-core';
import { memorySecretStore } from '../sync/secret-store';
import { dispatch } from './dispatch';

/**
 * Every channel of the contract, fuzzed through dispatch against a real core over a real cache
 * of 20,000 demo records and a connected (fake) server. `npm test` runs a few inputs per
 * channel with a fixed seed; `npm run fuzz` runs FUZZ_RUNS (10,000) with FUZZ_SEED.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20_2026);

let core: Core;
let fake: FakeSupervisely;
let world: FuzzWorld;
let removeDir: () => void;
const report: { channel: Channel; runs: number; ms: number; findings: Finding[] }[] = [];

beforeAll(async () => {
  const tmp = makeTempDir();
  removeDir = tmp.remove;
  const { data, projectIds } = seedFakeData({ token: SENTINEL, projects: [{ name: 'Streets', images: 30 }] });
  fake = new FakeSupervisely(data);
  await fake.start();
  core = testCore(tmp.dir, () => null, {
    secrets: memorySecretStore(),
    // One attempt each for https and http stays inside the 2 s hang guard, with room for a
    // loaded machine (at 300 ms the fake server itself timed out under a load of 12).
    syncTuning: { timeoutMs: 900, attempts: 1, backoffBaseMs: 1, backoffCapMs: 5 },
  }).core;
  const call = async (channel: Channel, input: unknown) => {
    const env = await dispatch(core.handlers, channel, input);
    if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
    return env.data as Record<string, unknown>;
  };
  await core.jobs.settle((await call('demo:load', { count: 20_000, seed: 11 })).job_id as string);
  const { account } = (await call('servers:connect', { server_url: fake.url, token: SENTINEL })) as { account: { source_id: number } };
  await call('remote:refresh', { source_id: account.source_id });
  const view = await call('images:openView', { query: { text: 'tag:review' } });
  const saved = await call('searches:save', { name: 'kept', kind: 'live', query: { text: 'street' } });
  watchRowChanges(core);
  world = {
    viewId: view.view_id as string,
    rowId: 1,
    accountSource: account.source_id,
    projectId: projectIds[0] as number,
    searchId: saved.id as number,
    serverUrl: fake.url,
    missingFile: join(tmp.dir, 'missing.jsonl'),
  };
}, 120_000);

afterAll(async () => {
  await core?.close();
  await fake?.stop();
  removeDir?.();
  if (process.env.FUZZ_REPORT) {
    const byKind = new Map<string, number>();
    for (const r of report) for (const f of r.findings) byKind.set(`${f.kind} ${f.channel}`, (byKind.get(`${f.kind} ${f.channel}`) ?? 0) + 1);
    const total = report.reduce((s, r) => s + r.runs, 0);
    const ms = report.reduce((s, r) => s + r.ms, 0);
    console.warn(`fuzz: ${report.length} channels × ${RUNS} inputs = ${total} calls in ${(ms / 1000).toFixed(0)} s, seed ${SEED}`);
    for (const r of report) console.warn(`  ${r.channel}: ${r.runs} inputs, ${(r.ms / 1000).toFixed(1)} s, ${r.findings.length} findings`);
    for (const [k, n] of [...byKind].sort()) console.warn(`  finding ${k}: ${n}`);
  }
});

// Channels that start jobs (each a worker thread) after the quick ones; destructive ones last,
// so the others see the full cache and the connected account.
const LAST: Channel[] = ['demo:load', 'import:paths', 'sync:start', 'servers:disconnect', 'sources:remove'];
const ALL = [...CHANNEL_NAMES.filter((c) => !LAST.includes(c)), ...LAST];
/** FUZZ_CHANNELS=a,b runs only those channels, in that order (a large run a piece at a time). */
const ORDER: Channel[] = process.env.FUZZ_CHANNELS ? ALL.filter((c) => process.env.FUZZ_CHANNELS?.split(',').includes(c)) : ALL;

describe('every channel through dispatch, with random and almost-valid input', () => {
  it.each(ORDER)('%s: no escaped exception, hang, INTERNAL, token, write after refusal or prototype change', async (channel) => {
    const findings: Finding[] = [];
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(inputsFor(validInputs(world)[channel]), async (input) => {
        findings.push(...(await probe(core, channel, input)));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    await settleJobs();
    report.push({ channel, runs: RUNS, ms: Date.now() - started, findings });
    if (process.env.FUZZ_REPORT) {
      const kinds = [...new Set(findings.map((f) => f.kind))].map((k) => `${k} ${findings.filter((f) => f.kind === k).length}`);
      console.warn(`fuzz ${channel}: ${RUNS} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s; findings: ${kinds.join(', ') || 'none'}`);
    }
    // One example per kind of finding, so a failure says what broke and with which input.
    const firstOfEach = [...new Map(findings.map((f) => [f.kind, f])).values()];
    expect(firstOfEach.map((f) => `${f.kind}: ${f.detail} ← ${f.input}`)).toEqual([]);
  });
});
