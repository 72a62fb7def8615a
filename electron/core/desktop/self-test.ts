import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Channel, Contract } from '../../../shared/contract';
import type { z } from 'zod';
import { createCore, type Core } from '../app-core';
import { dispatch } from '../ipc/dispatch';
import type { WorkerScript } from '../jobs/job-manager';
import { memorySecretStore } from '../sync/secret-store';

/** What the app's window check found; only the Electron glue can fill it in. */
export type WindowCheck = {
  loaded: boolean;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  bridge: boolean;
};

export type SelfTestReport = {
  self_test: 'passed' | 'failed';
  version: string;
  platform: string;
  imported: number;
  matched: number;
  exported: number;
  window: WindowCheck | null;
  ms: number;
  failure?: string;
};

export type SelfTestOptions = {
  version: string;
  workerScript: WorkerScript;
  readerScript: WorkerScript;
  /** Demo records to import; small, so the packaged app answers in seconds. */
  demoCount?: number;
  /** The Electron glue opens the real window here; plain Node has none to check. */
  checkWindow?: () => Promise<WindowCheck>;
};

/** The search the self-test runs: a range and a negated tag, so the query language and the indexes both work. */
export const SELF_TEST_QUERY = { text: 'width:>1000 -tag:blurry' };

async function call<C extends Channel>(
  core: Core,
  channel: C,
  input: z.input<Contract[C]['input']>,
): Promise<z.output<Contract[C]['output']>> {
  const res = await dispatch(core.handlers, channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.data as z.output<Contract[C]['output']>;
}

async function settled(core: Core, jobId: string | null, what: string): Promise<void> {
  if (!jobId) throw new Error(`${what} did not start.`);
  const job = await core.jobs.settle(jobId);
  if (job.state !== 'done')
    throw new Error(`${what} ended ${job.state}: ${job.error?.message ?? 'no reason given'}`);
}

/** Why the window check failed, or null when the page loaded with its security settings. */
export function windowProblem(w: WindowCheck): string | null {
  if (!w.loaded) return 'the window did not load the renderer';
  if (!w.contextIsolation || !w.sandbox || w.nodeIntegration)
    return 'the window runs without its security settings';
  if (!w.bridge) return 'the page has no window.loupe bridge';
  return null;
}

/**
 * `Loupe --self-test`: the packaged app proves it works on this machine — a temporary cache,
 * the demo set imported, a search, an export read back, the window's security checked — and
 * reports one JSON line. Nothing touches the user's cache, keychain or files.
 */
export async function runSelfTest(opts: SelfTestOptions): Promise<SelfTestReport> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'loupe-self-test-'));
  const exportPath = join(dir, 'export.jsonl');
  const report: SelfTestReport = {
    self_test: 'failed',
    version: opts.version,
    platform: `${process.platform}-${process.arch}`,
    imported: 0,
    matched: 0,
    exported: 0,
    window: null,
    ms: 0,
  };
  const core = createCore({
    cachePath: join(dir, 'cache.sqlite'),
    version: opts.version,
    platform: {
      pickImportFile: async () => null,
      pickImportFolder: async () => null,
      pickSavePath: async () => exportPath,
      secrets: memorySecretStore(),
    },
    emit: () => {},
    workerScript: opts.workerScript,
    readerScript: opts.readerScript,
  });
  try {
    const demo = await call(core, 'demo:load', { count: opts.demoCount ?? 2_000, seed: 7 });
    await settled(core, demo.job_id, 'The demo import');
    report.imported = (await call(core, 'images:openView', { query: {} })).total;
    if (report.imported !== (opts.demoCount ?? 2_000))
      throw new Error(`imported ${report.imported} demo records of ${opts.demoCount ?? 2_000}`);
    const view = await call(core, 'images:openView', { query: SELF_TEST_QUERY });
    report.matched = view.total;
    if (view.total === 0) throw new Error('the search matched nothing');
    const exp = await call(core, 'export:start', { query: SELF_TEST_QUERY, format: 'jsonl' });
    await settled(core, exp.job_id, 'The export');
    report.exported = readFileSync(exportPath, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0).length;
    if (report.exported !== report.matched)
      throw new Error(`exported ${report.exported} records, the search matched ${report.matched}`);
    if (opts.checkWindow) {
      report.window = await opts.checkWindow();
      const problem = windowProblem(report.window);
      if (problem) throw new Error(problem);
    }
    report.self_test = 'passed';
  } catch (err) {
    report.failure = (err as Error).message;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
    report.ms = Math.round(performance.now() - started);
  }
  return report;
}
