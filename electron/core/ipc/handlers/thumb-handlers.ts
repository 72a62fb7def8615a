import { queryText } from '../../../../shared/export';
import type { CoreContext } from '../../core-context';
import { listAccounts, secretKey } from '../../sync/accounts';
import type { Handlers } from '../dispatch';

export function thumbHandlers(ctx: CoreContext): Pick<Handlers, 'thumbs:make'> {
  return {
    'thumbs:make': async ({ query }) => {
      const text = queryText(query);
      // Server records are fetched in the job's thread with the tokens it is handed, in memory
      // like a sync's; an account without a token counts its records as without pixels.
      const tokens: Record<number, string> = {};
      for (const a of listAccounts(ctx.db)) {
        const token = await ctx.platform.secrets.get(secretKey(a));
        if (token) tokens[a.source_id] = token;
      }
      return { job_id: ctx.jobs.start({ kind: 'thumbnails', query, tokens }, text ? `Thumbnails: ${text}` : 'Thumbnails').id };
    },
  };
}
