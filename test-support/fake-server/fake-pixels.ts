import sharp from 'sharp';
import { gradientImage } from '../image-fixtures';
import type { FakeData, FakeImage } from './fake-data';

/**
 * `/previews/q/ext:<jpeg|png>/resize:<method>:<w>:<h>:0/q:<quality>/plain/<path original>`, as
 * the SDK's `resize_image_url` builds it from `full_storage_url` (supervisely-api.md §3).
 */
const PREVIEW = /^\/previews\/q\/ext:(jpeg|png)\/resize:(fit|fill|fill-down|force|auto):(\d+):(\d+):0\/q:(\d+)\/plain(\/.+)$/;

export type PreviewAsk = { ext: 'jpeg' | 'png'; method: string; width: number; height: number; quality: number; path: string };

export function parsePreviewPath(path: string): PreviewAsk | null {
  const m = PREVIEW.exec(path);
  if (!m) return null;
  return { ext: m[1] as 'jpeg' | 'png', method: m[2] as string, width: Number(m[3]), height: Number(m[4]), quality: Number(m[5]), path: decodeURI(m[6] as string) };
}

/**
 * The pixels behind the fake records: a real JPEG or PNG per image (its mime, its width and
 * height), made once with sharp; previews resized from it the way imgproxy's methods read.
 */
export class FakePixels {
  private readonly originals = new Map<number, Promise<Buffer>>();
  private byPath: { version: number; map: Map<string, number> } | null = null;

  constructor(private readonly data: FakeData) {}

  imageAt(pathOriginal: string): FakeImage | undefined {
    if (!this.byPath || this.byPath.version !== this.data.version) {
      const map = new Map<string, number>();
      for (const img of this.data.images.values()) if (typeof img.pathOriginal === 'string') map.set(img.pathOriginal, img.id);
      this.byPath = { version: this.data.version, map };
    }
    const id = this.byPath.map.get(pathOriginal);
    return id === undefined ? undefined : this.data.images.get(id);
  }

  /** The original file of an image, as `images.download` sends it. */
  original(img: FakeImage): Promise<Buffer> {
    let made = this.originals.get(img.id);
    if (!made) {
      const format = img.mime === 'image/png' ? 'png' : 'jpeg';
      made = gradientImage(Number(img.width) || 640, Number(img.height) || 480, img.id % 7, format);
      this.originals.set(img.id, made);
    }
    return made;
  }

  async preview(img: FakeImage, ask: PreviewAsk): Promise<Buffer> {
    const fit = ask.method === 'fill' || ask.method === 'fill-down' ? 'cover' : ask.method === 'force' ? 'fill' : 'inside';
    let p = sharp(await this.original(img));
    if (ask.width > 0 || ask.height > 0) {
      p = p.resize({ width: ask.width || undefined, height: ask.height || undefined, fit, withoutEnlargement: ask.method !== 'force' });
    }
    return (ask.ext === 'png' ? p.png() : p.jpeg({ quality: ask.quality })).toBuffer();
  }
}
