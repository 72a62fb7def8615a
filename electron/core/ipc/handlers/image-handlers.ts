import type { CoreContext } from '../../core-context';
import type { Handlers } from '../dispatch';

export function imageHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'images:openView' | 'images:window' | 'images:get'> {
  return {
    'images:openView': (input) => ctx.reads.call('images:openView', input, input.lane),
    'images:window': (input) => ctx.reads.call('images:window', input),
    'images:get': (input) => ctx.reads.call('images:get', input, input.lane),
  };
}
