import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { querySchema } from '../../../shared/query';
import { SORTABLE_KEYS } from '../../../shared/columns';
import { importDemo } from '../demo/import-demo';
import { openCache, type Db } from './open-cache';
import { compileQuery, ImageViews } from './image-views';
import { TagNames } from './tag-names';

let db: Db;
let views: ImageViews;
const q = (text = '', key = 'name', dir: 'asc' | 'desc' = 'asc') =>
  querySchema.parse({ text, sort: [{ key, dir }] });

beforeAll(async () => {
  db = openCache(join(mkdtempSync(join(tmpdir(), 'loupe-views-')), 'c.sqlite'));
  await importDemo(db, 3000, 11);
  views = new ImageViews(db, new TagNames(db));
});

describe('ImageViews', () => {
  it('reads any window of a sorted view, the same rows as ORDER BY … LIMIT', () => {
    const { view_id, total } = views.open(q('', 'size', 'desc'));
    expect(total).toBe(3000);
    const expected = db
      .prepare('SELECT id FROM images ORDER BY size DESC, row_id DESC LIMIT 50 OFFSET 2950')
      .pluck()
      .all();
    const win = views.window(view_id, 2950, 100);
    expect(win.rows.map((r) => r.id)).toEqual(expected);
    expect(views.window(view_id, 3000, 10).rows).toEqual([]);
  });

  it('matches free text as a case-insensitive substring of the name, literally', () => {
    const all = db.prepare("SELECT count(*) FROM images WHERE instr(lower(name), 'img_1') > 0").pluck().get();
    const view = views.open(q('img_1'));
    expect(view.total).toBe(all);
    expect(view.hints.prefix_terms).toEqual([]);
    expect(views.open(q('%')).total).toBe(0);
    expect(views.open(q('"_00"')).total).toBe(db.prepare("SELECT count(*) FROM images WHERE instr(name, '_00') > 0").pluck().get());
  });

  it('searches text under 3 characters as a name prefix, and says so', () => {
    const view = views.open(q('fr'));
    expect(view.total).toBe(db.prepare("SELECT count(*) FROM images WHERE name LIKE 'fr%'").pluck().get());
    expect(view.total).toBeGreaterThan(0);
    expect(view.hints.prefix_terms).toEqual(['fr']);
  });

  it('reads the same rows whether a window is materialised or read from the index, nulls included', async () => {
    db.prepare('UPDATE images SET width = NULL WHERE row_id % 7 = 0').run();
    for (const dir of ['asc', 'desc'] as const) {
      const expected = db
        .prepare(`SELECT id FROM images ORDER BY width * height ${dir}, row_id ${dir}`)
        .pluck()
        .all();
      const { view_id, total } = views.open(q('', 'resolution', dir));
      expect(total).toBe(3000);
      // Before the background steps run: the first rows are materialised, the rest come from the index.
      const early = [0, 1000, 2100, 2950].map((o) => views.window(view_id, o, 50).rows.map((r) => r.id));
      expect(early).toEqual([0, 1000, 2100, 2950].map((o) => expected.slice(o, o + 50)));
      await views.settled();
      const all = views.window(view_id, 0, 500).rows.concat(views.window(view_id, 2500, 500).rows).map((r) => r.id);
      expect(all).toEqual([...expected.slice(0, 500), ...expected.slice(2500)]);
    }
  });

  it('reads a view with many matches through its sort index, in every order, the same rows as ORDER BY', async () => {
    for (const key of SORTABLE_KEYS) {
      for (const [text, dir] of [['ext:jpeg', 'asc'], ['tag:verified', 'desc']] as const) {
        const { where, params, orderBy } = compileQuery(q(text, key, dir));
        const expected = db.prepare(`SELECT i.id FROM images i ${where} ${orderBy}`).pluck().all(...params);
        const { view_id, total } = views.open(q(text, key, dir));
        expect(total, `${text} ${key}`).toBe(expected.length);
        const tail = views.window(view_id, total - 30, 30).rows.map((r) => r.id);
        expect(tail, `${text} ${key} tail`).toEqual(expected.slice(-30));
        await views.settled();
        const all = views.window(view_id, 0, 500).rows.map((r) => r.id);
        expect(all, `${text} ${key}`).toEqual(expected.slice(0, 500));
      }
    }
  });

  it('fills only the newest view in the background; an older one still reads every window right', async () => {
    const older = views.open(q('', 'size', 'asc'));
    const newer = views.open(q('', 'size', 'desc'));
    await views.settled();
    const expected = db.prepare('SELECT id FROM images ORDER BY size ASC, row_id ASC').pluck().all();
    for (const o of [0, 1990, 2000, 2500, 2980]) {
      expect(views.window(older.view_id, o, 20).rows.map((r) => r.id), `older at ${o}`).toEqual(expected.slice(o, o + 20));
    }
    expect(views.window(newer.view_id, 2980, 20).rows.map((r) => r.id)).toEqual(expected.slice(0, 20).reverse());
  });

  it('resolves tag ids to names and dataset ids to paths', () => {
    const { view_id } = views.open(q());
    const rows = views.window(view_id, 0, 500).rows;
    const tags = new Set(rows.flatMap((r) => r.tags));
    expect(tags.has('review') || tags.has('verified')).toBe(true);
    for (const t of tags) expect(t).not.toMatch(/^tag #/);
    expect(new Set(rows.map((r) => r.dataset))).toContain('train/city');
  });

  it('expires old views and says so', () => {
    const first = views.open(q());
    for (let i = 0; i < 8; i++) views.open(q());
    expect(() => views.window(first.view_id, 0, 1)).toThrow(/has expired/);
  });

  it('sorts every sortable column from an index, never by scanning and sorting images', () => {
    for (const [key, dir] of SORTABLE_KEYS.flatMap((k) => [[k, 'asc'], [k, 'desc']] as const)) {
      const { where, orderBy } = compileQuery(q('', key, dir));
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT i.row_id FROM images i ${where} ${orderBy}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
      expect(plan, key).toMatch(/USING (COVERING )?INDEX images_/);
      expect(plan, key).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    }
  });
});
