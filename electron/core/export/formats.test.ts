import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import { exportRequestSchema, type ExportRequestInput } from '../../../shared/export';
import { IMAGE_INFO_FIELDS, type ImageInfo } from '../../../shared/image-info';
import { querySchema } from '../../../shared/query';
import { iterateMatches } from '../cache/image-query';
import { openCache, type Db } from '../cache/open-cache';
import { importDemo } from '../demo/import-demo';
import { importPath } from '../import/import-path';
import { importRecords } from '../import/import-records';
import { useTempDir } from '../../../test-support/temp-dir';
import { runExport } from './run-export';
import { datasetFolder, safeSegment } from './supervisely-layout';

const dir = useTempDir();
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function cache(name: string): Db {
  const db = openCache(join(dir(), name));
  dbs.push(db);
  return db;
}

const request = (input: Omit<ExportRequestInput, 'query'>) => exportRequestSchema.parse({ query: { text: '' }, ...input });
const byId = (db: Db): ImageInfo[] => [...iterateMatches(db, querySchema.parse({ sort: [{ key: 'id', dir: 'asc' }] }))];

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile());
}

/**
 * The SDK's project reader rules (supervisely-api.md §4), checked on our own output: which
 * folders it takes as datasets and which items it finds in them.
 */
function sdkRead(root: string): Map<string, string[]> {
  const RESERVED = new Set(['img', 'ann', 'img_info', 'seg', 'meta', 'blob']);
  const out = new Map<string, string[]>();
  const visit = (d: string, parts: string[]) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory() || RESERVED.has(e.name)) continue;
      if (e.name === 'datasets') continue;
      const full = join(d, e.name);
      const hasAnn = existsSync(join(full, 'ann'));
      const hasImg = existsSync(join(full, 'img'));
      // A candidate without ann/ or img/ is skipped by the SDK: ours must never be.
      expect(hasAnn && hasImg, `${relative(root, full)} has ann/ and img/`).toBe(true);
      const items = readdirSync(join(full, 'ann')).map((f) => f.replace(/\.json$/, ''));
      out.set([...parts, e.name].join('/'), items);
      if (existsSync(join(full, 'datasets'))) visit(join(full, 'datasets'), [...parts, e.name]);
    }
  };
  visit(root, []);
  return out;
}

describe('Supervisely project layout', () => {
  it('is what the SDK reader accepts, and re-imports as identical records', async () => {
    const db = cache('cache.sqlite');
    await importDemo(db, 400, 5);
    const dest = join(dir(), 'Street scenes');
    const res = await runExport(db, { request: request({ format: 'supervisely' }), dest, appVersion: 't' });
    expect(res.records).toBe(400);

    // meta.json: tag metas the SDK's TagMeta.from_json accepts (unique names, known value
    // types, values only for oneof_string, and then strings).
    const meta = JSON.parse(readFileSync(join(dest, 'meta.json'), 'utf8')) as { tags: Record<string, unknown>[]; classes: unknown[] };
    expect(meta.classes).toEqual([]);
    expect(meta.tags.length).toBe(7);
    expect(new Set(meta.tags.map((t) => t.name)).size).toBe(meta.tags.length);
    for (const t of meta.tags) {
      expect(['none', 'any_number', 'any_string', 'oneof_string', 'date']).toContain(t.value_type);
      if (t.value_type === 'oneof_string') expect((t.values as unknown[]).every((v) => typeof v === 'string')).toBe(true);
      else expect(t.values).toBeUndefined();
    }
    expect(meta.tags.find((t) => t.value_type === 'oneof_string')?.values).toEqual(expect.arrayContaining([expect.any(String)]));

    // Datasets follow the nested paths; every item has img_info and ann of the same name.
    const datasets = sdkRead(dest);
    const paths = db.prepare('SELECT DISTINCT dataset_path FROM images').pluck().all() as string[];
    const parents = paths.map((p) => p.split('/').slice(0, -1).join('/')).filter((p) => p);
    expect([...datasets.keys()].sort()).toEqual([...new Set([...paths, ...parents])].sort());
    expect(existsSync(join(dest, 'train', 'datasets', 'city', 'img_info'))).toBe(true);
    let items = 0;
    for (const [path, names] of datasets) {
      const d = join(dest, datasetFolder(path));
      expect(readdirSync(join(d, 'img'))).toEqual([]);
      expect(readdirSync(join(d, 'img_info')).sort()).toEqual(names.map((n) => `${n}.json`).sort());
      for (const n of names.slice(0, 20)) {
        const info = JSON.parse(readFileSync(join(d, 'img_info', `${n}.json`), 'utf8')) as Record<string, unknown>;
        expect(Object.keys(info)).toEqual([...IMAGE_INFO_FIELDS]);
        expect(info.name).toBe(n);
        const ann = JSON.parse(readFileSync(join(d, 'ann', `${n}.json`), 'utf8')) as Record<string, unknown>;
        expect(ann).toEqual({ description: '', size: { height: info.height, width: info.width }, tags: [], objects: [] });
      }
      items += names.length;
    }
    expect(items).toBe(400);

    // SHA256SUMS lists every file with its hash; the manifest carries the hash of that list.
    const sums = readFileSync(join(dest, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums).toHaveLength(filesUnder(dest).length - 1);
    for (const line of sums.slice(0, 30)) {
      const [hash, rel] = line.split('  ') as [string, string];
      expect(createHash('sha256').update(readFileSync(join(dest, rel))).digest('hex')).toBe(hash);
    }
    const manifest = JSON.parse(readFileSync(`${dest}.manifest.json`, 'utf8')) as { sha256: string };
    expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(join(dest, 'SHA256SUMS'))).digest('hex'));

    // The project folder importer reads it back: the same records, dataset paths and tag names.
    const fresh = cache('fresh.sqlite');
    expect(await importPath(fresh, dest)).toMatchObject({ records: 400, inserted: 400 });
    expect(byId(fresh)).toEqual(byId(db));
    const pathOf = (d: Db) => d.prepare('SELECT id, dataset_path FROM images ORDER BY id').all();
    expect(pathOf(fresh)).toEqual(pathOf(db));
  });

  it('makes names safe as files and keeps dataset folders out of the reserved names', () => {
    expect(safeSegment('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeSegment('..')).toBe('_');
    expect(safeSegment('CON.jpg')).toBe('_CON.jpg');
    expect(safeSegment('a:b?.png')).toBe('a_b_.png');
    expect(Buffer.byteLength(safeSegment('x'.repeat(400) + '.jpg'))).toBeLessThanOrEqual(200);
    expect(datasetFolder('train/img/ann')).toBe('train/datasets/img_/datasets/ann_');
  });
});

describe('Parquet', () => {
  it('holds every row with typed columns, meta flattened into typed meta.KEY columns', async () => {
    const db = cache('cache.sqlite');
    await importDemo(db, 40_000, 9); // two row groups
    const dest = join(dir(), 'all.parquet');
    const columns = ['id', 'name', 'width', 'size', 'created_by', 'tags', 'meta'] as const;
    await runExport(db, { request: request({ format: 'parquet', columns: [...columns], options: { meta: 'columns' } }), dest, appVersion: 't' });
    const buf = readFileSync(dest);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const rows = (await parquetReadObjects({
      file,
      compressors: { ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)) },
    })) as Record<string, unknown>[];
    const want = [...iterateMatches(db, querySchema.parse({}))];
    expect(rows).toHaveLength(want.length);
    for (const i of [0, 1, 32_767, 32_768, 39_999]) {
      const r = rows[i] as Record<string, unknown>;
      const w = want[i] as ImageInfo;
      expect(r.id).toBe(BigInt(w.id));
      expect(r.name).toBe(w.name);
      expect(r.width).toBe(w.width);
      expect(r.size).toBe(BigInt(w.size as number));
      expect(r.created_by).toBe(String(w.created_by));
      expect(JSON.parse(r.tags as string)).toEqual(w.tags);
      expect(r['meta.camera']).toBe(w.meta?.camera ?? null);
      expect(r['meta.exposure_ms']).toBe(w.meta?.exposure_ms === undefined ? null : BigInt(w.meta.exposure_ms as number));
      expect(r['meta.night']).toBe(w.meta?.night ?? null);
    }
  });
});

/** Text that starts like a formula, holds CSV's special characters, or is plain. */
const cellText = fc.string({
  unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\0', '"', ',', "'", ' ', 'a', 'Z', '1', 'é', '漢', '😀'),
  maxLength: 12,
});

describe('CSV round trip (property)', () => {
  it('re-parsed by csv-parse, equals the rows plus exactly the injection prefixes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: cellText.filter((s) => s.length > 0),
            description: fc.option(cellText, { nil: null }),
            created_by: fc.oneof(cellText, fc.integer({ min: -5, max: 5 })),
            width: fc.option(fc.integer({ min: -1000, max: 100_000 }), { nil: null }),
            note: cellText,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        // Flattened meta goes through the JavaScript writer, meta as JSON through SQLite's.
        fc.boolean(),
        async (recs, raw, flatten) => {
          const db = cache(`p${++run}.sqlite`);
          await importRecords(
            db,
            { kind: 'file', uri: `gen-${run}`, label: 'generated' },
            recs.map((r, i) => ({ line: i + 1, value: { id: i + 1, name: r.name, description: r.description, created_by: r.created_by, width: r.width, meta: { note: r.note } } })),
            {},
            { label: 'generated' },
          );
          const dest = join(dir(), `p${run}.csv`);
          const cols = ['id', 'name', 'description', 'created_by', 'width', 'meta'] as const;
          await runExport(db, { request: request({ format: 'csv', columns: [...cols], options: { raw, meta: flatten ? 'columns' : 'json' } }), dest, appVersion: 't' });
          const rows = parse(readFileSync(dest), { relax_column_count: false }) as string[][];
          const guard = (s: string) => (!raw && /^[=+\-@\t\r\0]/.test(s) ? `'${s}` : s);
          expect(rows[0]).toEqual([...cols.slice(0, 5), flatten ? 'meta.note' : 'meta']);
          const stored = [...iterateMatches(db, querySchema.parse({ sort: [{ key: 'name', dir: 'asc' }] }))];
          expect(rows.slice(1)).toEqual(
            stored.map((s) => [
              String(s.id),
              guard(s.name),
              s.description == null ? '' : guard(s.description),
              typeof s.created_by === 'number' ? String(s.created_by) : guard(s.created_by ?? ''),
              s.width == null ? '' : String(s.width),
              flatten ? guard(String(s.meta?.note)) : JSON.stringify(s.meta),
            ]),
          );
          db.close();
          dbs.splice(dbs.indexOf(db), 1);
        },
      ),
      { numRuns: 80 },
    );
  });
});
