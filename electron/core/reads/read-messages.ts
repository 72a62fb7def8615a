import type { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/dispatch';

/** The channels whose work runs on a reader thread: everything that scans or counts. */
export const READ_CHANNELS = ['images:openView', 'images:window', 'images:get', 'facets:get', 'search:catalogue', 'checks:summary', 'stats:histograms'] as const;
export type ReadChannel = (typeof READ_CHANNELS)[number];
export type ReadHandlers = Pick<Handlers, ReadChannel>;
export type ReadInput<C extends ReadChannel> = Parameters<ReadHandlers[C]>[0];
export type ReadOutput<C extends ReadChannel> = Awaited<ReturnType<ReadHandlers[C]>>;

/**
 * Slots of the shared "cancelled" ring: a request id is cancelled when the slot `id % SLOTS`
 * holds it. Main writes, the reader checks between steps, so no message has to reach a busy
 * thread for its work to stop.
 */
export const CANCEL_SLOTS = 4096;

export type ReaderInput = { cachePath: string; cancelled: SharedArrayBuffer };

/** Main → reader. */
export type ReaderRequest =
  | { type: 'call'; id: number; channel: ReadChannel; input: unknown }
  /** The cache changed under the reader: views and cached counts are no longer true. */
  | { type: 'invalidate' };

/** Reader → main. */
export type ReaderReply =
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: AppError }
  | FacetsNotice
  /** The reader's connection is open and its handlers built: calls are answered without a boot. */
  | { type: 'up' };

/** Background facet counting for a response key: how far it has got (0–1), then that it is ready. */
export type FacetsNotice = { type: 'facets:ready'; key: string } | { type: 'facets:progress'; key: string; fraction: number };
