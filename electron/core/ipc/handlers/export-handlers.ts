import { basename } from 'node:path';
import { FORMAT_LABEL, queryText, suggestedExportName } from '../../../../shared/export';
import type { CoreContext } from '../../core-context';
import { pickExportPath } from '../../export/pick-export-path';
import type { Handlers } from '../dispatch';

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export:start'> {
  return {
    'export:start': async (request) => {
      const suggested = suggestedExportName(request.format, queryText(request.query), new Date());
      const dest = await pickExportPath(ctx.platform, suggested, request.format);
      if (!dest) return { job_id: null };
      const spec = { kind: 'export' as const, job: { request, dest, appVersion: ctx.version } };
      return { job_id: ctx.jobs.start(spec, `Export ${FORMAT_LABEL[request.format]}: ${basename(dest)}`).id };
    },
  };
}
