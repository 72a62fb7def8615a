import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhotoProject } from '../../../test-support/image-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { THUMB_BASE, thumbUrl } from '../../../shared/thumb-url';
import { importPath } from '../import/import-path';
import { openCache, type Db } from '../cache/open-cache';
import { ThumbMaker } from './thumb-maker';
import { ThumbService } from './thumb-service';
import { ThumbStore, thumbDirFor } from './thumb-store';

let tmp: { dir: string; remove: () => void };
let db: Db;
let store: ThumbStore;
let maker: ThumbMaker;
let service: ThumbService;
let folderSource: number;

const rowOf = (name: string) => db.prepare('SELECT row_id FROM images WHERE name = ?').pluck().get(name) as number;
const idOf = (name: string) => db.prepare('SELECT id FROM images WHERE name = ?').pluck().get(name) as number;
const url = (name: string) => thumbUrl(THUMB_BASE, rowOf(name));

beforeAll(async () => {
  tmp = makeTempDir();
  const root = join(tmp.dir, 'project');
  await writePhotoProject(root, { jpegs: 2, pngs: 1, absent: 1 });
  const cachePath = join(tmp.dir, 'c.sqlite');
  db = openCache(cachePath);
  folderSource = (await importPath(db, root)).source_id as number;
  const dump = join(tmp.dir, 'dump.jsonl');
  writeFileSync(dump, `${JSON.stringify({ id: 7, name: 'remote.jpg', meta: {}, tags: [] })}\n`);
  await importPath(db, dump);
  store = ThumbStore.open(thumbDirFor(cachePath));
  maker = new ThumbMaker(undefined, 1);
  service = new ThumbService(db, store, maker);
});
afterAll(async () => {
  await maker.close();
  store.close();
  db.close();
  tmp.remove();
});

describe('the thumbnail service', () => {
  it('makes a thumbnail once from the local file and serves it from the store after', async () => {
    const first = await service.serve(url('photo_000.jpg'));
    expect(first).toMatchObject({ status: 200, headers: { 'content-type': 'image/webp' } });
    const meta = await sharp(first.body as Uint8Array).metadata();
    expect([meta.width, meta.height]).toEqual([256, 192]);
    expect(store.count()).toBe(1);
    const again = await service.serve(url('photo_000.jpg'));
    expect(Buffer.from(again.body as Uint8Array).equals(Buffer.from(first.body as Uint8Array))).toBe(true);
    expect(store.count()).toBe(1);
  });

  it('answers a record without pixels with a placeholder that says why', async () => {
    const cases = [
      [url('zz_cut.jpg'), 'unsupported', 'Cannot read this image'],
      [url('zz_text.png'), 'unsupported', 'Cannot read this image'],
      [url('far_0.jpg'), 'file-missing', 'Image file not found'],
      [url('remote.jpg'), 'no-local-file', 'No local image file'],
    ] as const;
    for (const [u, why, text] of cases) {
      const r = await service.serve(u);
      expect(r.headers).toMatchObject({ 'content-type': 'image/svg+xml', 'x-loupe-placeholder': why });
      expect(r.body).toContain(text);
    }
  });

  it('refuses every address that is not exactly the row id of a record in the cache', async () => {
    const row = rowOf('photo_001.jpg');
    const hostile = [
      'loupe-thumb://img/../../etc/passwd',
      `loupe-thumb://img/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `loupe-thumb://img/${row}/../${row}`,
      `loupe-thumb://img/${row}/`,
      `loupe-thumb://img/${row}?file=/etc/passwd`,
      `loupe-thumb://img/${row}#x`,
      `loupe-thumb://img/${row}\n`,
      `loupe-thumb://img/%31`,
      `loupe-thumb://img/-${row}`,
      `loupe-thumb://img/1e3`,
      `loupe-thumb://img/0x10`,
      `loupe-thumb://IMG/${row}`,
      `loupe-thumb://img/`,
      `loupe-thumb://img/9999999999999999`,
      `file:///etc/passwd`,
      `http://127.0.0.1/img/${row}`,
    ];
    for (const u of hostile) expect((await service.serve(u)).status, u).toBe(400);
    expect((await service.serve(`loupe-thumb://img/123456789`)).status).toBe(404);
    expect((await service.serve(`loupe-thumb://img/${row}`)).status).toBe(200);
  });

  it('drops decodes that have not started when their tile scrolls away; started ones finish', async () => {
    const file = join(tmp.dir, 'project', 'photos', 'img', 'photo_000.jpg');
    const tiles = Array.from({ length: 5 }, () => new AbortController());
    const asked = tiles.map((t) => maker.make(file, 128, t.signal).then(() => 'made', (e: Error) => e.message));
    const droppedBefore = maker.droppedCount;
    // One thread holds two at a time: the other three still wait here and can be dropped.
    for (const t of tiles.slice(2)) t.abort();
    const outcome = await Promise.all(asked);
    expect(outcome.slice(0, 2)).toEqual(['made', 'made']);
    expect(outcome.slice(2).every((m) => /no longer wanted before its decode started/.test(m))).toBe(true);
    expect(maker.droppedCount - droppedBefore).toBe(3);
  });

  it('never reads a file outside the project folder, whatever path the cache holds', async () => {
    const id = idOf('photo_002.png');
    db.prepare('UPDATE image_files SET path = ? WHERE source_id = ? AND image_id = ?').run('../../../../../../etc/hostname', folderSource, id);
    expect((await service.serve(url('photo_002.png'))).headers['x-loupe-placeholder']).toBe('no-local-file');
    db.prepare('UPDATE image_files SET path = ? WHERE source_id = ? AND image_id = ?').run('/etc/hostname', folderSource, id);
    expect((await service.serve(url('photo_002.png'))).headers['x-loupe-placeholder']).toBe('no-local-file');
  });
});
