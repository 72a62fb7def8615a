import { useCallback, useEffect, useState } from 'react';
import type { Query } from '../../shared/query';
import type { SavedSearch } from '../../shared/search';
import { call } from './api';

export type SavedSearches = {
  list: SavedSearch[];
  /** Saves the query as a live search or a snapshot; throws (LoupeError) when the name is taken. */
  save: (name: string, kind: SavedSearch['kind'], query: Query, overwrite: boolean) => Promise<SavedSearch>;
  remove: (id: number) => Promise<void>;
};

/** The saved searches, newest first, reloaded after every change and cache change. */
export function useSavedSearches(cacheVersion: number): SavedSearches {
  const [list, setList] = useState<SavedSearch[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    call('searches:list', {}).then(
      (l) => live && setList(l),
      () => undefined, // the section then shows what it had
    );
    return () => {
      live = false;
    };
  }, [cacheVersion, version]);

  const save = useCallback(async (name: string, kind: SavedSearch['kind'], query: Query, overwrite: boolean) => {
    const saved = await call('searches:save', { name, kind, query, overwrite });
    setVersion((v) => v + 1);
    return saved;
  }, []);
  const remove = useCallback(async (id: number) => {
    await call('searches:delete', { id });
    setVersion((v) => v + 1);
  }, []);
  return { list, save, remove };
}
