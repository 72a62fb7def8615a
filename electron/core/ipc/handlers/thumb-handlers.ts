import { queryText } from '../../../../shared/export';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function thumbHandlers(ctx: CoreContext): Pick<Handlers, 'thumbs:make'> {
  return {
    'thumbs:make': async ({ query }) => {
      const text = queryText(query);
      return { job_id: ctx.jobs.start({ kind: 'thumbnails', query }, text ? `Thumbnails: ${text}` : 'Thumbnails').id };
    },
  };
}
