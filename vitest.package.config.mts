import { defineConfig } from 'vitest/config';

/**
 * Packages the built app (out/, from `npm run build`) with electron-builder into a temporary
 * folder and reads what it holds. Electron's binary cannot be downloaded here, so a stand-in
 * executable takes its place; everything electron-builder adds around it is real.
 */
export default defineConfig({
  test: {
    include: ['electron/**/*.package.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
