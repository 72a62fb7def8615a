/**
 * The scheme of thumbnail URLs: `loupe-thumb://img/<row id>`, the record's row in the cache (the
 * one number every row the page holds carries). The renderer only ever holds such an opaque
 * address; main resolves it to pixels (never a path or a token).
 */
export const THUMB_SCHEME = 'loupe-thumb';

/** Where thumbnails are served in the app; the browser tests serve them elsewhere. */
export const THUMB_BASE = `${THUMB_SCHEME}://img/`;

/** The URL of a record's thumbnail under `base` (THUMB_BASE in the app). */
export function thumbUrl(base: string, rowId: number): string {
  return `${base}${rowId}`;
}
