import { spawnSync } from 'node:child_process';

/**
 * `npm run chaos -- --seed S --runs N`: the chaos test with a chosen seed and number of runs
 * (25 per world), so a failure found anywhere can be replayed and a long hunt run at will.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const env = { ...process.env };
const seed = arg('seed');
const runs = arg('runs');
const world = arg('world');
if (seed !== undefined) env.CHAOS_SEED = String(Number(seed));
if (runs !== undefined) env.CHAOS_RUNS = String(Number(runs));
if (world !== undefined) env.CHAOS_WORLD = String(Number(world));
const out = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.slow.config.mts', 'electron/core/sync/chaos.slow.test.ts'], { stdio: 'inherit', env });
process.exit(out.status ?? 1);
