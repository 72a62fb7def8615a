import { basename } from 'node:path';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function jobHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'import:pick' | 'demo:load' | 'jobs:list' | 'jobs:cancel'> {
  return {
    'import:pick': async () => {
      const file = await ctx.platform.pickImportFile();
      if (!file) return { job_id: null };
      return { job_id: ctx.jobs.start({ kind: 'import', file }, `Import ${basename(file)}`).id };
    },
    'demo:load': ({ count, seed }) => ({
      job_id: ctx.jobs.start(
        { kind: 'demo', count, seed },
        `Demo data (${count.toLocaleString('en')} images)`,
      ).id,
    }),
    'jobs:list': () => ctx.jobs.list(),
    'jobs:cancel': ({ job_id }) => ({ cancelled: ctx.jobs.cancel(job_id) }),
  };
}
