import type { Channel } from '../../shared/contract';
import { LoupeError } from '../../shared/errors';
import type { Handlers } from './ipc/dispatch';
import type { JobManager } from './jobs/job-manager';

/**
 * What answers while an older cache is upgraded: the job list (where the upgrade's progress
 * is) and the settings, which live in their own file; nothing else reads the cache until then.
 */
const ANSWERED_WHILE_UPGRADING: ReadonlySet<Channel> = new Set<Channel>(['jobs:list', 'settings:get']);

/**
 * Upgrades the cache in a job (a worker thread on its own connection, its progress in
 * `jobs:progress`), so start-up and the main loop never wait for migrations. Settles when the
 * cache is current; rejects with the job's error if it could not be upgraded.
 */
export async function upgradeInJob(jobs: JobManager): Promise<void> {
  const started = jobs.start({ kind: 'upgrade' }, 'Upgrading the cache');
  const job = await jobs.settle(started.id);
  if (job.state === 'done') return;
  const error = job.error ?? { code: 'INTERNAL' as const, message: 'the upgrade stopped.' };
  throw new LoupeError(error.code, `The cache could not be upgraded: ${error.message}`, error.details);
}

/** Every handler but the few above waits for the upgrade, then runs (or fails with its error). */
export function gateHandlers(handlers: Handlers, upgraded: Promise<void>): Handlers {
  const gated: Record<string, (input: never) => unknown> = {};
  for (const [channel, handler] of Object.entries(handlers) as [Channel, (input: never) => unknown][]) {
    gated[channel] = ANSWERED_WHILE_UPGRADING.has(channel) ? handler : (input) => upgraded.then(() => handler(input));
  }
  return gated as Handlers;
}
