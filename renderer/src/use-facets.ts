import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppError } from '../../shared/errors';
import type { Query } from '../../shared/query';
import type { Facet, FacetsResponse } from '../../shared/search';
import { asAppError, call, on } from './api';

/** Values a facet lists at first, and once the user asks for more. */
export const FACET_LIMIT = 10;
export const FACET_MORE_LIMIT = 100;

export type FacetsState = {
  /** The panel's facets, in the core's order; a facet the user expanded carries its longer list. */
  facets: Facet[] | null;
  /** Matches under the query, as the facets counted them. */
  total: number | null;
  /** A newer answer is on its way (the shown counts belong to the previous query). */
  loading: boolean;
  error: AppError | null;
  /** How far the panel's facets still counting have got (0–1), once the core has said. */
  progress: number | null;
};

type Request = { facets?: string[]; limit: number };
/** An answer, tagged with the request round it belongs to. */
type Tagged<T> = { round: object; value: T };

/**
 * Facet counts for the query. Slow facets come back "counting"; when the core says
 * their counts are ready (`facets:ready` with the response's key) the same request is asked
 * again. Expanded facets are asked for separately with a longer list.
 */
export function useFacets(query: Query, cacheVersion: number, expanded: ReadonlySet<string>): FacetsState {
  const expandedKey = [...expanded].sort().join('\u0000');
  // One "round" per query and cache version: answers from older rounds are shown (dimmed) until
  // the new ones arrive, and never mixed with them.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new identity whenever these change
  const round = useMemo(() => ({}), [query, cacheVersion]);
  const [main, setMain] = useState<Tagged<FacetsResponse> | null>(null);
  const [more, setMore] = useState<Tagged<ReadonlyMap<string, Facet>> | null>(null);
  const [error, setError] = useState<Tagged<AppError> | null>(null);
  const [progress, setProgress] = useState<Tagged<{ key: string; fraction: number }> | null>(null);
  // Response key → how to ask again, for the requests of the current round.
  const retry = useRef(new Map<string, () => void>());

  useEffect(() => {
    let live = true;
    retry.current = new Map();
    // A `facets:ready` can overtake the answer that carries its key: remember the keys seen.
    const ready = new Set<string>();
    const ask = (req: Request, onAnswer: (r: FacetsResponse) => void) => {
      const run = () => {
        // One lane per request shape: a newer query's panel supersedes the older one's.
        call('facets:get', { query, ...req, lane: `facets:${req.facets?.join(',') ?? ''}:${req.limit}` }).then(
          (r) => {
            if (!live) return;
            retry.current.delete(r.key);
            onAnswer(r);
            if (r.facets.some((f) => f.status === 'counting')) {
              if (ready.delete(r.key)) run();
              else retry.current.set(r.key, run);
            }
          },
          (err: unknown) => live && setError({ round, value: asAppError(err) }),
        );
      };
      run();
    };
    ask({ limit: FACET_LIMIT }, (r) => setMain({ round, value: r }));
    const ids = expandedKey === '' ? [] : expandedKey.split('\u0000');
    for (const id of ids) {
      ask({ facets: [id], limit: FACET_MORE_LIMIT }, (r) => {
        const f = r.facets[0];
        if (!f) return;
        setMore((prev) => ({
          round,
          value: new Map(prev?.round === round ? prev.value : []).set(id, f),
        }));
      });
    }
    const offProgress = on('facets:progress', ({ key, fraction }) => {
      if (live) setProgress({ round, value: { key, fraction } });
    });
    const off = on('facets:ready', ({ key }) => {
      const again = retry.current.get(key);
      if (again) {
        retry.current.delete(key);
        again();
      } else if (ready.size < 100) ready.add(key);
    });
    return () => {
      live = false;
      off();
      offProgress();
    };
  }, [query, round, expandedKey]);

  const long = more?.round === round ? more.value : null;
  const facets =
    main?.value.facets.map((f) => {
      const l = expanded.has(f.id) ? long?.get(f.id) : undefined;
      return l && l.status === 'done' ? l : f;
    }) ?? null;
  return {
    facets,
    total: main?.value.total ?? null,
    loading: main?.round !== round && error?.round !== round,
    error: error?.round === round ? error.value : null,
    progress:
      progress?.round === round && main?.round === round && progress.value.key === main.value.key
        ? progress.value.fraction
        : null,
  };
}
