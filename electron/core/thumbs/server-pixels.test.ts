import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { THUMB_BASE, thumbUrl } from '../../../shared/thumb-url';
import { scriptedFaults } from '../../../test-support/fake-server/faults';
import { syncFixture, type SyncFixture } from '../../../test-support/sync-test-support';
import { makeTempDir } from '../../../test-support/temp-dir';
import { importPath } from '../import/import-path';
import { listAccounts } from '../sync/accounts';
import { makeThumbnails } from './make-thumbnails';
import { previewUrl, ServerPixels } from './server-pixels';
import { ThumbMaker } from './thumb-maker';
import { ThumbService } from './thumb-service';
import { thumbAnswer } from './thumb-answer';
import { ThumbStore } from './thumb-store';

let tmp: { dir: string; remove: () => void };
let f: SyncFixture;
let store: ThumbStore;
let maker: ThumbMaker;
let pixels: ServerPixels;
let service: ThumbService;
const tokens = new Map<number, string>();
/** Another host on loopback: whatever asks it anything is counted. */
let other: Server;
let otherHits = 0;
let otherUrl = '';

const rowOf = (id: number, sourceId = f.sourceId) =>
  f.db.prepare('SELECT row_id FROM images WHERE source_id = ? AND id = ?').pluck().get(sourceId, id) as number;
const serve = (id: number, signal?: AbortSignal, sourceId?: number) => service.serve(thumbUrl(THUMB_BASE, rowOf(id, sourceId)), signal);
const imagesBy = (mime: string) => [...f.fake.data.images.values()].filter((i) => i.mime === mime).map((i) => i.id);
const asked = (method: string) => f.fake.stats.requests.filter((r) => r.method === method);

beforeAll(async () => {
  tmp = makeTempDir();
  // PNG previews are refused (as an image service may refuse an original): those come by images.download.
  f = await syncFixture(tmp.dir, { projects: [{ name: 'Cams', images: 12, nested: false }] }, { refusePreview: (img) => img.mime === 'image/png' });
  await f.sync();
  tokens.set(f.sourceId, f.token);
  store = ThumbStore.open(join(tmp.dir, 'thumbs'));
  maker = new ThumbMaker(undefined, 1);
  pixels = new ServerPixels(() => listAccounts(f.db), async (a) => tokens.get(a.source_id) ?? null, { timeoutMs: 3_000, attempts: 3, backoffBaseMs: 2, backoffCapMs: 20 });
  service = new ThumbService(f.db, store, maker, pixels);
  other = createServer((_req, res) => {
    otherHits++;
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end();
  });
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await maker.close();
  store.close();
  await f.close();
  await new Promise((ok) => other.close(ok));
  tmp.remove();
});

describe('pixels from a connected server', () => {
  it('builds the preview address the SDK builds from full_storage_url', () => {
    expect(previewUrl('https://app.supervisely.com/h5un-public/images/original/2/X/Re/x.jpg', 256)).toBe(
      'https://app.supervisely.com/previews/q/ext:jpeg/resize:fit:256:256:0/q:70/plain/h5un-public/images/original/2/X/Re/x.jpg',
    );
    expect(previewUrl('not a url', 256)).toBeNull();
    expect(previewUrl('file:///etc/passwd', 256)).toBeNull();
  });

  it('fetches a synced record’s preview with the stored token, makes and keeps its thumbnail, and serves it from the store after', async () => {
    const id = imagesBy('image/jpeg')[0] as number;
    const img = f.fake.data.images.get(id) as unknown as { width: number; height: number; pathOriginal: string };
    const r = await serve(id);
    expect(r).toMatchObject({ status: 200, headers: { 'content-type': 'image/webp' } });
    const meta = await sharp(r.body as Uint8Array).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(256);
    expect(Math.abs((meta.width ?? 0) / (meta.height ?? 1) - img.width / img.height)).toBeLessThan(0.02);
    expect(asked('previews').at(-1)).toMatchObject({ apiKey: f.token, body: { path: img.pathOriginal } });
    expect(asked('images.download')).toHaveLength(0);
    const before = f.fake.stats.requests.length;
    const again = await serve(id);
    expect(Buffer.from(again.body as Uint8Array).equals(Buffer.from(r.body as Uint8Array))).toBe(true);
    expect(f.fake.stats.requests.length).toBe(before);
  });

  it('falls back to images.download when the preview is refused', async () => {
    const id = imagesBy('image/png')[0] as number;
    const r = await serve(id);
    expect(r.headers['content-type']).toBe('image/webp');
    expect(asked('previews').at(-1)?.body).toMatchObject({ path: f.fake.data.images.get(id)?.pathOriginal });
    expect(asked('images.download').at(-1)).toMatchObject({ body: { id }, apiKey: f.token });
  });

  it('contacts only a connected account’s host: an imported record naming another host is "not connected"', async () => {
    const dump = join(tmp.dir, 'dump.jsonl');
    const jpeg = imagesBy('image/jpeg')[1] as number;
    const path = f.fake.data.images.get(jpeg)?.pathOriginal as string;
    writeFileSync(
      dump,
      [
        { id: 801, name: 'elsewhere.jpg', full_storage_url: `${otherUrl}${path}`, meta: {}, tags: [] },
        { id: 802, name: 'linked.jpg', link: `${otherUrl}/cdn/802.jpg`, meta: {}, tags: [] },
        // Imported from a dump, but stored on the connected server: fetched from there.
        { id: jpeg, name: 'same-server.jpg', full_storage_url: `${f.fake.url}${path}`, meta: {}, tags: [] },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const src = (await importPath(f.db, dump)).source_id as number;
    const before = f.fake.stats.requests.length;
    for (const id of [801, 802]) {
      const r = await serve(id, undefined, src);
      expect(r.headers['x-loupe-placeholder']).toBe('not-connected');
      expect(r.body).toContain('Server not connected');
    }
    expect(otherHits).toBe(0);
    expect(f.fake.stats.requests.length).toBe(before);
    const same = await serve(jpeg, undefined, src);
    expect(same.headers['content-type']).toBe('image/webp');
    expect(asked('previews').at(-1)).toMatchObject({ body: { path }, apiKey: f.token });
  });

  it('retries 429 and 5xx like a sync, then gets the preview', async () => {
    const id = imagesBy('image/jpeg')[2] as number;
    const n = asked('previews').length;
    f.fake.faults = scriptedFaults([
      { method: 'previews', fault: { type: 'status', status: 429, retryAfter: { seconds: 0 } } },
      { method: 'previews', fault: { type: 'status', status: 503 } },
    ]);
    const r = await serve(id);
    f.fake.faults = undefined;
    expect(r.headers['content-type']).toBe('image/webp');
    expect(asked('previews').length - n).toBe(3);
  });

  it('says the token was refused (401) without putting it anywhere, and "not connected" without a token', async () => {
    const [a, b] = imagesBy('image/jpeg').slice(3) as [number, number];
    tokens.set(f.sourceId, 'a-wrong-token-0123456789');
    const r = await serve(a);
    expect(r.headers['x-loupe-placeholder']).toBe('token-refused');
    expect(asked('images.download').at(-1)).toMatchObject({ body: { id: a }, apiKey: 'a-wrong-token-0123456789' });
    tokens.delete(f.sourceId);
    const before = f.fake.stats.requests.length;
    expect((await serve(b)).headers['x-loupe-placeholder']).toBe('not-connected');
    expect(f.fake.stats.requests.length).toBe(before);
    tokens.set(f.sourceId, f.token);
  });

  it('offline: a kept thumbnail is still served, one never made says "offline"', async () => {
    const [kept, never] = [imagesBy('image/jpeg')[0] as number, imagesBy('image/jpeg')[5] as number];
    await f.fake.goOffline();
    try {
      expect((await serve(kept)).headers['content-type']).toBe('image/webp');
      const r = await serve(never);
      expect(r.headers['x-loupe-placeholder']).toBe('offline');
      expect(r.body).toContain('Offline');
    } finally {
      await f.fake.goOnline();
    }
  });

  it('aborts the server request when the tile scrolls away, and keeps nothing of it', async () => {
    const id = imagesBy('image/jpeg')[6] ?? (imagesBy('image/png')[1] as number);
    let reached = () => {};
    const atServer = new Promise<void>((ok) => (reached = ok));
    let release = () => {};
    f.fake.options.pause = () => {
      reached();
      return new Promise<void>((ok) => (release = ok));
    };
    const tile = new AbortController();
    const pending = serve(id, tile.signal);
    await atServer;
    expect(f.fake.stats.inFlight).toBe(1);
    tile.abort();
    expect((await pending).status).toBe(499);
    // The socket closed: the fake's answer is never written (it sees a destroyed socket).
    await expect.poll(() => f.fake.stats.inFlight).toBe(0);
    f.fake.options.pause = undefined;
    release();
    const key = { sourceId: f.sourceId, imageId: id, size: 256 };
    expect(store.get(key, `server:${String(f.fake.data.images.get(id)?.hash)}`)).toBeNull();
  });

  it('main’s answer: at once, streamed while the work runs, and cancelling its body aborts the fetch', async () => {
    // Two records the tests above left without a thumbnail (token refused, not connected).
    const [first, second] = imagesBy('image/jpeg').slice(3, 5) as [number, number];
    const url = (id: number) => thumbUrl(THUMB_BASE, rowOf(id));
    const res = thumbAnswer(service, url(first));
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg [^>]*width="256"[^>]*><image href="data:image\/webp;base64,[A-Za-z0-9+/=]+"/);
    expect(thumbAnswer(service, url(first)).headers.get('content-type')).toBe('image/webp');

    let reached = () => {};
    const atServer = new Promise<void>((ok) => (reached = ok));
    f.fake.options.pause = () => {
      reached();
      return new Promise<void>(() => undefined);
    };
    const waiting = thumbAnswer(service, url(second));
    const reader = (waiting.body as ReadableStream<Uint8Array>).getReader();
    const read = reader.read();
    await atServer;
    // Electron destroys the body stream of a request the page gave up: the same as cancelling it.
    await reader.cancel();
    await read;
    await expect.poll(() => f.fake.stats.inFlight).toBe(0);
    f.fake.options.pause = undefined;
    expect(store.get({ sourceId: f.sourceId, imageId: second, size: 256 }, `server:${String(f.fake.data.images.get(second)?.hash)}`)).toBeNull();
  });

  it('keeps a few requests in flight, whatever the grid asks for at once', async () => {
    const fresh = ThumbStore.open(join(tmp.dir, 'thumbs-burst'));
    const burst = new ServerPixels(() => listAccounts(f.db), async () => f.token, { timeoutMs: 5_000, attempts: 2, backoffBaseMs: 2, backoffCapMs: 20 });
    const s = new ThumbService(f.db, fresh, maker, burst);
    f.fake.stats.peakInFlight = 0;
    const all = [...f.fake.data.images.keys()];
    const answers = await Promise.all(all.map((id) => s.serve(thumbUrl(THUMB_BASE, rowOf(id)))));
    expect(answers.every((a) => a.headers['content-type'] === 'image/webp')).toBe(true);
    expect(burst.peakInFlight).toBe(4);
    expect(f.fake.stats.peakInFlight).toBeLessThanOrEqual(4);
    fresh.close();
  });

  it('"make thumbnails" covers server records: made, then cached; a record of another host is missing', async () => {
    const fresh = ThumbStore.open(join(tmp.dir, 'thumbs-run'));
    const all = querySchema.parse({});
    // A run iterates the cache on this connection: it reads the accounts once, before.
    const accounts = listAccounts(f.db);
    const run = new ServerPixels(() => accounts, async () => f.token, { timeoutMs: 5_000, attempts: 2, backoffBaseMs: 2, backoffCapMs: 20 });
    const first = await makeThumbnails(f.db, fresh, maker, run, all, 256);
    // 12 synced records, the dump's same-server record; the two pointing elsewhere have no pixels.
    expect(first).toMatchObject({ made: 13, cached: 0, missing: 2, failed: 0 });
    const second = await makeThumbnails(f.db, fresh, maker, run, all, 256);
    expect(second).toMatchObject({ made: 0, cached: 13, missing: 2, failed: 0 });
    fresh.close();
    // Without a token, nothing is asked and nothing fails: those records are not connected.
    const empty = ThumbStore.open(join(tmp.dir, 'thumbs-run-no-token'));
    const asked = f.fake.stats.requests.length;
    const none = await makeThumbnails(f.db, empty, maker, new ServerPixels(() => accounts, async () => null), all, 256);
    expect(none).toMatchObject({ made: 0, cached: 0, missing: 15, failed: 0 });
    expect(f.fake.stats.requests.length).toBe(asked);
    empty.close();
  });
});
