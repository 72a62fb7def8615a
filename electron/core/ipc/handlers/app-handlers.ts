import { statSync } from 'node:fs';
import { cacheTotals, listSources } from '../../cache/image-store';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

function fileBytes(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) {
    try {
      total += statSync(p).size;
    } catch {
      // The WAL file may not exist yet.
    }
  }
  return total;
}

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'app:info' | 'sources:list'> {
  return {
    'app:info': () => ({
      version: ctx.version,
      cache_path: ctx.cachePath,
      cache_bytes: fileBytes(ctx.cachePath),
      ...cacheTotals(ctx.db),
    }),
    'sources:list': () => listSources(ctx.db),
  };
}
