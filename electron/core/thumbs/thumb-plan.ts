import type { PixelSource } from '../cache/image-files';
import { localPixels, type NoPixels } from './local-pixels';
import { NoServerPixels, type ServerPixels } from './server-pixels';
import { ThumbFailure, type Maker } from './thumb-maker';
import type { ThumbKey } from './thumb-store';

/** How a record's thumbnail is made: its store key, what identifies its original, and the work. */
export type ThumbPlan = {
  key: ThumbKey;
  fingerprint: string;
  /** Names the original in a failure report: a file path, or the server image. */
  origin: string;
  /** Reads (or fetches) the original and makes the thumbnail; `signal` drops work not yet started. */
  make(signal?: AbortSignal): Promise<Uint8Array>;
};

/**
 * Where a record's thumbnail comes from: its local image file when it has one, else its
 * connected server (a preview, or the file), else why there are none. The service and the
 * "make thumbnails" run both go through here, so a server record is treated alike in both.
 */
export function planThumb(src: PixelSource, size: number, maker: Maker, server: ServerPixels | null): ThumbPlan | { missing: NoPixels } {
  const key = { sourceId: src.sourceId, imageId: src.imageId, size };
  const local = localPixels(src);
  if (!('missing' in local)) {
    return { key, fingerprint: local.fingerprint, origin: local.file, make: (signal) => maker.make(local.file, size, signal) };
  }
  const remote = server?.locate(src) ?? null;
  if (remote === null) return local;
  if ('missing' in remote) return remote;
  return {
    key,
    fingerprint: remote.fingerprint,
    origin: `image ${remote.imageId} on ${new URL(remote.account.server_url).host}`,
    make: async (signal) => maker.make(await server!.fetch(remote, size, signal), size, signal),
  };
}

/** Why a made thumbnail failed, as a placeholder reason; anything else is not a pixel problem. */
export function failureReason(err: unknown): NoPixels | null {
  if (err instanceof ThumbFailure) return 'unsupported';
  if (err instanceof NoServerPixels) return err.why;
  return null;
}
