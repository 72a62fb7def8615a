import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { importDemo } from '../demo/import-demo';
import { openCache, type Db } from './open-cache';
import { ImageViews } from './image-views';
import { iterateMatches } from './image-query';
import { TagNames } from './tag-names';

let db: Db;
const q = (key: string, dir: 'asc' | 'desc', text = '') =>
  querySchema.parse({ text, sort: [{ key, dir }], columns: ['name', key] });

/** The order a meta sort means, computed in plain JS from the stored meta JSON. */
function expectedOrder(key: string, dir: 'asc' | 'desc', where = ''): number[] {
  const rows = db.prepare(`SELECT row_id, meta FROM image_docs ${where}`).all() as { row_id: number; meta: string }[];
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : 1);
  const valueOf = (meta: string): number | string | null => {
    const raw: unknown = (JSON.parse(meta) as Record<string, unknown>)[key];
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number | string => typeof v === 'number' || typeof v === 'string');
    list.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return list[0] ?? null;
  };
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r) => ({ id: r.row_id, v: valueOf(r.meta) }))
    .sort((a, b) => {
      if ((a.v === null) !== (b.v === null)) return a.v === null ? 1 : -1;
      if (a.v !== null && b.v !== null && a.v !== b.v) {
        const c = rank(a.v) - rank(b.v) || (a.v < b.v ? -1 : 1);
        return sign * c;
      }
      return sign * (a.id - b.id);
    })
    .map((r) => r.id);
}

beforeAll(async () => {
  db = openCache(join(mkdtempSync(join(tmpdir(), 'loupe-meta-sort-')), 'c.sqlite'));
  await importDemo(db, 1500, 7);
  // Mixed types and arrays for one key: numbers, numeric-looking text, several values, none.
  db.prepare(`UPDATE image_docs SET meta = json_set(meta, '$.mixed', CASE row_id % 5
      WHEN 0 THEN json('[30, 4]') WHEN 1 THEN '12' WHEN 2 THEN row_id % 17 WHEN 3 THEN json('null') ELSE json_extract(meta, '$.none') END)`).run();
  db.prepare(`UPDATE image_docs SET meta = json_remove(meta, '$.mixed') WHERE row_id % 5 = 4`).run();
  db.exec("INSERT OR REPLACE INTO search_state (key, value) VALUES ('needs_rebuild', 1)");
  db.close();
  db = openCache(join(db.name));
});

describe('sorting by a meta key', () => {
  for (const walkBelow of [0, 1_000_000]) {
    const how = walkBelow === 0 ? 'walked through the key index' : 'sorted in one statement';
    for (const dir of ['asc', 'desc'] as const) {
      it(`orders numbers numerically, missing values last, ${dir}, ${how}`, async () => {
        const views = new ImageViews(db, new TagNames(db), walkBelow);
        for (const key of ['meta.mixed', 'meta.nowhere']) {
          const view = views.open(q(key, dir));
          expect(view.total).toBe(1500);
          const first = views.window(view.view_id, 0, 100).rows;
          const late = views.window(view.view_id, 1400, 100).rows;
          await views.settled();
          const all = [0, 500, 1000].flatMap((o) => views.window(view.view_id, o, 500).rows.map((r) => r.row_id));
          const expected = expectedOrder(key.slice(5), dir);
          expect(all).toEqual(expected);
          expect(first.map((r) => r.row_id)).toEqual(expected.slice(0, 100));
          expect(late.map((r) => r.row_id)).toEqual(expected.slice(1400));
        }
        views.clear();
      });
    }
  }

  it('keeps the filter while walking, and exports stream the same order', async () => {
    const views = new ImageViews(db, new TagNames(db), 0);
    const query = q('meta.exposure_ms', 'desc', 'meta.night:true');
    const view = views.open(query);
    await views.settled();
    const rows = views.window(view.view_id, 0, 500).rows.map((r) => r.row_id);
    const expected = expectedOrder('exposure_ms', 'desc', "WHERE json_extract(meta, '$.night') = 1");
    expect(rows).toEqual(expected.slice(0, 500));
    expect(view.total).toBe(expected.length);
    expect([...iterateMatches(db, query, 500)].map((r) => r.id)).toEqual(
      rows.map((rid) => db.prepare('SELECT id FROM images WHERE row_id = ?').pluck().get(rid)),
    );
    views.clear();
  });

  it('brings the chosen columns with each row: meta values typed, arrays joined, fields by name', () => {
    const views = new ImageViews(db, new TagNames(db));
    const view = views.open(querySchema.parse({ text: '', columns: ['name', 'meta.mixed', 'meta.camera', 'hash', 'meta.exposure_ms'] }));
    const rows = views.window(view.view_id, 0, 50).rows;
    for (const r of rows) {
      const stored = db.prepare('SELECT i.hash, d.meta FROM images i JOIN image_docs d USING (row_id) WHERE i.row_id = ?').get(r.row_id) as { hash: string | null; meta: string };
      const meta = JSON.parse(stored.meta) as Record<string, unknown>;
      expect(r.cells?.hash).toBe(stored.hash);
      expect(r.cells?.['meta.camera']).toBe(meta.camera);
      expect(r.cells?.['meta.exposure_ms']).toBe(meta.exposure_ms);
      if (Array.isArray(meta.mixed)) expect(r.cells?.['meta.mixed']).toBe('4, 30');
      else if (meta.mixed === undefined) expect(r.cells?.['meta.mixed']).toBeUndefined();
      else expect(r.cells?.['meta.mixed']).toBe(meta.mixed);
    }
    views.clear();
  });

  it('refuses a sort or a column that is not a field or a meta key', () => {
    expect(() => querySchema.parse({ text: '', sort: [{ key: 'hash; DROP', dir: 'asc' }] })).toThrow(/sortable/);
    expect(() => querySchema.parse({ text: '', columns: ['nope'] })).toThrow(/not a column/);
    expect(() => querySchema.parse({ text: '', sort: [{ key: 'meta.', dir: 'asc' }] })).toThrow(/sortable/);
  });
});
