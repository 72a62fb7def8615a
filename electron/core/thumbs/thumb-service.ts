import { THUMB_BASE } from '../../../shared/thumb-url';
import { pixelSourceOfRow } from '../cache/image-files';
import type { Db } from '../cache/open-cache';
import { DEFAULT_THUMB_SIZE } from './make-thumbnail';
import { localPixels, type NoPixels } from './local-pixels';
import { ThumbFailure, type ThumbMaker } from './thumb-maker';
import { placeholderSvg } from './placeholder';
import type { ThumbStore } from './thumb-store';

/** An answer to a thumbnail request, for a protocol handler or an HTTP route to send as is. */
export type ThumbResponse = {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
};

/**
 * The whole grammar of a thumbnail URL: one decimal row id, nothing else. It is matched on
 * the raw text, before any URL parsing could decode `%2e%2e` or fold a path: whatever does
 * not match exactly is refused, and what matches is only ever used as two numbers.
 */
const URL_SHAPE = new RegExp(`^${THUMB_BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\d{1,15})$`);

const refuse = (status: number, message: string): ThumbResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: message,
});

const placeholder = (why: NoPixels): ThumbResponse => ({
  status: 200,
  // Not stored by the page: the file may appear, the account may be connected.
  headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store', 'x-loupe-placeholder': why },
  body: placeholderSvg(why),
});

const image = (bytes: Uint8Array): ThumbResponse => ({
  status: 200,
  headers: { 'content-type': 'image/webp', 'cache-control': 'private, max-age=60' },
  body: bytes,
});

/**
 * Serves `loupe-thumb://img/<row id>`: only records the cache holds, from the store when
 * their thumbnail is there (no decoding), else made from the record's local image file in the
 * maker's threads and stored; otherwise a placeholder that says why there are no pixels.
 * Plain Node: main's protocol handler and the browser tests' HTTP route both call it.
 */
export class ThumbService {
  private making = new Map<string, Promise<Uint8Array | ThumbFailure>>();

  constructor(
    private readonly db: Db,
    private readonly store: ThumbStore,
    private readonly maker: ThumbMaker,
    private readonly size = DEFAULT_THUMB_SIZE,
  ) {}

  async serve(url: string): Promise<ThumbResponse> {
    const m = URL_SHAPE.exec(url);
    if (!m) return refuse(400, 'not a thumbnail address');
    const src = pixelSourceOfRow(this.db, Number(m[1]));
    if (!src) return refuse(404, 'no such record in the cache');
    const local = localPixels(src);
    if ('missing' in local) return placeholder(local.missing);
    const key = { sourceId: src.sourceId, imageId: src.imageId, size: this.size };
    const hit = this.store.get(key, local.fingerprint);
    if (hit) return image(hit);
    // Two tiles of one record (or a quick scroll back) wait for the same decode.
    const k = `${src.sourceId}/${src.imageId}`;
    let made = this.making.get(k);
    if (!made) {
      made = this.maker.make(local.file, this.size).then(
        (bytes) => {
          this.store.put(key, local.fingerprint, bytes);
          return bytes;
        },
        (err: unknown) => {
          if (err instanceof ThumbFailure) return err;
          throw err;
        },
      );
      made.finally(() => this.making.delete(k)).catch(() => undefined);
      this.making.set(k, made);
    }
    const result = await made;
    return result instanceof ThumbFailure ? placeholder('unsupported') : image(result);
  }
}
