import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LoupeError } from '../../../shared/errors';
import { openCache, type Db } from '../cache/open-cache';
import { useTempDir } from '../../../test-support/temp-dir';
import { replaceLine, writeJsonl } from '../../../test-support/fixtures';
import { writeDemoFile } from '../demo/write-demo';
import { importFile } from './import-file';

const dir = useTempDir();
const read = (f: string) => readFileSync(f, 'utf8');
const count = (db: Db) => db.prepare('SELECT count(*) FROM images').pluck().get() as number;
const snapshot = (db: Db) =>
  db.prepare('SELECT source_id, id, name, updated_at, meta, tags FROM images JOIN image_docs USING (row_id) ORDER BY source_id, id').all();

async function failure(p: Promise<unknown>): Promise<LoupeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LoupeError);
  return err as LoupeError;
}

describe('importFile', () => {
  it('imports a JSONL dump with its sidecar, and importing it again changes nothing', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'demo.jsonl');
    await writeDemoFile(file, 500, 3);
    const first = await importFile(db, file);
    expect(first).toMatchObject({ records: 500, inserted: 500, updated: 0, unchanged: 0 });
    const again = await importFile(db, file);
    expect(again).toMatchObject({ records: 500, inserted: 0, updated: 0, unchanged: 500 });
    expect(count(db)).toBe(500);
    const paths = db.prepare('SELECT DISTINCT dataset_path FROM images').pluck().all();
    expect(paths).toContain('train/city');
    expect(db.prepare('SELECT count(*) FROM tag_metas').pluck().get()).toBe(7);
    db.close();
  });

  it('keeps the newer record when a dump repeats an id', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'u.jsonl');
    const rec = (updatedAt: string, name: string) =>
      JSON.stringify({ id: 1, name, datasetId: 5, createdAt: '2024-01-01T00:00:00.000Z', updatedAt });
    writeFileSync(file, `${rec('2024-02-01T00:00:00.000Z', 'new.jpg')}\n`);
    await importFile(db, file);
    writeFileSync(file, `${rec('2024-01-15T00:00:00.000Z', 'old.jpg')}\n`);
    expect(await importFile(db, file)).toMatchObject({ unchanged: 1, updated: 0 });
    writeFileSync(file, `${rec('2024-03-01T00:00:00.000Z', 'newest.jpg')}\n`);
    expect(await importFile(db, file)).toMatchObject({ updated: 1 });
    expect(db.prepare('SELECT name FROM images').pluck().all()).toEqual(['newest.jpg']);
    db.close();
  });

  it('refuses a file whose line 7 is malformed, naming file and line, and leaves the cache as it was', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    await importFile(db, writeJsonl(dir(), 'good.jsonl', 50, 1));
    const before = snapshot(db);
    const bad = writeJsonl(dir(), 'bad.jsonl', 30, 2);
    replaceLine(bad, 7, '{"id": 12, "name": "x.jpg", ', read);
    const err = await failure(importFile(db, bad));
    expect(err.code).toBe('BAD_RECORD');
    expect(err.message).toMatch(/^bad\.jsonl line 7: not valid JSON/);
    expect(err.details).toMatchObject({ file: 'bad.jsonl', line: 7 });
    expect(snapshot(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(1);
    db.close();
  });

  it('names the field of a value of the wrong type', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const bad = writeJsonl(dir(), 'types.jsonl', 10, 2);
    const line3 = JSON.parse(read(bad).split('\n')[2] ?? '') as Record<string, unknown>;
    replaceLine(bad, 3, JSON.stringify({ ...line3, width: 'wide' }), read);
    const err = await failure(importFile(db, bad));
    expect(err.message).toMatch(/^types\.jsonl line 3, field width: expected number, received string\.$/);
    expect(err.details?.field).toBe('width');
    expect(count(db)).toBe(0);
    db.close();
  });

  it('reads JSON arrays, the API envelope, snake_case dicts, positional arrays and gzip', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const base = { created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' };
    const arr = join(dir(), 'arr.json');
    writeFileSync(arr, JSON.stringify([{ id: 1, name: 'a.jpg', ...base }, { id: 2, name: 'b.png', mime: 'image/png' }], null, 2));
    expect((await importFile(db, arr)).records).toBe(2);
    const env = join(dir(), 'env.json');
    writeFileSync(env, JSON.stringify({ total: 1, perPage: 1, pagesCount: 1, entities: [{ id: 3, name: 'c.jpg', labelsCount: 2 }] }));
    expect((await importFile(db, env)).records).toBe(1);
    const positional = Array.from({ length: 17 }, () => null) as unknown[];
    Object.assign(positional, { 0: 4, 1: 'd.jpg', 13: {}, 16: [] });
    const gz = join(dir(), 'pos.jsonl.gz');
    writeFileSync(gz, gzipSync(`${JSON.stringify(positional)}\n`));
    expect((await importFile(db, gz)).records).toBe(1);
    expect(db.prepare('SELECT id, ext FROM images ORDER BY id').all()).toEqual([
      { id: 1, ext: null },
      { id: 2, ext: 'png' },
      { id: 3, ext: null },
      { id: 4, ext: null },
    ]);
    db.close();
  });

  it('explains files it cannot read', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    expect((await failure(importFile(db, join(dir(), 'missing.jsonl')))).message).toMatch(/cannot be read/);
    const csv = join(dir(), 'x.csv');
    writeFileSync(csv, 'a,b');
    expect((await failure(importFile(db, csv))).message).toMatch(/imports \.json, \.jsonl and \.ndjson/);
    const empty = join(dir(), 'e.json');
    writeFileSync(empty, '  ');
    expect((await failure(importFile(db, empty))).message).toBe('No records in e.json: the file is empty.');
    db.close();
  });
});

describe('importFile with hostile or broken input', () => {
  it('refuses a __proto__ key anywhere in a record, with its path', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'proto.jsonl');
    writeFileSync(file, '{"id":1,"name":"a.jpg"}\n{"id":2,"name":"b.jpg","meta":{"x":{"constructor":{"prototype":1}}}}\n');
    const err = await failure(importFile(db, file));
    expect(err.message).toBe(
      'proto.jsonl line 2, field meta.x.constructor: the key "meta.x.constructor" is not allowed in an import (it could alter objects it is merged into).',
    );
    expect(count(db)).toBe(0);
    db.close();
  });

  it('refuses an oversize line by number without reading it into memory whole', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'big.jsonl');
    writeFileSync(file, `{"id":1,"name":"a.jpg"}\n{"id":2,"name":"${'x'.repeat(9 * 1024 * 1024)}"}\n`);
    const err = await failure(importFile(db, file));
    expect(err.message).toMatch(/^big\.jsonl line 2: the line is longer than 8 MiB/);
    expect(count(db)).toBe(0);
    db.close();
  });

  it('skips bad records on request and keeps the good ones', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'mixed.jsonl');
    writeFileSync(file, ['{"id":1,"name":"a.jpg"}', '{"id":2,', '{"id":3,"name":"c.jpg","height":"tall"}', '{"id":4,"name":"d.jpg"}'].join('\n'));
    const r = await importFile(db, file, { skipBad: true });
    expect(r).toMatchObject({ records: 2, skipped: 2, inserted: 2 });
    expect(r.problems?.map((p) => [p.line, p.field])).toEqual([
      [2, null],
      [3, 'height'],
    ]);
    db.close();
  });

  it('reads 27-value positional arrays in a JSON array', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const file = join(dir(), 'pos27.json');
    const rec = [7, 'p.jpg', null, null, 'image/jpeg', 'jpeg', 10, 20, 30, 1, 99, '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', {}, null, null, [], 'admin', null, null, null, null, null, null, 118909, 'desc', 5];
    writeFileSync(file, JSON.stringify([rec]));
    await importFile(db, file);
    expect(db.prepare('SELECT id, width, height, dataset_id, project_id, description, parent_id, created_by FROM images').get()).toEqual({
      id: 7, width: 20, height: 30, dataset_id: 99, project_id: 118909, description: 'desc', parent_id: 5, created_by: 'admin',
    });
    db.close();
  });

  it('refuses an input with no records the same way for .jsonl and .json, leaving no source or run', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const cases: [string, string, RegExp][] = [
      ['e.jsonl', '', /^No records in e\.jsonl\.$/],
      ['blank.jsonl', '\n  \n\n', /^No records in blank\.jsonl\.$/],
      ['e.json', '', /^No records in e\.json: the file is empty\.$/],
      ['arr.json', '[ ]', /^No records in arr\.json\.$/],
      ['env.json', '{"total":0,"entities":[]}', /^No records in env\.json\.$/],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir(), name);
      writeFileSync(file, text);
      const err = await failure(importFile(db, file));
      expect({ name, code: err.code, message: err.message }).toEqual({ name, code: 'BAD_FILE', message: expect.stringMatching(message) });
    }
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(0);
    db.close();
  });

  it('names a .gz file that is empty or not gzip, for JSON Lines and JSON alike', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    for (const [name, bytes] of [['z.jsonl.gz', Buffer.alloc(0)], ['bad.jsonl.gz', Buffer.from('not gzip at all')], ['z.json.gz', Buffer.alloc(0)], ['cut.json.gz', gzipSync('[{"id":1,"name":"a.jpg"}]').subarray(0, 12)]] as const) {
      const file = join(dir(), name);
      writeFileSync(file, bytes);
      const err = await failure(importFile(db, file));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toMatch(new RegExp(`^(No records in )?${name.replace(/\./g, '\\.')}(: not a valid gzip file \\(.+\\)|: the file is empty)\\.$`));
    }
    expect(count(db)).toBe(0);
    db.close();
  });

  it('refuses a record nested deeper than 64 levels by line and field, and --skip-bad skips it', async () => {
    const db = openCache(join(dir(), 'c.sqlite'));
    const nest = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const file = join(dir(), 'deep.jsonl');
    writeFileSync(file, [`{"id":1,"name":"a.jpg","meta":${nest(64)}}`, `{"id":2,"name":"b.jpg","meta":${nest(6000)}}`, `{"id":3,"name":"c.jpg","meta":${nest(65)}}`].join('\n'));
    const err = await failure(importFile(db, file));
    expect(err.toJSON()).toEqual({
      code: 'BAD_RECORD',
      message: 'deep.jsonl line 2, field meta: nested deeper than 64 levels.',
      details: { file: 'deep.jsonl', line: 2, field: 'meta' },
    });
    expect(count(db)).toBe(0);
    const r = await importFile(db, file, { skipBad: true });
    expect(r).toMatchObject({ records: 1, skipped: 2 });
    expect(r.problems?.map((p) => [p.line, p.field])).toEqual([
      [2, 'meta'],
      [3, 'meta'],
    ]);
    db.close();
  });
});
