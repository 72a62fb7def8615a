import { DEMO_DATASETS, DEMO_PROJECT, DEMO_TAGS, WEATHER } from './demo-project';
import { normal, pick, seededRandom, weighted, type Rng } from './random';

const RESOLUTIONS: readonly (readonly [readonly [number, number], number])[] = [
  [[1920, 1080], 40],
  [[1280, 720], 20],
  [[3840, 2160], 8],
  [[4032, 3024], 6],
  [[1024, 768], 10],
  [[640, 480], 8],
  [[2048, 1536], 5],
  [[800, 600], 3],
];
const MIMES: readonly (readonly [string, number])[] = [
  ['image/jpeg', 80],
  ['image/png', 15],
  ['image/webp', 5],
];
const AUTHORS: readonly (readonly [string, number])[] = [
  ['alice', 30],
  ['bogdan', 22],
  ['chen.wei', 15],
  ['dmitry', 10],
  ['eva-m', 8],
  ['farah', 6],
  ['gus', 5],
  ['admin', 4],
];
const CAMERAS = ['cam-01', 'cam-02', 'cam-07', 'cam 07', 'cam-12', 'gopro-3', 'dji-mini'];
const PLACES = ['Berlin', 'São Paulo', 'Kraków', 'Zürich', '東京', 'Lagos', 'Montréal'];
const WEIGHTED_DATASETS = DEMO_DATASETS.filter(([, , , w]) => w > 0).map(
  ([id, , , w]) => [id, w] as const,
);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const START = Date.parse('2023-01-09T08:00:00.000Z');
const SPAN = Date.parse('2025-10-31T18:00:00.000Z') - START;

/** base64 of 32 bytes, the shape of a real SHA-256 `hash` (44 characters, one "="). */
function hash(rng: Rng): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Math.floor(rng() * 256);
  return Buffer.from(bytes).toString('base64');
}

function fileName(rng: Rng, i: number, ext: string): string {
  const style = rng();
  if (style < 0.45) return `IMG_${String(1000 + (i % 9000)).padStart(4, '0')}_${i}.${ext}`;
  if (style < 0.75) return `frame_${String(i).padStart(7, '0')}.${ext}`;
  if (style < 0.95) {
    const cam = pick(rng, CAMERAS).replace(' ', '');
    return `${cam}_2024${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}_${i}.${ext}`;
  }
  return `${pick(rng, PLACES)} street ${i}.${ext}`;
}

function meta(rng: Rng, night: boolean): Record<string, unknown> {
  const m: Record<string, unknown> = { camera: pick(rng, CAMERAS) };
  if (rng() < 0.7) m.exposure_ms = Math.round(2 + rng() * (night ? 60 : 12));
  if (rng() < 0.5) m.gps = { lat: +(rng() * 140 - 70).toFixed(5), lon: +(rng() * 360 - 180).toFixed(5) };
  if (rng() < 0.6) m.city = pick(rng, PLACES);
  m.night = night;
  if (rng() < 0.3) m.iso = pick(rng, [100, 200, 400, 800, 1600, 3200]);
  if (rng() < 0.1) m.customSort = String.fromCharCode(97 + Math.floor(rng() * 26));
  if (rng() < 0.05) m.notes = 'operator flagged: check the horizon';
  return m;
}

/**
 * Realistic ImageInfo records as the server's API sends them (camelCase), from a seed: skewed
 * dataset sizes, tags with values by type, `meta` of mixed types, lognormal file sizes, a few
 * link-registered images without hash, and unicode names.
 */
export function* generateDemo(count: number, seed: number): Generator<Record<string, unknown>> {
  const rng = seededRandom(seed);
  let tagInstance = 2_224_600;
  for (let i = 0; i < count; i++) {
    const id = 770_000 + i;
    const datasetId = weighted(rng, WEIGHTED_DATASETS);
    const night = datasetId === 2533 || rng() < 0.1;
    const [width, height] = weighted(rng, RESOLUTIONS);
    const mime = weighted(rng, MIMES);
    const ext = mime.slice(6);
    const bytesPerPixel = mime === 'image/png' ? 1.4 : 0.18;
    const size = Math.max(
      4096,
      Math.round(width * height * bytesPerPixel * Math.exp(normal(rng) * 0.35)),
    );
    const created = START + Math.floor(rng() * SPAN);
    const updated = rng() < 0.4 ? created + Math.floor(rng() * 90 * 86_400_000) : created;
    const author = weighted(rng, AUTHORS);
    const unlabeled = datasetId >= 2550;
    const labels = unlabeled || rng() < 0.18 ? 0 : Math.round(Math.exp(rng() * 3.4));
    const byLink = rng() < 0.03;
    const tags = [];
    for (const [tagId, , type, , p] of DEMO_TAGS) {
      if (rng() >= p) continue;
      tags.push({
        id: tagInstance++,
        tagId,
        entityId: id,
        value:
          type === 'oneof_string'
            ? pick(rng, WEATHER)
            : type === 'any_number'
              ? Math.round(rng() * 100) / 10
              : type === 'any_string'
                ? 'hold out for v2'
                : null,
        labelerLogin: pick(rng, AUTHORS)[0],
        createdAt: new Date(updated).toISOString(),
        updatedAt: new Date(updated).toISOString(),
      });
    }
    const name = fileName(rng, i, ext === 'jpeg' ? 'jpg' : ext);
    const path = `/h5un6l2bnaz1vj8a9qgms4-public/images/original/${B64[i % 62]}/${B64[(i >> 6) % 62]}/${id}.${ext}`;
    yield {
      id,
      name,
      link: byLink ? `https://cdn.example.com/fleet/${id}.${ext}` : null,
      hash: byLink ? null : hash(rng),
      mime,
      ext,
      size,
      width,
      height,
      labelsCount: labels,
      datasetId,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(updated).toISOString(),
      meta: meta(rng, night),
      pathOriginal: path,
      fullStorageUrl: `https://app.supervisely.com${path}`,
      tags,
      createdBy: author,
      projectId: DEMO_PROJECT.id,
      description: rng() < 0.15 ? `${night ? 'Night' : 'Day'} drive, ${pick(rng, PLACES)}` : '',
    };
  }
}
