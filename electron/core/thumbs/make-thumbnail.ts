import sharp from 'sharp';

/** The longest side of a grid thumbnail, in pixels. */
export const DEFAULT_THUMB_SIZE = 256;

/** Pixels past this are refused before decoding: a hostile header must not claim gigabytes. */
const MAX_INPUT_PIXELS = 268_402_689;

// No operation cache: a cache of decoded originals would only hold memory a thumbnail run never
// reuses.
sharp.cache(false);

/**
 * A thumbnail of an image file: at most `size` pixels on its longest side (never enlarged),
 * turned upright by its EXIF orientation, as WebP. Truncated or corrupt input is refused
 * (libvips' warnings are errors here) rather than thumbnailed half grey.
 */
export async function makeThumbnail(input: string | Uint8Array, size: number): Promise<Uint8Array> {
  const data = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' })
    .rotate()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 72, effort: 2 })
    .toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
