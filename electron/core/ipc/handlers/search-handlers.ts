import { getCatalogue } from '../../cache/catalogue';
import { FacetService } from '../../cache/facet-service';
import { deleteSavedSearch, listSavedSearches, saveSearch } from '../../cache/saved-searches';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

/** Search: facets, the catalogue for type-ahead, saved searches. Logic lives in cache/. */
export function searchHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'facets:get' | 'search:catalogue' | 'searches:list' | 'searches:save' | 'searches:delete'> {
  const facets = new FacetService(ctx.db, (key) => ctx.emit('facets:ready', { key }));
  return {
    'facets:get': ({ query, facets: ids, limit }) => facets.get(query, ids, limit),
    'search:catalogue': () => getCatalogue(ctx.db),
    'searches:list': () => listSavedSearches(ctx.db),
    'searches:save': (req) => saveSearch(ctx.db, req),
    'searches:delete': ({ id }) => ({ deleted: deleteSavedSearch(ctx.db, id) }),
  };
}
