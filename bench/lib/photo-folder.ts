import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradientImage } from '../../test-support/image-fixtures';
import { DATA_CACHE } from './demo-data';
import type { Logger } from './types';

const annotation = (width: number, height: number) =>
  JSON.stringify({ description: '', size: { height, width }, tags: [], objects: [] });

/**
 * A project folder of `count` real photos-sized images (every fourth a 800×600 PNG, the rest
 * 1024×768 JPEGs), made once and kept in the data cache folder.
 */
export async function photoFolder(count: number, log: Logger): Promise<string> {
  const root = join(DATA_CACHE, `photos-${count}-v1`);
  if (existsSync(join(root, 'meta.json'))) {
    log(`photos: ${root} (cached)`);
    return root;
  }
  const tmp = `${root}.building`;
  rmSync(tmp, { recursive: true, force: true });
  log(`photos: writing ${count} images into ${tmp}…`);
  for (let i = 0; i < count; i++) {
    const png = i % 4 === 3;
    const [w, h] = png ? [800, 600] : [1024, 768];
    const item = `p${String(i).padStart(6, '0')}.${png ? 'png' : 'jpg'}`;
    mkdirSync(join(tmp, 'photos', 'img'), { recursive: true });
    mkdirSync(join(tmp, 'photos', 'ann'), { recursive: true });
    writeFileSync(join(tmp, 'photos', 'img', item), await gradientImage(w, h, i, png ? 'png' : 'jpeg'));
    writeFileSync(join(tmp, 'photos', 'ann', `${item}.json`), annotation(w, h));
  }
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ classes: [], tags: [], projectType: 'images' }));
  renameSync(tmp, root);
  return root;
}
