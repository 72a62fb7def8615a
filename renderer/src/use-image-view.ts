import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Query } from '../../shared/query';
import { ViewPager, type ViewSnapshot } from './view-pager';

/**
 * One ViewPager for the window's lifetime: opens a view whenever the query changes and
 * refreshes it (same query, rows kept on screen) whenever `cacheVersion` bumps.
 */
export function useImageView(
  query: Query,
  cacheVersion: number,
): { pager: ViewPager; snapshot: ViewSnapshot } {
  const [pager] = useState(() => new ViewPager());
  const snapshot = useSyncExternalStore(pager.subscribe, pager.getSnapshot);
  useEffect(() => {
    void pager.open(query);
  }, [pager, query]);
  const seenVersion = useRef(cacheVersion);
  useEffect(() => {
    if (cacheVersion === seenVersion.current) return;
    seenVersion.current = cacheVersion;
    void pager.refresh();
  }, [pager, cacheVersion]);
  return { pager, snapshot };
}
