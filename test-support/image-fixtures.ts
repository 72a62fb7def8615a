import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

function write(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A real image: a colour gradient seeded by `seed`, so every fixture looks different. */
export async function gradientImage(width: number, height: number, seed: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      px[o] = (x * 255) / width + seed * 40;
      px[o + 1] = (y * 255) / height + seed * 70;
      px[o + 2] = ((x + y) * 127) / (width + height) + seed * 100;
    }
  }
  const img = sharp(px, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? img.jpeg({ quality: 85 }).toBuffer() : img.png().toBuffer();
}

const annotation = (width: number, height: number) =>
  JSON.stringify({ description: '', size: { height, width }, tags: [], objects: [] });

export type PhotoProject = {
  /** Item names with a real image file. */
  good: string[];
  /** Item names whose file no decoder accepts: random bytes, a cut JPEG, text named .png. */
  broken: string[];
  /** Item names known from img_info/ only: no image file at all. */
  absent: string[];
};

/**
 * A Supervisely project folder with real pixels: dataset `photos` has `jpegs` JPEG and `pngs`
 * PNG files (640×480 and 300×500) with their annotations, plus three broken image files;
 * dataset `remote` holds records (img_info/) whose images were never downloaded.
 */
export async function writePhotoProject(root: string, opts: { jpegs: number; pngs: number; absent?: number }): Promise<PhotoProject> {
  write(join(root, 'meta.json'), JSON.stringify({ classes: [], tags: [], projectType: 'images' }));
  const ds = join(root, 'photos');
  const good: string[] = [];
  for (let i = 0; i < opts.jpegs + opts.pngs; i++) {
    const jpeg = i < opts.jpegs;
    const [w, h] = jpeg ? [640, 480] : [300, 500];
    const item = `photo_${String(i).padStart(3, '0')}.${jpeg ? 'jpg' : 'png'}`;
    write(join(ds, 'img', item), await gradientImage(w, h, i, jpeg ? 'jpeg' : 'png'));
    write(join(ds, 'ann', `${item}.json`), annotation(w, h));
    good.push(item);
  }
  const whole = await gradientImage(640, 480, 99, 'jpeg');
  const broken = { 'zz_noise.jpg': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'zz_cut.jpg': whole.subarray(0, Math.floor(whole.length / 3)), 'zz_text.png': Buffer.from('not an image, only text\n') };
  for (const [item, bytes] of Object.entries(broken)) {
    write(join(ds, 'img', item), bytes);
    write(join(ds, 'ann', `${item}.json`), annotation(640, 480));
  }
  const absent: string[] = [];
  for (let i = 0; i < (opts.absent ?? 0); i++) {
    const item = `far_${i}.jpg`;
    write(join(root, 'remote', 'ann', `${item}.json`), annotation(800, 600));
    write(join(root, 'remote', 'img_info', `${item}.json`), JSON.stringify({ id: 90_000 + i, name: item, width: 800, height: 600, meta: {}, tags: [] }));
    absent.push(item);
  }
  mkdirSync(join(root, 'remote', 'img'), { recursive: true });
  return { good, broken: Object.keys(broken), absent };
}

