import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BULK_WRITER, openCache } from '../../electron/core/cache/open-cache';
import { importFile } from '../../electron/core/import/import-file';
import { JobManager } from '../../electron/core/jobs/job-manager';
import { NODE_WORKER } from '../../test-support/core-fixture';
import { demoFile } from '../lib/demo-data';
import { percentile, round } from '../lib/stats';
import type { BenchCase, Json, SideResult, SideRun } from '../lib/types';

type Params = { file: string; scale: number };

/**
 * Watches the main thread while a whole import runs: the event loop's delay (what a user feels
 * as a frozen window) and, every 20 ms, a read on the browse connection like the UI makes.
 */
async function watchWhile(cachePath: string, work: () => Promise<void>): Promise<SideResult> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const reader = openCache(cachePath);
  const lags: number[] = [];
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - 20));
    last = now;
    reader.prepare('SELECT count(*) FROM sources').pluck().get();
  }, 20);
  histogram.enable();
  const t0 = performance.now();
  try {
    await work();
  } finally {
    histogram.disable();
    clearInterval(tick);
    reader.close();
  }
  return {
    seconds: (performance.now() - t0) / 1000,
    rows: lags.length,
    latencies_ms: lags,
    extra: { loop_max_ms: histogram.max / 1e6, loop_p99_ms: histogram.percentile(99) / 1e6 },
  };
}

async function run(side: 'ours' | 'baseline', { file }: Params): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-el-'));
  const cachePath = join(dir, 'cache.sqlite');
  openCache(cachePath).close();
  try {
    if (side === 'ours') {
      // The app's way: a job in a worker thread with its own connection.
      return await watchWhile(cachePath, async () => {
        const jobs = new JobManager(cachePath, NODE_WORKER, () => {}, () => {});
        const job = jobs.start({ kind: 'import', path: file, skipBad: false }, 'bench');
        const done = await jobs.settle(job.id);
        await jobs.close();
        if (done.state !== 'done') throw new Error(`import ${done.state}: ${done.error?.message}`);
      });
    }
    // Baseline: the same import on the main thread, as a naive app would run it.
    return await watchWhile(cachePath, async () => {
      const db = openCache(cachePath, BULK_WRITER);
      await importFile(db, file);
      db.close();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loopMax = (r: SideRun) => r.extra?.loop_max_ms ?? NaN;

export const elEventLoop: BenchCase = {
  id: 'EL',
  title: "main thread's event-loop delay during an import (max < 50 ms)",
  kind: 'latency',
  defaultScale: 1_000_000,
  targets: {},
  async prepare(scale, log) {
    return { params: { file: await demoFile(scale, 42, log), scale } satisfies Params as Json };
  },
  run(side, params) {
    return run(side, params as Params);
  },
  summarise(ours, baseline) {
    const o = ours.reduce((a, r) => (loopMax(r) < loopMax(a) ? r : a));
    const b = baseline.reduce((a, r) => (loopMax(r) < loopMax(a) ? r : a));
    return {
      ratio: round(loopMax(b) / loopMax(o), 1),
      max_ms: round(loopMax(o), 1),
      p99_ms: round(o.extra?.loop_p99_ms ?? NaN, 1),
      read_lag_p99_ms: round(percentile(o.latencies_ms ?? [], 99), 1),
      baseline_max_ms: round(loopMax(b), 1),
      seconds: round(o.seconds, 1),
      rss_mb: Math.round(o.rss_mb),
    };
  },
  columns: [
    { title: 'ratio', keys: ['ratio'] },
    { title: 'max ms', keys: ['max_ms'] },
    { title: 'p99 ms', keys: ['p99_ms'] },
    { title: 'UI read lag p99 ms', keys: ['read_lag_p99_ms'] },
    { title: 'baseline max ms', keys: ['baseline_max_ms'] },
    { title: 'import s', keys: ['seconds'] },
  ],
};
