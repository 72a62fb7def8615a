import { describe, expect, it } from 'vitest';
import { NODE_READER, NODE_WORKER } from '../../../test-support/core-fixture';
import { runSelfTest, windowProblem, type WindowCheck } from './self-test';

const good: WindowCheck = {
  loaded: true,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  bridge: true,
};

describe('self-test', () => {
  it('imports the demo set, searches, exports, reads the export back and passes', async () => {
    const report = await runSelfTest({
      version: '1.2.3',
      workerScript: NODE_WORKER,
      readerScript: NODE_READER,
      demoCount: 500,
      checkWindow: async () => good,
    });
    expect(report.failure).toBeUndefined();
    expect(report).toMatchObject({
      self_test: 'passed',
      version: '1.2.3',
      imported: 500,
      window: good,
    });
    expect(report.matched).toBeGreaterThan(0);
    expect(report.matched).toBeLessThan(500);
    expect(report.exported).toBe(report.matched);
    // One JSON line is what the release pipeline reads.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('refuses a window without its security settings, an unloaded page or a missing bridge', () => {
    expect(windowProblem(good)).toBeNull();
    expect(windowProblem({ ...good, sandbox: false })).toMatch(/security settings/);
    expect(windowProblem({ ...good, contextIsolation: false })).toMatch(/security settings/);
    expect(windowProblem({ ...good, nodeIntegration: true })).toMatch(/security settings/);
    expect(windowProblem({ ...good, loaded: false })).toMatch(/did not load/);
    expect(windowProblem({ ...good, bridge: false })).toMatch(/bridge/);
  });

  it('fails, saying why, when a step breaks (here the job worker cannot start)', async () => {
    const report = await runSelfTest({
      version: '1.2.3',
      workerScript: { path: '/nonexistent/job-worker.js' },
      readerScript: NODE_READER,
      demoCount: 200,
    });
    expect(report.self_test).toBe('failed');
    expect(report.failure).toMatch(/demo import/i);
  });
});
