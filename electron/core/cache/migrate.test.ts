import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoupeError } from '../../../shared/errors';
import { useTempDir } from '../../../test-support/temp-dir';
import { assertMonotonic, LATEST_VERSION, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { openCache } from './open-cache';

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
