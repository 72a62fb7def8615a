import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoupeError } from '../../../shared/errors';
import { openCache, type Db } from '../cache/open-cache';
import { getImageDetail } from '../cache/image-store';
import { TagNames } from '../cache/tag-names';
import { imgInfo27, json, TINY_PNG, writeProject } from '../../../test-support/project-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import { importPath } from './import-path';

const dir = useTempDir();
const rows = (db: Db) =>
  db.prepare('SELECT row_id, id, name, dataset_path, width, height, labels_count, size, hash, mime FROM images ORDER BY dataset_path, name').all() as Record<string, unknown>[];

function setup() {
  const root = join(dir(), 'My project');
  writeProject(root);
  const db = openCache(join(dir(), 'c.sqlite'));
  return { root, db };
}

async function failure(p: Promise<unknown>): Promise<LoupeError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LoupeError);
  return err as LoupeError;
}

describe('importing a Supervisely project folder', () => {
  it('reports a datasets link that points back up and never follows it twice', async () => {
    const { root, db } = setup();
    // Two loops: one to the project itself, one from a doubly nested dataset to its grandparent.
    symlinkSync('..', join(root, 'Zürich 東京', 'datasets'));
    symlinkSync('../..', join(root, 'train', 'datasets', 'city', 'datasets', 'night', 'datasets'));
    const r = await importPath(db, root);
    expect(r).toMatchObject({ records: 5, inserted: 5 });
    expect(r.warnings).toEqual([
      'only-images: skipped: a dataset needs both ann/ and img/ (found only img/)',
      'train/datasets/city/datasets/night/datasets: skipped: it leads to train/datasets/city, which this import already reads (a link that loops back)',
      'Zürich 東京/datasets: skipped: it leads to ., which this import already reads (a link that loops back)',
    ]);
    expect(rows(db).map((x) => x.dataset_path)).toEqual(['Zürich 東京', 'train', 'train', 'train/city', 'train/city/night']);
  });

  it('reads nested datasets, 17- and 27-key img_info, ann-only items and unicode names', async () => {
    const { root, db } = setup();
    const r = await importPath(db, root);
    expect(r).toMatchObject({ records: 5, inserted: 5 });
    expect(r.warnings).toEqual(['only-images: skipped: a dataset needs both ann/ and img/ (found only img/)']);
    const all = rows(db);
    // SQLite orders text by bytes: "Z" comes before "t".
    expect(all.map((x) => [x.dataset_path, x.name])).toEqual([
      ['Zürich 東京', 'straße.png'],
      ['train', 'IMG_1.jpeg'],
      ['train', 'IMG_2.jpeg'],
      ['train/city', 'c1.jpeg'],
      ['train/city/night', 'n1.png'],
    ]);
    expect(all[1]).toMatchObject({ id: 1001, width: 1067, labels_count: 4 });
    const derived = all[4] as Record<string, unknown>;
    expect(derived).toMatchObject({ width: 1, height: 1, labels_count: 3, size: TINY_PNG.length, mime: 'image/png' });
    expect(derived.hash).toBe(createHash('sha256').update(TINY_PNG).digest('base64'));
    expect(derived.id as number).toBeLessThan(0);
    db.close();
  });

  it('resolves tag ids through meta.json and keeps derived tags by name, marked as derived', async () => {
    const { root, db } = setup();
    await importPath(db, root);
    const tags = new TagNames(db);
    const byName = (name: string) => (rows(db).find((x) => x.name === name) as { row_id: number }).row_id;
    const first = getImageDetail(db, tags, byName('IMG_1.jpeg'));
    expect(first.tags.map((t) => t.name)).toEqual(['review']);
    expect(first.info.description).toBe('front camera');
    const night = getImageDetail(db, tags, byName('n1.png'));
    expect(night.tags).toMatchObject([{ name: 'weather', value: 'rain', labeler: 'bob' }]);
    expect(night.info.extra?.loupe_derived).toEqual(['id', 'width', 'height', 'labels_count', 'tags', 'size', 'hash', 'mime', 'created_at', 'updated_at']);
    const zurich = getImageDetail(db, tags, byName('straße.png'));
    expect(zurich.info.meta).toEqual({ camera: 'cam 07' });
    db.close();
  });

  it('is idempotent: importing the folder again changes nothing', async () => {
    const { root, db } = setup();
    await importPath(db, root);
    const before = rows(db);
    expect(await importPath(db, root)).toMatchObject({ records: 5, inserted: 0, unchanged: 5 });
    expect(rows(db)).toEqual(before);
    db.close();
  });

  it('refuses a record with a __proto__ key, naming the file, and imports nothing', async () => {
    const { root, db } = setup();
    const file = join(root, 'train', 'img_info', 'IMG_2.jpeg.json');
    writeFileSync(file, json(imgInfo27(1002, 'IMG_2.jpeg', 2532)).replace('"meta": {', '"meta": {"__proto__": {"admin": true}, '));
    const err = await failure(importPath(db, root));
    expect(err.message).toBe(
      'train/img_info/IMG_2.jpeg.json, field meta.__proto__: the key "meta.__proto__" is not allowed in an import (it could alter objects it is merged into).',
    );
    expect(rows(db)).toEqual([]);
    db.close();
  });

  it('reads img_info beside img/ by item or legacy stem name, and refuses an oversize img_info file unread', async () => {
    const { root, db } = setup();
    const night = join(root, 'train', 'datasets', 'city', 'datasets', 'night');
    mkdirSync(join(night, 'img_info'));
    writeFileSync(join(night, 'img_info', 'n1.json'), json(imgInfo27(3001, 'n1.png', 2534, { width: 4000 })));
    await importPath(db, root);
    expect(rows(db).find((r) => r.name === 'n1.png')).toMatchObject({ id: 3001, width: 4000, dataset_path: 'train/city/night' });
    writeFileSync(join(root, 'train', 'img_info', 'IMG_2.jpeg.json'), Buffer.alloc(65 * 1024 * 1024, 0x20));
    const err = await failure(importPath(db, root));
    expect(err.message).toBe('train/img_info/IMG_2.jpeg.json: 65 MiB is more than the 64 MiB an annotation or ImageInfo file may have.');
    expect(rows(db)).toHaveLength(5);
    db.close();
  });

  it('skips bad records on request and reports each with its file', async () => {
    const { root, db } = setup();
    writeFileSync(join(root, 'train', 'img_info', 'IMG_2.jpeg.json'), '{"id": 1002, "name": ');
    writeFileSync(join(root, 'train', 'datasets', 'city', 'img_info', 'c1.jpeg.json'), json({ id: 'x', name: 'c1.jpeg' }));
    const seen: string[] = [];
    const r = await importPath(db, root, { skipBad: true, onProblem: (p) => seen.push(`${p.file} ${p.field ?? ''}`) });
    expect(r).toMatchObject({ records: 3, skipped: 2 });
    expect(seen).toEqual(['train/img_info/IMG_2.jpeg.json ', 'train/datasets/city/img_info/c1.jpeg.json id']);
    expect(r.problems?.[0]?.message).toMatch(/^train\/img_info\/IMG_2\.jpeg\.json: not valid JSON/);
    db.close();
  });

  it('explains a folder that is not a project, or has no images', async () => {
    const { root, db } = setup();
    rmSync(join(root, 'meta.json'));
    expect((await failure(importPath(db, root))).message).toMatch(/is not a Supervisely project folder: meta.json is missing/);
    const empty = join(dir(), 'empty');
    writeProject(empty);
    for (const d of ['train', 'Zürich 東京']) rmSync(join(empty, d), { recursive: true });
    expect((await failure(importPath(db, empty))).message).toMatch(/holds no images/);
    db.close();
  });
});

describe('the report of skipped records', () => {
  it('lists each message once, with its file, and says how many were not listed', async () => {
    const { formatProblemReport } = await import('./problem-report');
    const text = formatProblemReport(
      'Import of x',
      [{ file: 'a.jsonl', line: 2, field: 'width', message: 'a.jsonl line 2, field width: expected number.' }],
      3,
    );
    expect(text).toBe('# Import of x: 3 records skipped\na.jsonl line 2, field width: expected number.\n… and 2 more not listed\n');
  });
});

describe('a parent dataset with nothing but nested datasets', () => {
  it('is kept as a path, so its children are imported (the SDK would skip them)', async () => {
    const { root, db } = setup();
    const child = join(root, 'archive', 'datasets', '2019');
    mkdirSync(join(child, 'img'), { recursive: true });
    mkdirSync(join(child, 'ann'), { recursive: true });
    writeFileSync(join(child, 'img', 'old.png'), TINY_PNG);
    writeFileSync(join(child, 'ann', 'old.png.json'), json({ size: { width: 1, height: 1 }, tags: [], objects: [] }));
    expect(await importPath(db, root)).toMatchObject({ records: 6 });
    expect(rows(db).find((r) => r.name === 'old.png')?.dataset_path).toBe('archive/2019');
    db.close();
  });
});
