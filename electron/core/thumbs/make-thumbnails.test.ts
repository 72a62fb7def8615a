import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../../test-support/cli-run';
import { gradientImage, writePhotoProject, type PhotoProject } from '../../../test-support/image-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { openCache } from '../cache/open-cache';
import { iteratePixelSources } from '../cache/image-files';
import { querySchema } from '../../../shared/query';
import { ThumbStore, thumbDirFor } from './thumb-store';

let tmp: { dir: string; remove: () => void };
let project: PhotoProject;
let root: string;

beforeAll(async () => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'photos project');
  project = await writePhotoProject(root, { jpegs: 4, pngs: 2, absent: 2 });
});
afterAll(() => tmp.remove());

let n = 0;
async function importedCache(): Promise<string> {
  const cache = join(tmp.dir, `c${++n}.sqlite`);
  expect((await cli('--cache', cache, 'import', root)).code).toBe(0);
  return cache;
}
const counts = (out: string) => JSON.parse(out) as { made: number; cached: number; missing: number; failed: number; bytes: number };

function thumbFiles(cache: string): string[] {
  const dir = thumbDirFor(cache);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.webp')).map((f) => join(dir, f));
}

describe('loupe thumbnails', () => {
  it('remembers the local file of every project-folder record, present or not', async () => {
    const db = openCache(await importedCache());
    const files = [...iteratePixelSources(db, querySchema.parse({ text: '' }))].map((s) => s.file).sort();
    db.close();
    expect(files).toEqual(
      [...project.good, ...project.broken].map((i) => join('photos', 'img', i)).concat(project.absent.map((i) => join('remote', 'img', i))).sort(),
    );
  });

  it('makes each thumbnail once, names the files it cannot decode, and counts absent ones missing', async () => {
    const cache = await importedCache();
    const first = await cli('--cache', cache, 'thumbnails');
    expect(first.code).toBe(0);
    const r = counts(first.out);
    expect(r).toMatchObject({ made: 6, cached: 0, missing: 2, failed: 3 });
    for (const item of project.broken) expect(first.err).toContain(join(root, 'photos', 'img', item));
    const files = thumbFiles(cache);
    expect(files).toHaveLength(6);
    expect(r.bytes).toBe(files.reduce((s, f) => s + statSync(f).size, 0));
    for (const f of files) {
      const meta = await sharp(f).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width, meta.height)).toBe(256);
    }
    const second = counts((await cli('--cache', cache, 'thumbnails')).out);
    expect(second).toEqual({ made: 0, cached: 6, missing: 2, failed: 3, bytes: r.bytes });
  });

  it('follows the query and the size, and makes a changed original again', async () => {
    const cache = await importedCache();
    expect(counts((await cli('--cache', cache, 'thumbnails', 'photo_00', '--size', '64')).out)).toMatchObject({ made: 6, failed: 0, missing: 0 });
    const png = join(root, 'photos', 'img', project.good[5] as string);
    writeFileSync(png, await gradientImage(90, 30, 7, 'png'));
    utimesSync(png, new Date(), new Date(Date.now() + 5000));
    expect(counts((await cli('--cache', cache, 'thumbnails', 'photo_00', '--size', '64')).out)).toMatchObject({ made: 1, cached: 5 });
    const smallest = await Promise.all(thumbFiles(cache).map((f) => sharp(f).metadata()));
    expect(smallest.map((m) => `${m.width}x${m.height}`)).toContain('64x21');
  });

  it('keeps the store under its byte limit, the least recently used out first', async () => {
    const cache = await importedCache();
    const all = counts((await cli('--cache', cache, 'thumbnails', 'photo_')).out);
    const limit = Math.floor(all.bytes / 2);
    const after = counts((await cli('--cache', cache, 'thumbnails', 'photo_00', '--max-bytes', String(limit))).out);
    expect(after.bytes).toBeLessThanOrEqual(limit);
    expect(thumbFiles(cache).reduce((s, f) => s + statSync(f).size, 0)).toBe(after.bytes);
    const store = ThumbStore.open(thumbDirFor(cache), limit);
    expect(store.count()).toBe(thumbFiles(cache).length);
    expect(store.count()).toBeLessThan(6);
    store.close();
  });

  it('refuses a size outside 16..1024 pixels and a limit that is not a number', async () => {
    const cache = await importedCache();
    expect((await cli('--cache', cache, 'thumbnails', '--size', '5')).err).toMatch(/--size takes 16 to 1024 pixels, not 5/);
    expect((await cli('--cache', cache, 'thumbnails', '--max-bytes', '1G')).err).toMatch(/--max-bytes takes a whole number/);
  });
});
