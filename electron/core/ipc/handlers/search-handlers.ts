import { deleteSavedSearch, listSavedSearches, saveSearch } from '../../cache/saved-searches';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

/** Search: facets, the catalogue for type-ahead, quality checks and histograms (on the readers), saved searches. */
export function searchHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'facets:get' | 'search:catalogue' | 'checks:summary' | 'stats:histograms' | 'searches:list' | 'searches:save' | 'searches:delete'> {
  return {
    'facets:get': (input) => ctx.reads.call('facets:get', input, input.lane),
    'search:catalogue': (input) => ctx.reads.call('search:catalogue', input),
    'checks:summary': (input) => ctx.reads.call('checks:summary', input, input.lane),
    'stats:histograms': (input) => ctx.reads.call('stats:histograms', input, input.lane),
    'searches:list': () => listSavedSearches(ctx.db),
    'searches:save': (req) => saveSearch(ctx.db, req),
    'searches:delete': ({ id }) => ({ deleted: deleteSavedSearch(ctx.db, id) }),
  };
}
