import { getImageDetail } from '../../cache/image-store';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function imageHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'images:openView' | 'images:window' | 'images:get'> {
  return {
    'images:openView': ({ query }) => ctx.views.open(query),
    'images:window': ({ view_id, offset, limit }) => ctx.views.window(view_id, offset, limit),
    'images:get': ({ row_id }) => getImageDetail(ctx.db, ctx.tagNames, row_id),
  };
}
