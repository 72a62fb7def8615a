import { basename } from 'node:path';
import { LoupeError } from '../../../../shared/errors';
import { FORMAT_LABEL, queryText, suggestedExportName } from '../../../../shared/export';
import type { Query } from '../../../../shared/query';
import { compileQuery } from '../../cache/image-views';
import type { CoreContext } from '../../core-context';
import { pickExportPath } from '../../export/pick-export-path';
import type { Handlers } from '../dispatch';

/**
 * Compiles the query and has SQLite prepare (not run) its count, so a query that cannot run is
 * refused before the save dialog opens, not by a job that fails after the user chose a place.
 */
function checkQuery(ctx: CoreContext, query: Query): void {
  const { count } = compileQuery(query);
  try {
    ctx.db.prepare(count.sql);
  } catch (err) {
    throw new LoupeError('INVALID_INPUT', `The query cannot run: ${(err as Error).message}.`, { field: 'query' });
  }
}

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export:start'> {
  return {
    'export:start': async (request) => {
      checkQuery(ctx, request.query);
      const suggested = suggestedExportName(request.format, queryText(request.query), new Date());
      const dest = await pickExportPath(ctx.platform, suggested, request.format);
      if (!dest) return { job_id: null };
      const spec = { kind: 'export' as const, job: { request, dest, appVersion: ctx.version } };
      return { job_id: ctx.jobs.start(spec, `Export ${FORMAT_LABEL[request.format]}: ${basename(dest)}`).id };
    },
  };
}
