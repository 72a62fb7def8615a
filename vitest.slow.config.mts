import { defineConfig } from 'vitest/config';

/** The long safety tests: SIGKILL during imports, chaos runs against the fake server. */
export default defineConfig({
  test: {
    include: ['electron/**/*.slow.test.ts'],
    environment: 'node',
    testTimeout: 2_400_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One at a time: each spawns processes of its own and measures nothing but correctness.
    fileParallelism: false,
  },
});
