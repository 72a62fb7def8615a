import { useEffect, useMemo, useState } from 'react';
import type { FacetsResponse } from '../../shared/search';
import type { AppError } from '../../shared/errors';
import type { CheckSummary } from '../../shared/quality-checks';
import type { Query } from '../../shared/query';
import type { Facet } from '../../shared/search';
import { STANDARD_HISTOGRAM_IDS, type Histogram, type HistogramId } from '../../shared/stats';
import { asAppError, call, on } from './api';

/** The top-N bars of the panel: facets the core already counts (exact, with their chips). */
export const TOP_FACETS = ['dataset', 'tag', 'author', 'mime', 'ext'] as const;
const TOP_N = 8;

export type StatsState = {
  histograms: Histogram[] | null;
  top: Facet[] | null;
  checks: CheckSummary | null;
  /** Newer answers are on their way: what is shown belongs to the previous query. */
  loading: boolean;
  error: AppError | null;
};

/**
 * Asks `ask()` once per `round` (a new object whenever its inputs change); an older round's
 * answer stays shown until the new one arrives, and is never taken for it.
 */
function useAnswer<T>(round: object, ask: () => Promise<T>): { value: T | null; fresh: boolean; error: AppError | null } {
  const [got, setGot] = useState<{ round: object; value: T | null; error: AppError | null } | null>(null);
  useEffect(() => {
    let live = true;
    ask().then(
      (value) => live && setGot({ round, value, error: null }),
      (err: unknown) => {
        const e = asAppError(err);
        // A newer call in the same lane took this one's place: its answer is coming.
        if (live && e.code !== 'CANCELLED') setGot({ round, value: null, error: e });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `round` stands for the inputs
  }, [round]);
  return { value: got?.value ?? null, fresh: got?.round === round, error: got?.round === round ? got.error : null };
}

/**
 * The stats panel's data for the query: histograms (one reader call), top-N bars (facets:get,
 * so #18's faster facets serve the panel too) and the quality checks' counts. Each in its own
 * lane: a newer query supersedes the older calls, which stop and never show.
 */
export function useStats(query: Query, cacheVersion: number, metaKey: { key: string; numeric: boolean } | null): StatsState {
  const ids: HistogramId[] = useMemo(
    () => [...STANDARD_HISTOGRAM_IDS, ...(metaKey?.numeric ? [`meta:${metaKey.key}` as const] : [])],
    [metaKey],
  );
  const facets = useMemo(() => [...TOP_FACETS, ...(metaKey && !metaKey.numeric ? [`meta:${metaKey.key}`] : [])], [metaKey]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new round whenever these change
  const hRound = useMemo(() => ({}), [query, cacheVersion, ids]);
  // Facets too slow for the interactive budget come back "counting": asked again when ready.
  const [recount, setRecount] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- likewise
  const tRound = useMemo(() => ({}), [query, cacheVersion, facets, recount]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- likewise
  const cRound = useMemo(() => ({}), [query, cacheVersion]);
  const histograms = useAnswer(hRound, () => call('stats:histograms', { query, histograms: ids, lane: 'stats:histograms' }));
  const top = useAnswer(tRound, () => call('facets:get', { query, facets, limit: TOP_N, lane: 'stats:top' }));
  const checks = useAnswer(cRound, () => call('checks:summary', { query, lane: 'stats:checks' }));
  const counting = useCounting(top.fresh ? top.value : null, () => setRecount((n) => n + 1));
  return {
    histograms: histograms.value,
    top: top.value?.facets ?? null,
    checks: checks.value,
    loading: !histograms.fresh || !top.fresh || !checks.fresh || counting,
    error: histograms.error ?? top.error ?? checks.error,
  };
}

/** Fallback for a `facets:ready` that overtook its answer: ask again after this long. */
const RECOUNT_MS = 1500;

/** Whether `r` has facets still counting; `again()` once the core says they are ready. */
function useCounting(r: FacetsResponse | null, again: () => void): boolean {
  const counting = r?.facets.some((f) => f.status === 'counting') ?? false;
  const key = r?.key;
  useEffect(() => {
    if (!counting || key === undefined) return;
    let done = false;
    const once = () => {
      if (!done) again();
      done = true;
    };
    const off = on('facets:ready', (e) => e.key === key && once());
    const timer = setTimeout(once, RECOUNT_MS);
    return () => {
      off();
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `again` is a fresh closure each render
  }, [counting, key]);
  return counting;
}
