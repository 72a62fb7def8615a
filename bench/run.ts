/**
 * Benchmark harness: `npm run bench -- CASE… [--scale N] [--runs N] [--no-record]
 * [--cpu-prof DIR] [--clean]`. Prints one JSON line per case on stdout, logs to stderr, and
 * appends a dated row per case to BENCHMARKS.md.
 */
import { join } from 'node:path';
import { CASES } from './cases';
import { clearDataCache, DATA_CACHE, REPO_ROOT } from './lib/demo-data';
import { machineInfo } from './lib/machine';
import { appendResult } from './lib/report';
import { runSide } from './lib/run-side';
import type { BenchCase, Side, SideRun } from './lib/types';

type Args = {
  cases: BenchCase[];
  scale?: number;
  /** --runs N; else the case's default. */
  runs?: number;
  record: boolean;
  cpuProfDir?: string;
  clean: boolean;
};

const log = (msg: string) => process.stderr.write(`${msg}\n`);

const USAGE = `usage: npm run bench -- CASE… [--scale N] [--runs N] [--no-record] [--cpu-prof DIR] [--clean]
cases: ${[...CASES.values()].map((c) => `${c.id} (${c.title})`).join('; ')}`;

/** "100000", "100k", "1M", "1e6". */
function parseCount(flag: string, text: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(text ?? '');
  const n = m ? Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2] as string) ? 1e3 : 1e6) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} needs a positive whole number\n${USAGE}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { cases: [], record: true, clean: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--scale') args.scale = parseCount(a, argv[++i]);
    else if (a === '--runs') args.runs = Math.max(2, parseCount(a, argv[++i]));
    else if (a === '--no-record') args.record = false;
    else if (a === '--clean') args.clean = true;
    else if (a === '--cpu-prof') args.cpuProfDir = argv[++i];
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else {
      const c = CASES.get(a.toUpperCase());
      if (!c) throw new Error(`unknown case "${a}"\n${USAGE}`);
      args.cases.push(c);
    }
  }
  if (args.cases.length === 0 && !args.clean) throw new Error(USAGE);
  return args;
}

function describe(r: SideRun, start: number): string {
  const rate = Math.round(r.rows / r.seconds).toLocaleString('en');
  return `${r.side.padEnd(8)} run ${r.run}: ${r.seconds.toFixed(2)} s, ${rate} rows/s, peak RSS ${r.rss_mb.toFixed(0)} MiB (${start.toFixed(0)} at start)`;
}

async function runCase(c: BenchCase, args: Args): Promise<Record<string, unknown>> {
  const scale = args.scale ?? c.defaultScale;
  const runCount = args.runs ?? c.defaultRuns ?? 2;
  const machine = machineInfo();
  log(
    `${c.id}: ${c.title}, scale ${scale.toLocaleString('en')}, ${runCount} runs per side, load ${machine.load_1m}`,
  );
  const prepared = await c.prepare(scale, log);
  const runs: Record<Side, SideRun[]> = { ours: [], baseline: [] };
  try {
    // Alternate the sides so drift (thermal, page cache, other load) hits both alike.
    for (let run = 1; run <= runCount; run++) {
      for (const side of c.sides ?? (['ours', 'baseline'] as const)) {
        const prof = args.cpuProfDir
          ? {
              cpuProfDir: args.cpuProfDir,
              cpuProfName: `${c.id}-${scale}-${side}-${run}.cpuprofile`,
            }
          : {};
        const r = await runSide(c.id, side, prepared.params, prof);
        const sideRun: SideRun = { ...r.result, side, run, rss_mb: r.rss_mb };
        runs[side].push(sideRun);
        log(describe(sideRun, r.start_rss_mb));
      }
    }
  } finally {
    prepared.cleanup?.();
  }
  const figures = c.summarise(runs.ours, runs.baseline);
  const out: Record<string, unknown> = {
    case: c.id,
    scale,
    ...figures,
    runs: runCount,
    load_1m: machine.load_1m,
  };
  if (c.targets) {
    const { ratio, rss_mb } = c.targets;
    const meets =
      (ratio === undefined || (figures.ratio ?? 0) >= ratio) &&
      (rss_mb === undefined || (figures.rss_mb ?? Infinity) < rss_mb);
    Object.assign(out, { target_ratio: ratio, target_rss_mb: rss_mb, meets_targets: meets });
  }
  if (args.record) appendResult(join(REPO_ROOT, 'BENCHMARKS.md'), c, machine, scale, figures);
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.clean) {
    clearDataCache();
    log(`removed ${DATA_CACHE}`);
  }
  for (const c of args.cases) {
    process.stdout.write(`${JSON.stringify(await runCase(c, args))}\n`);
  }
}

main().catch((err: unknown) => {
  // A usage error is the user's to fix: its message says all; anything else gets its stack.
  const usage = err instanceof Error && err.message.includes('usage: ');
  log(usage ? (err as Error).message : String((err as Error)?.stack ?? err));
  process.exitCode = 1;
});
