import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { PixelSource } from '../cache/image-files';

/** Why a record has no thumbnail to show; each becomes a placeholder that says so. */
export type NoPixels =
  | 'no-local-file'
  | 'file-missing'
  | 'unsupported'
  /** Its pixels are on a server no connected account (with a token) is for. */
  | 'not-connected'
  /** The server cannot be reached, and no thumbnail was kept. */
  | 'offline'
  | 'token-refused'
  /** The server answered, but with neither a preview nor the file. */
  | 'server-refused';

/** The original a thumbnail is made from, and what identifies its content. */
export type LocalPixels = { file: string; fingerprint: string };

/**
 * The local image file of a project-folder record, checked to lie inside the source's folder
 * (a path stored in the cache is trusted no further than that), or why there is none.
 */
export function localPixels(src: PixelSource): LocalPixels | { missing: NoPixels } {
  if (src.kind !== 'folder' || src.file === null) return { missing: 'no-local-file' };
  const file = resolve(src.uri, src.file);
  const rel = relative(src.uri, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { missing: 'no-local-file' };
  try {
    const st = statSync(file);
    if (!st.isFile()) return { missing: 'file-missing' };
    return { file, fingerprint: `${st.size}:${Math.trunc(st.mtimeMs)}` };
  } catch {
    return { missing: 'file-missing' };
  }
}
