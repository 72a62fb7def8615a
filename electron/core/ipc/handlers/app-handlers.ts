import { fileBytes } from '../../cache/cache-files';
import { cacheTotals } from '../../cache/image-store';
import { listSources } from '../../cache/source-store';
import { LoupeError } from '../../../../shared/errors';
import { getAccount, secretKey } from '../../sync/accounts';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function appHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'app:info' | 'sources:list' | 'sources:remove'> {
  return {
    'app:info': () => ({
      version: ctx.version,
      cache_path: ctx.cachePath,
      cache_bytes: fileBytes(ctx.cachePath),
      ...cacheTotals(ctx.db),
    }),
    'sources:list': () => listSources(ctx.db),
    'sources:remove': async ({ source_id }) => {
      const source = listSources(ctx.db).find((s) => s.id === source_id);
      if (!source) throw new LoupeError('NOT_FOUND', `Source ${source_id} is not in the cache.`);
      // A server account's token goes first: removing the account must not leave it in the
      // keychain (if the removal then fails, reconnecting asks for the token again).
      if (source.kind === 'server') await ctx.platform.secrets.delete(secretKey(getAccount(ctx.db, source_id)));
      const job = ctx.jobs.start({ kind: 'remove-source', sourceId: source_id }, `Remove ${source.label}`);
      return { job_id: job.id };
    },
  };
}
