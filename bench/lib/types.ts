/** Plain JSON, so parameters and results can cross into a child process and back. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What one side (ours or the baseline) measured in one run, in its own process. */
export type SideResult = {
  seconds: number;
  rows: number;
  /** Per-operation latencies for latency cases; omitted by throughput cases. */
  latencies_ms?: number[];
  /** Case-specific raw figures (e.g. time spent building indexes). */
  extra?: Record<string, number>;
};

/** A SideResult plus the child's peak RSS, as the parent receives it. */
export type SideRun = SideResult & { side: Side; run: number; rss_mb: number };

export type Side = 'ours' | 'baseline';

export type Logger = (msg: string) => void;

/** What prepare() hands to every run: parameters for the child, and how to clean up after. */
export type Prepared = { params: Json; cleanup?: () => void };

/** One column of a case's table in BENCHMARKS.md: summary figures, several joined by " / ". */
export type Column = { title: string; keys: readonly string[] };

/**
 * A benchmark case. prepare() runs in the harness process (data generation, caching); run()
 * runs in a fresh child process per side and run, so each side's peak RSS is its own;
 * summarise() turns all runs into the figures printed as JSON and written to BENCHMARKS.md.
 */
export type BenchCase = {
  id: string;
  title: string;
  /** What ratio means: throughput is ours ÷ baseline, latency is baseline ÷ ours. */
  kind: 'throughput' | 'latency';
  defaultScale: number;
  /** Targets from the issue, reported alongside the figures. */
  targets?: { ratio?: number; rss_mb?: number };
  /** The sides it runs; a case with absolute targets and no baseline runs only 'ours'. */
  sides?: readonly Side[];
  /** Runs per side without --runs (default 2). */
  defaultRuns?: number;
  prepare(scale: number, log: Logger): Promise<Prepared>;
  run(side: Side, params: Json, log: Logger): Promise<SideResult>;
  summarise(ours: SideRun[], baseline: SideRun[]): Record<string, number>;
  columns: Column[];
};
