import { defineConfig } from 'vitest/config';

/**
 * The large fuzz run: `npm run fuzz` (FUZZ_RUNS inputs per channel, 10,000 by default; FUZZ_SEED
 * to replay or vary a run; FUZZ_CHANNELS=a,b for some channels only). It prints its figures per
 * channel and by kind of finding.
 */
export default defineConfig({
  test: {
    include: ['electron/core/ipc/contract.fuzz.test.ts'],
    environment: 'node',
    testTimeout: 6 * 3_600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000', FUZZ_REPORT: '1' },
  },
});
