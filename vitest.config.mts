import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'bench/**/*.test.ts',
      'renderer/**/*.test.ts',
    ],
    // Long-running safety tests (crash, chaos) run on their own (npm run test:slow), and so does
    // packaging, which needs the built app (npm run test:package).
    exclude: ['**/node_modules/**', '**/*.slow.test.ts', '**/*.package.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
