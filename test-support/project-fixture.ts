import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A 1×1 PNG: real image bytes for the hash and size an ann-only import derives. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function write(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export const json = (v: unknown) => JSON.stringify(v, null, 4);

/** An img_info file as SDK 6.4-era downloads wrote it: the 17 base keys, snake_case. */
export function imgInfo17(id: number, name: string, datasetId: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    link: null,
    hash: 'ZdpMD+ZMJx0R8BgsCzJcqM7qP4M8f1AEtoYc87xZmyQ=',
    mime: 'image/jpeg',
    ext: 'jpeg',
    size: 148388,
    width: 1067,
    height: 800,
    labels_count: 4,
    dataset_id: datasetId,
    created_at: '2021-03-02T10:04:33.973Z',
    updated_at: '2021-03-02T10:04:33.973Z',
    meta: { customSort: 'c' },
    path_original: `/h5un6l2bnaz1vj8a9qgms4-public/images/original/7/h/Vo/${id}.jpg`,
    full_storage_url: `https://app.supervisely.com/h5un6l2bnaz1vj8a9qgms4-public/images/original/7/h/Vo/${id}.jpg`,
    tags: [
      { id: 2224609, tagId: 345022, entityId: id, value: null, labelerLogin: 'admin', createdAt: '2021-03-02T10:04:33.973Z', updatedAt: '2021-03-02T10:04:33.973Z' },
    ],
    ...extra,
  };
}

/** The same with the 10 keys newer SDKs (up to 6.73.554) add. */
export function imgInfo27(id: number, name: string, datasetId: number, extra: Record<string, unknown> = {}) {
  return {
    ...imgInfo17(id, name, datasetId),
    created_by: 'admin',
    related_data_id: null,
    download_id: null,
    offset_start: null,
    offset_end: null,
    ai_search_meta: null,
    embeddings_updated_at: null,
    project_id: 118909,
    description: 'front camera',
    parent_id: null,
    ...extra,
  };
}

const ann = (w: number, h: number, objects: number, tags: unknown[] = []) =>
  json({
    description: '',
    size: { height: h, width: w },
    tags,
    objects: Array.from({ length: objects }, (_, i) => ({
      classTitle: 'lemon',
      geometryType: 'rectangle',
      tags: [],
      points: { exterior: [[i, i], [i + 5, i + 5]], interior: [] },
    })),
    customBigData: {},
  });

/**
 * A Supervisely project folder written from supervisely-api.md §4: meta.json with tag metas, a
 * dataset with 27-key img_info, a nested one with 17-key img_info, a doubly nested ann-only one
 * (legacy annotation name, real image bytes), a top-level ann-only dataset with a unicode name,
 * and a folder that is not a dataset.
 */
export function writeProject(root: string): void {
  write(
    join(root, 'meta.json'),
    json({
      classes: [{ id: 9, title: 'lemon', shape: 'rectangle', color: '#FF0000', geometry_config: {}, hotkey: '', description: '' }],
      tags: [
        { id: 345022, name: 'review', value_type: 'none', color: '#E3A008', hotkey: '', applicable_type: 'all', classes: [] },
        { id: 345026, name: 'weather', value_type: 'oneof_string', values: ['sunny', 'rain'], color: '#2563EB', hotkey: '', applicable_type: 'imagesOnly', classes: [] },
      ],
      projectType: 'images',
    }),
  );
  const train = join(root, 'train');
  write(join(train, 'ann', 'IMG_1.jpeg.json'), ann(1067, 800, 4));
  write(join(train, 'img_info', 'IMG_1.jpeg.json'), json(imgInfo27(1001, 'IMG_1.jpeg', 2532)));
  write(join(train, 'ann', 'IMG_2.jpeg.json'), ann(1067, 800, 0));
  write(join(train, 'img_info', 'IMG_2.jpeg.json'), json(imgInfo27(1002, 'IMG_2.jpeg', 2532, { labels_count: 0, tags: [] })));
  mkdirSync(join(train, 'img'), { recursive: true });
  const city = join(train, 'datasets', 'city');
  write(join(city, 'ann', 'c1.jpeg.json'), ann(640, 480, 2));
  write(join(city, 'img_info', 'c1.jpeg.json'), json(imgInfo17(2001, 'c1.jpeg', 2533)));
  mkdirSync(join(city, 'img'), { recursive: true });
  const night = join(city, 'datasets', 'night');
  write(join(night, 'img', 'n1.png'), TINY_PNG);
  // Legacy annotation name: <stem>.json instead of <item>.json.
  write(join(night, 'ann', 'n1.json'), ann(1, 1, 3, [{ name: 'weather', value: 'rain', labelerLogin: 'bob' }]));
  const zurich = join(root, 'Zürich 東京');
  write(join(zurich, 'img', 'straße.png'), TINY_PNG);
  write(join(zurich, 'ann', 'straße.png.json'), ann(1, 1, 0, [{ name: 'review' }]));
  write(join(zurich, 'meta', 'straße.png.json'), json({ camera: 'cam 07' }));
  write(join(root, 'README.md'), '# downloaded project\n');
  write(join(root, 'only-images', 'img', 'x.png'), TINY_PNG);
}
