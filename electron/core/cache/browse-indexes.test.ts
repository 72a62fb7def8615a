import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp-dir';
import { BROWSE_INDEXES, createBrowseIndexes, dropBrowseIndexes, withIndexBuildSettings } from './browse-indexes';
import { BULK_WRITER, openCache } from './open-cache';

const dir = useTempDir();

describe('withIndexBuildSettings', () => {
  it('builds with one sorter thread and a small cache, then restores the connection, even on failure', () => {
    const db = openCache(join(dir(), 'c.sqlite'), BULK_WRITER);
    const settings = () => [db.pragma('threads', { simple: true }), db.pragma('cache_size', { simple: true })];
    const before = settings();
    expect(before).toEqual([0, -1024 * (BULK_WRITER.cacheMiB ?? 0)]);
    db.exec('BEGIN');
    dropBrowseIndexes(db);
    const during = withIndexBuildSettings(db, () => {
      createBrowseIndexes(db);
      return settings();
    });
    db.exec('COMMIT');
    expect(during).toEqual([1, -16384]);
    expect(settings()).toEqual(before);
    const built = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'images'").pluck().all();
    for (const i of BROWSE_INDEXES) expect(built).toContain(i.name);
    expect(() =>
      withIndexBuildSettings(db, () => {
        throw new Error('build failed');
      }),
    ).toThrow('build failed');
    expect(settings()).toEqual(before);
    db.close();
  });
});
