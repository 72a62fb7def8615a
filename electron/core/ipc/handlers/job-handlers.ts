import { basename, isAbsolute } from 'node:path';
import { existsSync } from 'node:fs';
import { LoupeError } from '../../../../shared/errors';
import type { CoreContext } from '../../core-context';
import { writeProblemReport } from '../../import/problem-report';
import type { Handlers } from '../dispatch';

function startImport(ctx: CoreContext, path: string, skipBad: boolean): string {
  return ctx.jobs.start({ kind: 'import', path, skipBad }, `Import ${basename(path)}`).id;
}

export function jobHandlers(
  ctx: CoreContext,
): Pick<
  Handlers,
  'import:pick' | 'import:paths' | 'demo:load' | 'jobs:list' | 'jobs:cancel' | 'jobs:saveReport'
> {
  return {
    'import:pick': async ({ what, skip_bad }) => {
      const path =
        what === 'folder' ? await ctx.platform.pickImportFolder() : await ctx.platform.pickImportFile();
      return { job_id: path ? startImport(ctx, path, skip_bad) : null };
    },
    'import:paths': ({ paths, skip_bad }) => {
      for (const p of paths) {
        if (!isAbsolute(p) || !existsSync(p)) {
          throw new LoupeError('BAD_FILE', `${p} is not a file or folder Loupe can read.`, { file: p });
        }
      }
      return { job_ids: paths.map((p) => startImport(ctx, p, skip_bad)) };
    },
    'demo:load': ({ count, seed }) => ({
      job_id: ctx.jobs.start(
        { kind: 'demo', count, seed },
        `Demo data (${count.toLocaleString('en')} images)`,
      ).id,
    }),
    'jobs:list': () => ctx.jobs.list(),
    'jobs:cancel': ({ job_id }) => ({ cancelled: ctx.jobs.cancel(job_id) }),
    'jobs:saveReport': async ({ job_id }) => {
      const { problems, skipped } = ctx.jobs.problemsOf(job_id);
      const job = ctx.jobs.list().find((j) => j.id === job_id);
      if (!job || skipped === 0) {
        throw new LoupeError('NOT_FOUND', 'That job skipped no records, so there is no report.');
      }
      const path = await ctx.platform.pickSavePath({
        title: 'Save the list of skipped records',
        defaultName: `${job.title.replace(/[^\w.-]+/g, '-')}-skipped.txt`,
        filters: [{ name: 'Text', extensions: ['txt'] }],
      });
      if (!path) return { saved_to: null };
      writeProblemReport(path, job.title, problems, skipped);
      return { saved_to: path };
    },
  };
}
