import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import type { Filter } from '../../shared/query';
import { parseQueryText } from '../../shared/query-language';
import type { Source } from '../../shared/records';
import type { Catalogue, FacetValue, SavedSearch } from '../../shared/search';
import {
  EMPTY_FILTER,
  isFiltering,
  removeAt,
  sameFilter,
  selectedSources,
  sourceClause,
  toggleEnabled,
  toggleNegated,
  toggleValue,
} from './filter-ops';
import { useCatalogue } from './use-catalogue';
import { useFacets, type FacetsState } from './use-facets';
import { useSavedSearches, type SavedSearches } from './use-saved-searches';
import { useSearch, type SearchState } from './use-search';
import { useShortcuts } from './use-shortcuts';

export type Overlay = 'save' | 'palette' | 'help' | null;

export type Workbench = {
  search: SearchState;
  catalogue: Catalogue | null;
  /** Asks for the catalogue again (the search box does on focus). */
  refreshCatalogue: () => void;
  facets: FacetsState;
  expanded: ReadonlySet<string>;
  expand: (facetId: string, open: boolean) => void;
  saved: SavedSearches;
  /** The saved search whose filter the view shows, if any. */
  activeSaved: number | null;
  overlay: Overlay;
  setOverlay: (o: Overlay) => void;
  searchInput: RefObject<HTMLInputElement | null>;
  /** Some enabled chip narrows the view. */
  filtering: boolean;
  chip: {
    toggle: (i: number) => void;
    negate: (i: number) => void;
    remove: (i: number) => void;
    clear: () => void;
  };
  pickFacet: (v: FacetValue, exclude: boolean) => void;
  pickSource: (s: Source, exclude: boolean) => void;
  activeSources: ReadonlySet<number>;
  openSaved: (s: SavedSearch) => void;
  focusSearch: () => void;
  focusTable: () => void;
};

/** The saved search's chips: its stored filter, else its text parsed. */
function savedFilter(s: SavedSearch): Filter {
  if (s.query.filter) return s.query.filter;
  try {
    return parseQueryText(s.text);
  } catch {
    return EMPTY_FILTER;
  }
}

/**
 * Everything search needs in one place: the query (text and chips), facets, the
 * catalogue for type-ahead, saved searches, the overlays (save, palette, keys) and the window's
 * keys. App lays the pieces out; this keeps their state and what they do.
 */
export function useWorkbench(cacheVersion: number, sources: readonly Source[]): Workbench {
  const search = useSearch();
  const { catalogue, refresh: refreshCatalogue } = useCatalogue(cacheVersion);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const facets = useFacets(search.query, cacheVersion, expanded);
  const saved = useSavedSearches(cacheVersion);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const { filter, applyFilter } = search;

  const expand = useCallback((id: string, open: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const focusSearch = useCallback(() => {
    searchInput.current?.focus();
    searchInput.current?.select();
  }, []);
  const focusTable = useCallback(() => {
    document.querySelector<HTMLElement>('[data-testid="image-grid"]')?.focus({ preventScroll: true });
  }, []);

  useShortcuts({
    focusSearch,
    palette: () => setOverlay((o) => (o === 'palette' ? null : 'palette')),
    help: () => setOverlay((o) => (o === 'help' ? null : 'help')),
  });

  const chip = useMemo(
    () => ({
      toggle: (i: number) => applyFilter(toggleEnabled(filter, i)),
      negate: (i: number) => applyFilter(toggleNegated(filter, i)),
      remove: (i: number) => applyFilter(removeAt(filter, i)),
      clear: () => applyFilter(EMPTY_FILTER),
    }),
    [filter, applyFilter],
  );

  const pickFacet = useCallback(
    (v: FacetValue, exclude: boolean) => applyFilter(toggleValue(filter, v.clause, exclude)),
    [filter, applyFilter],
  );
  const pickSource = useCallback(
    (s: Source, exclude: boolean) => applyFilter(toggleValue(filter, sourceClause(s, sources), exclude)),
    [filter, applyFilter, sources],
  );
  const activeSources = useMemo(() => selectedSources(filter, sources), [filter, sources]);

  const { setSort } = search;
  const restoreColumns = search.columns.restore;
  const openSaved = useCallback(
    (s: SavedSearch) => {
      applyFilter(savedFilter(s));
      const first = s.query.sort[0];
      if (first) setSort(first);
      if (s.query.columns) restoreColumns({ columns: s.query.columns, layout: s.query.layout ?? {} });
    },
    [applyFilter, setSort, restoreColumns],
  );
  const activeSaved =
    saved.list.find((s) => filter.children.length > 0 && sameFilter(savedFilter(s), filter))?.id ?? null;

  return {
    search,
    catalogue,
    refreshCatalogue,
    facets,
    expanded,
    expand,
    saved,
    activeSaved,
    overlay,
    setOverlay,
    searchInput,
    filtering: isFiltering(filter),
    chip,
    pickFacet,
    pickSource,
    activeSources,
    openSaved,
    focusSearch,
    focusTable,
  };
}
