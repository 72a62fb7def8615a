import { basename } from 'node:path';
import { fileBytes } from '../../cache/cache-files';
import { readCacheLocation } from '../../desktop/cache-location';
import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function settingsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'settings:get' | 'settings:set' | 'cache:move'> {
  const view = () => {
    const moved = readCacheLocation(ctx.userData);
    return {
      settings: ctx.settings.get(),
      cache: {
        path: ctx.cachePath,
        bytes: fileBytes(ctx.cachePath),
        moved_to: moved && moved.path !== ctx.cachePath ? moved.path : null,
      },
      thumbnails: { bytes: ctx.thumbStore.usedBytes() },
    };
  };
  return {
    'settings:get': view,
    'settings:set': (patch) => {
      ctx.settings.set(patch);
      return view();
    },
    'cache:move': async () => {
      const dest = await ctx.platform.pickSavePath({
        title: 'Move the cache to…',
        defaultName: basename(ctx.cachePath),
        filters: [{ name: 'Loupe cache', extensions: ['sqlite'] }],
      });
      if (!dest) return { job_id: null };
      const spec = {
        kind: 'cache-move' as const,
        dest,
        from: ctx.cachePath,
        userData: ctx.userData,
      };
      return { job_id: ctx.jobs.start(spec, `Move the cache to ${dest}`).id };
    },
  };
}
