import { best, max, round } from './stats';
import type { SideRun } from './types';

export const rowsPerS = (r: SideRun) => r.rows / r.seconds;

/**
 * The figures every import benchmark reports: the best run of each side by rows per second,
 * their ratio, rates, peak RSS and times. Returns the best runs too, for case-specific extras.
 */
export function throughputSummary(ours: readonly SideRun[], baseline: readonly SideRun[]) {
  const o = best(ours, rowsPerS);
  const b = best(baseline, rowsPerS);
  return {
    o,
    b,
    figures: {
      ratio: round(rowsPerS(o) / rowsPerS(b), 3),
      rows_per_s: Math.round(rowsPerS(o)),
      baseline_rows_per_s: Math.round(rowsPerS(b)),
      rss_mb: Math.round(max(ours, (r) => r.rss_mb)),
      baseline_rss_mb: Math.round(max(baseline, (r) => r.rss_mb)),
      seconds: round(o.seconds, 2),
      baseline_seconds: round(b.seconds, 2),
    },
  };
}
