import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { importDemo } from '../demo/import-demo';
import { useTempDir } from '../test/temp-dir';
import { compileQuery } from './compile-query';
import { openCache, type Db } from './open-cache';

const tmp = useTempDir();

const config = (db: Db, table: string, key: string) =>
  db.prepare(`SELECT v FROM ${table}_config WHERE k = ?`).pluck().get(key) as number | undefined;
const matches = (db: Db, text: string) => {
  const { where, params } = compileQuery(querySchema.parse({ text }));
  return db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params) as number;
};
const scan = (db: Db, text: string) =>
  db.prepare("SELECT count(*) FROM images WHERE instr(lower(name), ?) > 0").pluck().get(text) as number;

describe('SearchIndex bulk loads', () => {
  it('stop the full-text tables merging while they load, then leave them merged and merging again', async () => {
    const db = openCache(join(tmp(), 'c.sqlite'));
    await importDemo(db, 25_000, 11); // above the bulk threshold
    for (const t of ['name_fts', 'word_fts']) expect(config(db, t, 'automerge'), t).toBe(4);
    expect(db.prepare("SELECT count(*) FROM search_state WHERE key = 'bulk'").pluck().get()).toBe(0);
    // Searches find exactly what a scan finds, before and after a later small (incremental) load.
    for (const text of ['img_', 'cam-0', 'jpg']) expect(matches(db, text), text).toBe(scan(db, text));
    await importDemo(db, 300, 12);
    expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBeGreaterThan(25_000);
    for (const text of ['img_', 'cam-0', 'jpg']) expect(matches(db, text), text).toBe(scan(db, text));
    db.close();
  });
});
