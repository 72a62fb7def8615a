import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoupeError } from '../../../shared/errors';
import { useTempDir } from '../../../test-support/temp-dir';
import { assertMonotonic, LATEST_VERSION, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { openCache } from './open-cache';
import { ImageWriter } from './image-writer';
import { compileQuery } from './compile-query';
import { querySchema } from '../../../shared/query';
import type { ImageInfo } from '../../../shared/image-info';
import { importDemo } from '../demo/import-demo';
import { getImageDetail } from './image-store';
import { iterateJsonRecords, iterateMatches, iterateStoredRows, STREAMABLE_COLUMNS } from './image-query';
import { TagNames } from './tag-names';
import type { Db } from './open-cache';

const dir = useTempDir();

describe('migrations', () => {
  it('are strictly increasing in steps of 10', () => {
    expect(() => assertMonotonic(MIGRATIONS)).not.toThrow();
    for (const m of MIGRATIONS) expect(m.version % 10).toBe(0);
    expect(() =>
      assertMonotonic([
        { version: 20, name: 'b', up: '' },
        { version: 10, name: 'a', up: '' },
      ]),
    ).toThrow(/does not follow/);
  });

  it('bring a new file to the latest schema with WAL and strict tables', () => {
    const db = openCache(join(dir(), 'new.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'images'").pluck().get();
    expect(sql).toMatch(/STRICT$/);
    db.close();
  });

  it('run once: reopening keeps data and version', () => {
    const file = join(dir(), 'c.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    db.close();
    const again = openCache(file);
    expect(again.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(1);
    again.close();
  });

  it('refuse a cache written by a newer Loupe, by name', () => {
    const file = join(dir(), 'future.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    let err: unknown;
    try {
      openCache(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LoupeError);
    expect((err as LoupeError).code).toBe('CACHE_TOO_NEW');
    expect((err as LoupeError).message).toMatch(/written by a newer version of Loupe/);
  });

  it('roll back a failing migration completely', () => {
    const db = new Database(join(dir(), 'r.sqlite'));
    const broken = [
      { version: 10, name: 'ok', up: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 20, name: 'bad', up: 'CREATE TABLE b (x INTEGER) STRICT; SELECT * FROM nowhere;' },
    ];
    expect(() => migrate(db, 'r.sqlite', broken)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('a','b')").pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 0050 (Unicode folding of search text)', () => {
  it('rebuilds the search index of a cache made by schema 40, so its old folding is gone', () => {
    const file = join(dir(), 'v40.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    const sourceId = db.prepare('SELECT id FROM sources').pluck().get() as number;
    db.transaction(() => {
      const writer = new ImageWriter(db, sourceId, '2026-01-01T00:00:00Z', new Map(), { bulk: false });
      writer.write({ id: 1, name: 'Cafe\u0301.jpg', meta: {}, tags: [] } as unknown as ImageInfo);
      writer.finish();
    })();
    // What schema 40 stored: the name lower-cased as it came, not normalised.
    db.exec(`DELETE FROM name_fts; INSERT INTO name_fts (rowid, name) SELECT row_id, char(1, 1) || lower(name) FROM images;
             DELETE FROM search_state; ALTER TABLE sync_passes DROP COLUMN relists; PRAGMA user_version = 40;`);
    const find = (d: typeof db) => {
      const { where, params } = compileQuery(querySchema.parse({ text: 'café' }));
      return d.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params);
    };
    expect(find(db)).toBe(0);
    db.close();
    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(find(reopened)).toBe(1);
    reopened.close();
  });
});

describe('migration 0060 (relists of a sync pass)', () => {
  it('gives the passes of a cache made by schema 50 a relist count of 0 and keeps them', () => {
    const file = join(dir(), 'v50.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    db.exec(`ALTER TABLE sync_passes DROP COLUMN relists;
             INSERT INTO sync_passes (source_id, project_id, kind, started_at, state, added)
               SELECT id, 7, 'full', '2026-01-01T00:00:00Z', 'complete', 3 FROM sources;
             PRAGMA user_version = 50;`);
    db.close();
    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(reopened.prepare('SELECT project_id, state, added, relists FROM sync_passes').all()).toEqual([
      { project_id: 7, state: 'complete', added: 3, relists: 0 },
    ]);
    reopened.close();
  });
});

describe('migration 0080 (natural name order)', () => {
  it('gives a cache made by schema 60 the natural name index, and name sorts use it in natural order', () => {
    const file = join(dir(), 'v60.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    const sourceId = db.prepare('SELECT id FROM sources').pluck().get() as number;
    const names = ['street 18555.jpg', 'Street 1912.jpg', '12284.jpg', '123.jpg', 'street 1912.jpg'];
    db.transaction(() => {
      const writer = new ImageWriter(db, sourceId, '2026-01-01T00:00:00Z', new Map(), { bulk: false });
      names.forEach((name, i) => writer.write({ id: i + 1, name, meta: {}, tags: [] } as unknown as ImageInfo));
      writer.finish();
    })();
    db.exec('DROP INDEX images_name_natural; PRAGMA user_version = 60;');
    db.close();

    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const { where, params, orderBy } = compileQuery(querySchema.parse({ sort: [{ key: 'name', dir: 'asc' }] }));
    const sql = `SELECT i.name FROM images i ${where} ${orderBy}`;
    const plan = reopened.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((r) => (r as { detail: string }).detail).join(' | ');
    expect(plan).toMatch(/INDEX images_name_natural/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(reopened.prepare(sql).pluck().all(...params)).toEqual([
      '123.jpg',
      '12284.jpg',
      'Street 1912.jpg',
      'street 1912.jpg',
      'street 18555.jpg',
    ]);
    const bytes = compileQuery(querySchema.parse({ sort: [{ key: 'name_bytes', dir: 'asc' }] }));
    expect(reopened.prepare(`SELECT i.name FROM images i ${bytes.orderBy}`).pluck().all()).toEqual([...names].sort());
    reopened.close();
  });
});

describe('migration 0090 (local image files of project-folder records)', () => {
  it('adds an empty image_files table to a cache made by schema 60, keeps its records, and drops a source’s files with it', () => {
    const file = join(dir(), 'v60.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('folder', '/p', 'p', 'now')").run();
    const sourceId = db.prepare('SELECT id FROM sources').pluck().get() as number;
    db.transaction(() => {
      const writer = new ImageWriter(db, sourceId, '2026-01-01T00:00:00Z', new Map(), { bulk: false });
      writer.write({ id: 5, name: 'a.jpg', meta: {}, tags: [] } as unknown as ImageInfo);
      writer.finish();
    })();
    db.exec('DROP TABLE image_files; PRAGMA user_version = 60;');
    db.close();
    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(reopened.prepare('SELECT count(*) FROM images').pluck().get()).toBe(1);
    expect(reopened.prepare('SELECT count(*) FROM image_files').pluck().get()).toBe(0);
    reopened.prepare("INSERT INTO image_files (source_id, image_id, path) VALUES (?, 5, 'ds/img/a.jpg')").run(sourceId);
    expect(() => reopened.prepare("INSERT INTO image_files (source_id, image_id, path) VALUES (?, 6, X'00')").run(sourceId)).toThrow(/cannot store BLOB value in TEXT column/);
    reopened.prepare('DELETE FROM sources WHERE id = ?').run(sourceId);
    expect(reopened.prepare('SELECT count(*) FROM image_files').pluck().get()).toBe(0);
    reopened.close();
  });
});

describe('migration 0100 (export log)', () => {
  it('gives a cache made by schema 60 an empty export log and keeps its records', () => {
    const file = join(dir(), 'v60.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    db.exec(`DROP TABLE export_log;
             INSERT INTO images (source_id, id, name, synced_at) SELECT id, 1, 'a.jpg', 'now' FROM sources;
             PRAGMA user_version = 60;`);
    db.close();
    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(reopened.prepare('SELECT count(*) FROM export_log').pluck().get()).toBe(0);
    expect(reopened.prepare('SELECT name FROM images').pluck().all()).toEqual(['a.jpg']);
    reopened.close();
  });
});

describe('migration 0130 (quality check indexes)', () => {
  it('gives a cache made by schema 100 the check indexes, and dates-reversed reads only its offenders', () => {
    const file = join(dir(), 'v100.sqlite');
    const db = openCache(file);
    db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
    db.exec(`DROP INDEX images_dates_reversed;
             DROP INDEX images_dataset_labels;
             INSERT INTO images (source_id, id, name, created_at, updated_at, synced_at)
               SELECT id, 1, 'a.jpg', '2024-03-01T10:00:00Z', '2024-02-01T10:00:00Z', 'now' FROM sources;
             INSERT INTO images (source_id, id, name, created_at, updated_at, synced_at)
               SELECT id, 2, 'b.jpg', '2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z', 'now' FROM sources;
             PRAGMA user_version = 100;`);
    db.close();
    const reopened = openCache(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const sql = 'SELECT name FROM images WHERE julianday(updated_at) < julianday(created_at)';
    expect(reopened.prepare(sql).pluck().all()).toEqual(['a.jpg']);
    expect(reopened.prepare(`EXPLAIN QUERY PLAN ${sql}`).all()).toMatchObject([{ detail: expect.stringContaining('images_dates_reversed') }]);
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'images_dataset_labels'").pluck().get()).toBe('images_dataset_labels');
    reopened.close();
  });
});

describe('migration 0110 (narrow images, wide values in image_docs)', () => {
  const MOVED = ['path_original', 'full_storage_url', 'meta', 'tags', 'ai_search_meta', 'extra'];
  const queries = ['', 'tag:review', 'meta.camera:*', 'has:meta', 'street', 'path_original:*demo*', 'full_storage_url:*', 'name:*wide*'];
  /** What a user can get out of the cache: every detail, the exports' rows, and search results. */
  const observe = (db: Db) => {
    const tagNames = new TagNames(db);
    const rowIds = db.prepare('SELECT row_id FROM images ORDER BY row_id').pluck().all() as number[];
    const all = querySchema.parse({ text: '' });
    return {
      details: rowIds.map((id) => getImageDetail(db, tagNames, id)),
      rows: [...iterateStoredRows(db, { query: all }, [...STREAMABLE_COLUMNS])],
      json: [...iterateJsonRecords(db, { query: all }, [{ key: 'meta', column: 'meta', json: true }, { key: 'url', column: 'full_storage_url', json: false }], true)],
      found: queries.map((text) => [...iterateMatches(db, querySchema.parse({ text }))].map((r) => r.id)),
    };
  };

  /** A cache made by schema 100: the latest one with the moved columns put back into `images`. */
  const rewindTo100 = (db: Db) => {
    db.exec(`ALTER TABLE images ADD COLUMN path_original TEXT;
             ALTER TABLE images ADD COLUMN full_storage_url TEXT;
             ALTER TABLE images ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
             ALTER TABLE images ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
             ALTER TABLE images ADD COLUMN ai_search_meta TEXT;
             ALTER TABLE images ADD COLUMN extra TEXT;`);
    for (const c of MOVED) db.exec(`UPDATE images SET ${c} = (SELECT d.${c} FROM image_docs d WHERE d.row_id = images.row_id)`);
    db.exec('DROP TABLE image_docs; PRAGMA user_version = 100;');
  };

  it('moves every record’s wide values of a cache made by schema 100 and changes nothing a user sees; run again, it is a no-op', async () => {
    const file = join(dir(), 'v100.sqlite');
    const db = openCache(file);
    const { source_id } = await importDemo(db, 300, 4);
    db.transaction(() => {
      const writer = new ImageWriter(db, source_id as number, '2026-01-01T00:00:00Z', new Map());
      writer.write({
        id: 77_000_001,
        name: 'street wide.jpg',
        meta: { camera: 'x', nested: { a: [1, 2] } },
        tags: [{ tagId: 9, name: 'review', value: 'ok' }],
        path_original: '/demo/wide.jpg',
        full_storage_url: 'https://example.test/wide.jpg',
        ai_search_meta: { score: 0.5 },
        extra: { customData: { k: null } },
      } as unknown as ImageInfo);
      writer.finish();
    })();
    const before = observe(db);
    expect(before.found.every((ids) => ids.length > 0)).toBe(true);
    const withDocs = db.prepare("SELECT count(*) FROM image_docs WHERE extra IS NOT NULL AND ai_search_meta IS NOT NULL AND path_original IS NOT NULL").pluck().get();
    expect(withDocs).toBe(1);
    rewindTo100(db);
    const wide = db.prepare('PRAGMA table_info(images)').all().map((c) => (c as { name: string }).name);
    expect(wide).toEqual(expect.arrayContaining(MOVED));
    db.close();

    const migrated = openCache(file);
    expect(migrated.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const narrow = migrated.prepare('PRAGMA table_info(images)').all().map((c) => (c as { name: string }).name);
    for (const c of MOVED) expect(narrow).not.toContain(c);
    expect(observe(migrated)).toEqual(before);
    // The indexes and triggers of `images` came back, and the doc rows follow their record.
    const schema = () => migrated.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const names = (migrated.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'images'").pluck().all() as string[]).sort();
    expect(names).toEqual(expect.arrayContaining(['images_search_delete', 'images_search_hash', 'images_source_id', 'images_name_natural']));
    expect(migrated.prepare("SELECT sql FROM sqlite_schema WHERE name = 'image_docs'").pluck().get()).toMatch(/REFERENCES "?images"?\s*\(row_id\) ON DELETE CASCADE/);

    // Run again on the narrow cache (version set back): nothing changes.
    const schemaBefore = schema();
    migrated.exec('PRAGMA user_version = 100;');
    migrated.close();
    const again = openCache(file);
    expect(again.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all()).toEqual(schemaBefore);
    expect(observe(again)).toEqual(before);

    const one = again.prepare("SELECT row_id FROM images WHERE id = 77000001").pluck().get() as number;
    again.prepare('DELETE FROM images WHERE row_id = ?').run(one);
    expect(again.prepare('SELECT count(*) FROM image_docs WHERE row_id = ?').pluck().get(one)).toBe(0);
    again.prepare('DELETE FROM sources').run();
    expect(again.prepare('SELECT count(*) FROM image_docs').pluck().get()).toBe(0);
    again.close();
  });
});
