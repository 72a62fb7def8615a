import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDemo } from '../demo/import-demo';
import { useTempDir } from '../../../test-support/temp-dir';
import { derivedState, matches } from '../../../test-support/derived-state';
import { openCache, type Db } from './open-cache';
import { BROWSE_INDEXES } from './browse-indexes';
import { SEARCH_INDEXES, SearchIndex } from './search-index';
import { removeSource } from './source-store';

const tmp = useTempDir();

const config = (db: Db, table: string, key: string) =>
  db.prepare(`SELECT v FROM ${table}_config WHERE k = ?`).pluck().get(key) as number | undefined;
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

describe('removing a source', () => {
  it('takes its records and every derived row with them, whether it is a few or most of the cache', async () => {
    const db = openCache(join(tmp(), 'c.sqlite'));
    const a = await importDemo(db, 3000, 21);
    const b = await importDemo(db, 1000, 22);
    await importDemo(db, 500, 23);
    // Hashes shared across sources: H1 by A, B and C; H2 by A and B only.
    db.transaction(() => {
      db.exec(`UPDATE images SET hash = 'H1' WHERE row_id IN (1, 3001, 4001);
               UPDATE images SET hash = 'H2' WHERE row_id IN (2, 3002);`);
      new SearchIndex(db).rebuildAll();
    })();
    expect(db.prepare('SELECT hash FROM dup_hashes ORDER BY hash').pluck().all()).toEqual(['H1', 'H2']);
    const imageIndexes = () =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'images' ORDER BY name").pluck().all();
    const indexesBefore = imageIndexes();
    expect(indexesBefore.length).toBeGreaterThanOrEqual(BROWSE_INDEXES.length + SEARCH_INDEXES.filter((i) => i.on.startsWith('images ')).length);
    // A few (the per-index delete) and then most of the cache (indexes dropped and rebuilt).
    for (const [source, left] of [[b, 3500], [a, 500]] as const) {
      expect(removeSource(db, source.source_id as number).records).toBe(source.records);
      expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(left);
      const kept = derivedState(db);
      db.transaction(() => new SearchIndex(db).rebuildAll())();
      expect(kept).toEqual(derivedState(db));
      expect(kept.names[0]).toBe(scan(db, 'img_'));
    }
    // Every index of images the removal dropped is back: browse, search and the migrations' own.
    expect(imageIndexes()).toEqual(indexesBefore);
    db.close();
  });
});
