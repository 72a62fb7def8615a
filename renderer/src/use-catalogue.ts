import { useCallback, useEffect, useRef, useState } from 'react';
import type { Catalogue } from '../../shared/search';
import { call, on } from './api';

/** Asking again on focus at most this often (a small query over small tables). */
const REFRESH_MS = 200;

/**
 * Fields, meta keys, tag names, dataset paths and sources for type-ahead; reloaded when the
 * cache changes and when the search box takes focus (tag names come from whole-cache counts
 * that trail a fresh import by a moment).
 */
export function useCatalogue(cacheVersion: number): { catalogue: Catalogue | null; refresh: () => void } {
  const [cat, setCat] = useState<Catalogue | null>(null);
  const [asked, setAsked] = useState(0);
  const last = useRef(0);
  useEffect(() => {
    let live = true;
    last.current = Date.now();
    call('search:catalogue', {}).then(
      (c) => live && setCat(c),
      () => undefined, // type-ahead is a convenience: without it the box still takes the language
    );
    return () => {
      live = false;
    };
  }, [cacheVersion, asked]);
  const refresh = useCallback(() => {
    if (Date.now() - last.current >= REFRESH_MS) setAsked((n) => n + 1);
  }, []);
  // Deferred facet counts landing may mean fresh whole-cache counts, tag names among them.
  useEffect(() => on('facets:ready', refresh), [refresh]);
  return { catalogue: cat, refresh };
}
