import { useCallback, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import type { Filter, Query, Sort } from '../../shared/query';
import { formatFilter } from '../../shared/query-language';
import { EMPTY_FILTER, sameFilter } from './filter-ops';
import { parseText, type QueryTextError } from './query-text';
import { useDebouncedValue } from './use-debounced-value';
import { useColumnLayout, type ColumnLayoutState } from './use-column-layout';
import { serializeLayout } from './column-layout';

const SEARCH_DEBOUNCE_MS = 200;
const DEFAULT_SORT: Sort = { key: 'name', dir: 'asc' };

export type SearchState = {
  /** What the search box holds, as typed. */
  text: string;
  setText: (text: string) => void;
  /** Applies the text now (Enter) instead of after the typing pause. */
  commit: () => void;
  /** The chips: the last text that parsed, or what the chips and facets made. */
  filter: Filter;
  /** Replaces the chips, and the search box shows them as text. */
  applyFilter: (filter: Filter) => void;
  error: QueryTextError | null;
  sort: Sort;
  setSort: Dispatch<SetStateAction<Sort>>;
  /** What the table, the count, the facets and exports are asked for. */
  query: Query;
  /** The box holds text not yet applied. */
  pending: boolean;
  /** The table's columns: the query asks for their values, a saved search keeps the layout. */
  columns: ColumnLayoutState;
  /** The query with the column layout, as a saved search keeps it. */
  savable: Query;
};

/**
 * The one search value behind two views: the text language in the search box and the
 * chips. Typing parses (after a pause) into the chips; chips and facet clicks rewrite the text in
 * its canonical form. Text that does not parse keeps the last good chips and reports where it
 * went wrong. An equal filter never reopens the view (the table keeps its scroll).
 */
export function useSearch(): SearchState {
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<Filter>(EMPTY_FILTER);
  const [error, setError] = useState<QueryTextError | null>(null);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const settled = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);

  const applyText = useCallback((t: string) => {
    const r = parseText(t);
    if (r.ok) {
      setError(null);
      setFilter((prev) => (sameFilter(prev, r.filter) ? prev : r.filter));
    } else {
      setError(r.error);
    }
  }, []);

  // The text settled after a pause: apply it (state adjusted during render, not in an effect).
  const [applied, setApplied] = useState(settled);
  if (applied !== settled) {
    setApplied(settled);
    applyText(settled);
  }

  const commit = useCallback(() => applyText(text), [applyText, text]);

  const applyFilter = useCallback((f: Filter) => {
    setError(null);
    setFilter((prev) => (sameFilter(prev, f) ? prev : f));
    setText(formatFilter(f));
  }, []);

  const columns = useColumnLayout();
  const visible = columns.layout.columns;
  // As the contract asks of the chips UI: the filter, with `text` empty (the core ANDs both).
  // Widths and pins stay out of it: resizing a column must not reopen the view.
  const query = useMemo<Query>(() => ({ text: '', filter, sort: [sort], columns: visible }), [filter, sort, visible]);
  const savable = useMemo<Query>(() => ({ ...query, ...serializeLayout(columns.layout) }), [query, columns.layout]);
  return { text, setText, commit, filter, applyFilter, error, sort, setSort, query, pending: text !== settled, columns, savable };
}
