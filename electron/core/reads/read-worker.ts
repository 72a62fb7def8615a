import { parentPort, workerData } from 'node:worker_threads';
import { LoupeError, toAppError } from '../../../shared/errors';
import { openCache, READER } from '../cache/open-cache';
import { CANCEL_SLOTS, type ReaderInput, type ReaderReply, type ReaderRequest } from './read-messages';
import { ReadService } from './read-service';
import { contract } from '../../../shared/contract';

/**
 * Reader-thread entry: one connection, the read handlers over it, answers to main. Work is
 * taken from the queue one request at a time; a request main has cancelled since it was
 * queued is answered CANCELLED without running, and background facet counting for an answer
 * whose request was cancelled stops at its next step.
 */
function main(): void {
  const { cachePath, cancelled } = workerData as ReaderInput;
  const ring = new Int32Array(cancelled);
  const isCancelled = (id: number) => Atomics.load(ring, id % CANCEL_SLOTS) === id;
  const post = (m: ReaderReply) => parentPort?.postMessage(m);
  const db = openCache(cachePath, READER);
  // The request that last asked for each facet key: its background counting lives while it does.
  const askedBy = new Map<string, number>();
  const service = new ReadService(
    db,
    (key) => post({ type: 'facets:ready', key }),
    (key) => {
      const id = askedBy.get(key);
      return id === undefined || !isCancelled(id);
    },
    (key, fraction) => post({ type: 'facets:progress', key, fraction }),
  );
  post({ type: 'up' });
  parentPort?.on('message', (m: ReaderRequest) => {
    if (m.type === 'invalidate') {
      service.invalidate();
      askedBy.clear();
      return;
    }
    if (isCancelled(m.id)) {
      post({ type: 'answer', id: m.id, ok: false, error: superseded() });
      return;
    }
    try {
      const handler = service.handlers[m.channel] as (input: unknown) => unknown;
      // The answer is checked against the contract here, so main only passes it on (dispatch).
      const value = contract[m.channel].output.parse(handler(m.input));
      if (m.channel === 'facets:get') {
        const key = (value as { key: string }).key;
        askedBy.delete(key);
        askedBy.set(key, m.id);
        if (askedBy.size > 256) askedBy.delete(askedBy.keys().next().value as string);
      }
      post({ type: 'answer', id: m.id, ok: true, value });
    } catch (err) {
      post({ type: 'answer', id: m.id, ok: false, error: toAppError(err) });
    }
  });
}

function superseded() {
  return new LoupeError('CANCELLED', 'A newer request took the place of this one.').toJSON();
}

main();
