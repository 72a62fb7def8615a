/** The run with the highest score. */
export function best<T>(runs: readonly T[], score: (r: T) => number): T {
  const first = runs[0];
  if (first === undefined) throw new Error('no runs');
  return runs.reduce((a, r) => (score(r) > score(a) ? r : a), first);
}

export function max<T>(runs: readonly T[], value: (r: T) => number): number {
  return Math.max(...runs.map(value));
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
