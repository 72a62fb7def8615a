import { createHash } from 'node:crypto';
import { openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { exportManifestSchema, exportRequestSchema, type ExportRequestInput } from '../../../shared/export';
import type { ImageInfo } from '../../../shared/image-info';
import { querySchema } from '../../../shared/query';
import { countMatches, iterateMatches } from '../cache/image-query';
import { openCache, type Db } from '../cache/open-cache';
import { importDemo } from '../demo/import-demo';
import { importPath } from '../import/import-path';
import { importRecords } from '../import/import-records';
import { useTempDir } from '../../../test-support/temp-dir';
import { runExport, manifestPathFor } from './run-export';

const dir = useTempDir();
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function cache(name = 'cache.sqlite'): Db {
  const db = openCache(join(dir(), name));
  dbs.push(db);
  return db;
}

async function demoCache(count = 600): Promise<Db> {
  const db = cache();
  await importDemo(db, count, 11);
  return db;
}

function request(input: Omit<ExportRequestInput, 'query'> & { query?: ExportRequestInput['query'] }) {
  return exportRequestSchema.parse({ query: { text: '' }, ...input });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every record of a cache in a stable order, as ImageInfo. */
function records(db: Db, text = ''): ImageInfo[] {
  return [...iterateMatches(db, querySchema.parse({ text, sort: [{ key: 'id', dir: 'asc' }] }))];
}

/** Files in the export folder other than the cache: what an export left behind. */
function leftovers(): string[] {
  return readdirSync(dir()).filter((f) => !f.startsWith('cache.sqlite'));
}

describe('export', () => {
  it('writes the view as CSV: its rows in its order, the chosen columns, and a manifest', async () => {
    const db = await demoCache();
    const query = { text: 'street', sort: [{ key: 'size', dir: 'desc' as const }] };
    const dest = join(dir(), 'street.csv');
    const res = await runExport(db, {
      request: request({ query, format: 'csv', columns: ['name', 'dataset', 'size', 'width', 'tag_names', 'meta'] }),
      dest,
      appVersion: '1.2.3',
    });
    const rows = parse(readFileSync(dest), { columns: true, bom: true }) as Record<string, string>[];
    const expected = [...iterateMatches(db, querySchema.parse(query))];
    expect(expected.length).toBeGreaterThan(10);
    expect(rows).toHaveLength(expected.length);
    expect(res.records).toBe(expected.length);
    expect(Object.keys(rows[0] ?? {})).toEqual(['name', 'dataset', 'size', 'width', 'tag_names', 'meta']);
    rows.forEach((r, i) => {
      const e = expected[i] as ImageInfo;
      expect(r.name).toBe(e.name);
      expect(r.size).toBe(e.size === null || e.size === undefined ? '' : String(e.size));
      expect(JSON.parse(r.meta as string)).toEqual(e.meta);
      expect(Array.isArray(JSON.parse(r.tag_names as string))).toBe(true);
    });
    expect(rows[0]?.dataset).toMatch(/\//);
    const manifest = exportManifestSchema.parse(JSON.parse(readFileSync(manifestPathFor(dest), 'utf8')));
    expect(manifest).toMatchObject({ rows: expected.length, format: 'csv', file: 'street.csv', query_text: 'street', app_version: '1.2.3' });
    expect(manifest.sha256).toBe(sha256(dest));
    expect(manifest.bytes).toBe(readFileSync(dest).length);
    expect(manifest.sources).toEqual([expect.objectContaining({ label: 'Demo data', rows: expected.length, kind: 'demo' })]);
    expect(manifest.sources[0]?.last_import_at).toMatch(/^\d{4}-/);
    expect(leftovers().sort()).toEqual(['street.csv', 'street.csv.manifest.json']);
  });

  it('flattens meta into meta.KEY columns and writes a BOM when asked', async () => {
    const db = await demoCache(300);
    const dest = join(dir(), 'flat.csv');
    await runExport(db, {
      request: request({ format: 'csv', columns: ['id', 'meta'], options: { meta: 'columns', bom: true } }),
      dest,
      appVersion: 't',
    });
    const bytes = readFileSync(dest);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
    const header = Object.keys(rows[0] ?? {});
    expect(header[0]).toBe('id');
    expect(header).toContain('meta.camera');
    expect(header.every((h) => h === 'id' || h.startsWith('meta.'))).toBe(true);
    const byId = new Map(records(db).map((r) => [String(r.id), r]));
    for (const r of rows.slice(0, 50)) {
      const meta = byId.get(r.id as string)?.meta ?? {};
      for (const h of header.slice(1)) {
        const v = meta[h.slice(5)];
        const want = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        expect(r[h]).toBe(want);
      }
    }
  });

  it('writes meta columns chosen in the table where the table has them, beside the flattened rest', async () => {
    const db = await demoCache(300);
    const dest = join(dir(), 'view.csv');
    const cols = ['name', 'meta.camera', 'size', 'meta.no_such_key'];
    await runExport(db, { request: request({ format: 'csv', columns: cols as ExportRequestInput['columns'] }), dest, appVersion: 't' });
    const rows = parse(readFileSync(dest), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(cols);
    const byName = new Map(records(db).map((r) => [r.name, r]));
    const cameras = rows.filter((r) => r['meta.camera'] !== '');
    expect(cameras.length).toBeGreaterThan(10);
    for (const r of rows) {
      const camera = byName.get(r.name as string)?.meta?.camera;
      expect(r['meta.camera']).toBe(camera === undefined || camera === null ? '' : String(camera));
      expect(r['meta.no_such_key']).toBe('');
    }
    // With meta also flattened, meta.camera is written once, where it was chosen.
    const both = join(dir(), 'both.csv');
    await runExport(db, {
      request: request({ format: 'csv', columns: ['meta.camera', 'id', 'meta'], options: { meta: 'columns' } }),
      dest: both,
      appVersion: 't',
    });
    const header = Object.keys((parse(readFileSync(both), { columns: true }) as Record<string, string>[])[0] ?? {});
    expect(header[0]).toBe('meta.camera');
    expect(header.filter((h) => h === 'meta.camera')).toHaveLength(1);
    expect(header.length).toBeGreaterThan(3);
    expect(() => request({ format: 'csv', columns: ['meta.'] as unknown as ExportRequestInput['columns'] })).toThrow(/not an export column|not a column/);
  });

  it('JSON Lines re-import into a fresh cache as identical records, names included', async () => {
    const db = await demoCache(800);
    const dest = join(dir(), 'all.jsonl');
    await runExport(db, { request: request({ format: 'jsonl' }), dest, appVersion: 't' });
    const fresh = cache('fresh.sqlite');
    const res = await importPath(fresh, dest);
    expect(res).toMatchObject({ records: 800, inserted: 800 });
    expect(records(fresh)).toEqual(records(db));
    const paths = (d: Db) => d.prepare('SELECT id, dataset_path FROM images ORDER BY id').all();
    expect(paths(fresh)).toEqual(paths(db));
    const tagNames = (d: Db) => d.prepare('SELECT id, name, value_type FROM tag_metas ORDER BY id').all();
    expect(tagNames(fresh)).toEqual(tagNames(db));
  });

  it('keeps unknown keys (null ones too), numbers written as strings and odd text through a JSON Lines round trip', async () => {
    const db = cache();
    const recs = [
      { id: 1, name: 'a "quoted", name\nwith a line break.jpg', size: '148388', created_by: 7, zeta: null, Alpha: { deep: [1, 'x'] } },
      { id: 2, name: '=cmd|calc.png', created_by: 'admin', meta: { 'weird key': '\u0000\t', n: 9007199254740991 } },
      { id: 3, name: '漢字 😀.webp', tags: [{ id: 5, tagId: 9, value: 3.5, labelerLogin: null }] },
    ];
    await importRecords(db, { kind: 'file', uri: 'odd', label: 'odd' }, recs.map((value, i) => ({ line: i + 1, value })), {}, { label: 'odd' });
    const dest = join(dir(), 'odd.jsonl');
    await runExport(db, { request: request({ format: 'jsonl' }), dest, appVersion: 't' });
    const lines = readFileSync(dest, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.id === 1)).toMatchObject({ zeta: null, Alpha: { deep: [1, 'x'] }, size: 148388, created_by: 7 });
    const fresh = cache('fresh.sqlite');
    await importPath(fresh, dest);
    expect(records(fresh)).toEqual(records(db));
  });

  it('writes a JSON array of the chosen columns', async () => {
    const db = await demoCache(200);
    const dest = join(dir(), 'some.json');
    await runExport(db, { request: request({ format: 'json', columns: ['id', 'name', 'tags', 'created_by'] }), dest, appVersion: 't' });
    const arr = JSON.parse(readFileSync(dest, 'utf8')) as Record<string, unknown>[];
    const want = [...iterateMatches(db, querySchema.parse({}))].map((r) => ({ id: r.id, name: r.name, tags: r.tags, created_by: r.created_by ?? null }));
    expect(arr).toEqual(want);
    const empty = join(dir(), 'none.json');
    await runExport(db, { request: request({ format: 'json', query: { text: 'no such image' } }), dest: empty, appVersion: 't' });
    expect(JSON.parse(readFileSync(empty, 'utf8'))).toEqual([]);
  });

  it('exports exactly the selected rows, in the view order', async () => {
    const db = await demoCache(300);
    const all = records(db);
    const rowIds = (db.prepare('SELECT row_id FROM images ORDER BY id DESC LIMIT 7').pluck().all() as number[]);
    const dest = join(dir(), 'sel.jsonl');
    const res = await runExport(db, {
      request: request({ format: 'jsonl', scope: { kind: 'selection', row_ids: rowIds }, query: { text: '', sort: [{ key: 'id', dir: 'asc' }] } }),
      dest,
      appVersion: 't',
    });
    const ids = readFileSync(dest, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    expect(res.records).toBe(7);
    expect(ids).toEqual(all.slice(-7).map((r) => r.id));
    const manifest = JSON.parse(readFileSync(manifestPathFor(dest), 'utf8')) as { scope: string };
    expect(manifest.scope).toBe('selection');
  });

  it('a full disk fails with a clear error and leaves no file behind', async () => {
    const db = await demoCache(300);
    const dest = join(dir(), 'full.csv');
    const job = { request: request({ format: 'csv' }), dest, appVersion: 't' };
    // Every write goes to /dev/full, which answers ENOSPC like a disk with no room left.
    await expect(runExport(db, job, { open: () => openSync('/dev/full', 'w') })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^The disk is full: .*full\.csv could not be written\. Nothing was saved/),
    });
    expect(leftovers()).toEqual([]);
    // The same through the Supervisely layout: the 50th file fails.
    let files = 0;
    const failing = (path: string, data: string, exclusive: boolean) => {
      if (++files === 50) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      writeFileSync(path, data, exclusive ? { flag: 'wx' } : undefined);
    };
    const layout = { ...job, dest: join(dir(), 'project'), request: request({ format: 'supervisely' }) };
    await expect(runExport(db, layout, { writeFile: failing })).rejects.toMatchObject({ message: expect.stringMatching(/^The disk is full/) });
    expect(leftovers()).toEqual([]);
  });

  it('a folder that cannot be written to gives a clear error', async () => {
    const db = await demoCache(50);
    const job = { request: request({ format: 'csv' }), dest: join(dir(), 'missing', 'x.csv'), appVersion: 't' };
    await expect(runExport(db, job)).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/^The folder .*missing does not exist/) });
  });

  it('a cancelled export leaves nothing behind', async () => {
    const db = await demoCache(5000);
    let checks = 0;
    const job = { request: request({ format: 'parquet' }), dest: join(dir(), 'x.parquet'), appVersion: 't' };
    await expect(runExport(db, job, { isCancelled: () => ++checks > 2 })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(leftovers()).toEqual([]);
  });

  it('counts every record it writes and reports progress as a fraction of the total', async () => {
    const db = await demoCache(5000);
    const seen: number[] = [];
    await runExport(db, { request: request({ format: 'jsonl' }), dest: join(dir(), 'p.jsonl'), appVersion: 't' }, {
      onProgress: (p) => seen.push(p.fraction ?? -1),
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= (seen[i - 1] as number)))).toBe(true);
    expect(countMatches(db, querySchema.parse({}))).toBe(5000);
  });
});

