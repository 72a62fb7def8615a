import { parentPort } from 'node:worker_threads';
import { makeThumbnail } from './make-thumbnail';
import type { ThumbReply, ThumbRequest } from './thumb-messages';

/**
 * Thumbnail thread: decodes and resizes off the main thread. The bytes are copied, not
 * transferred: libvips owns the memory of the buffer sharp returns, which cannot be detached.
 */
parentPort?.on('message', (req: ThumbRequest) => {
  makeThumbnail(req.input, req.size).then(
    (bytes) => parentPort?.postMessage({ id: req.id, bytes } satisfies ThumbReply),
    (err: unknown) => parentPort?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies ThumbReply),
  );
});

// Loaded (sharp and libvips included): the pool may count this thread as started.
parentPort?.postMessage({ ready: true } satisfies ThumbReply);
