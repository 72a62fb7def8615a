import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { SORTABLE_KEYS, sortSqlOf } from '../../../shared/columns';
import { querySchema } from '../../../shared/query';
import { importDemo } from '../demo/import-demo';
import { openCache, type Db } from './open-cache';
import { compileQuery } from './compile-query';
import { countWholeCache, precomputedSpecs } from './facet-counts';

/**
 * The hot queries' plans: every filter the UI offers, every sort, every facet and
 * every step of a view must use an index — never a full scan of `images`. Plans come from the
 * planner's rules (no ANALYZE), so a small cache shows the plans a big one gets.
 */
let db: Db;

beforeAll(async () => {
  db = openCache(join(mkdtempSync(join(tmpdir(), 'loupe-plans-')), 'c.sqlite'));
  await importDemo(db, 2000, 3);
});

function plan(sql: string, params: unknown[] = []): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

/**
 * A full pass over a table — `images` or a side table such as meta_values, whose indexes would
 * otherwise go unnoticed (an index scan says "USING … INDEX"; full-text tables answer through
 * their own index).
 */
const FULL_SCAN = /\bSCAN (?!CONSTANT ROW)\w+\b(?! USING (COVERING )?INDEX| VIRTUAL TABLE)/;

const HOT_FILTERS = [
  'img_12',
  'fr',
  '"cam 07"',
  'horizon',
  'tag:review',
  'tag:weather=rain',
  'tag:rev*',
  'meta.camera:"cam 07"',
  'meta.exposure_ms:>10',
  'meta.iso:[100 TO 800]',
  'meta.city:Kr*',
  'meta.gps.lat:*',
  'width:>1000',
  'height:<=720',
  'size:[100000 TO 200000]',
  'labels:0',
  'created:[2024-01-01 TO 2024-02-01]',
  'updated:>2025',
  'ext:png',
  'mime:image/webp',
  'author:alice',
  'hash:abc',
  'name:IMG_1*',
  'id:770001',
  'dataset:train',
  'dataset:"train/*"',
  'is:duplicate',
  'has:link',
  'has:tags',
  'snapshot:1',
  'tag:review -width:<1000',
  'tag:review OR tag:blurry',
  'dataset:train/night tag:review meta.camera:cam-07',
  'tag:review ~ext:png',
];

describe('query plans', () => {
  it.each(HOT_FILTERS)('%s: counts without scanning images', (text) => {
    const { where, params } = compileQuery(querySchema.parse({ text }));
    const p = plan(`SELECT count(*) FROM images i ${where}`, params);
    expect(p).not.toMatch(FULL_SCAN);
    expect(p).toMatch(/USING|VIRTUAL TABLE/);
  });

  it('reads every sort, both directions, from its index — and a view continues it by keyset', () => {
    for (const key of SORTABLE_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const { where, params, orderBy } = compileQuery(querySchema.parse({ sort: [{ key, dir }] }));
        const first = plan(`SELECT i.row_id FROM images i ${where} ${orderBy} LIMIT 2000`, params);
        expect(first, `${key} ${dir}`).toMatch(/USING (COVERING )?INDEX images_/);
        expect(first, `${key} ${dir}`).not.toMatch(/TEMP B-TREE/);
        const cols = [...(sortSqlOf(key) ?? []), 'i.row_id'];
        const cmp = dir === 'asc' ? '>' : '<';
        const next = plan(
          `SELECT i.row_id FROM images i WHERE ${cols[0]} ${cmp}= ? AND (${cols.join(', ')}) ${cmp} (${cols.map(() => '?').join(', ')}) ${orderBy} LIMIT 100000`,
          [1, ...cols.map(() => 1)],
        );
        expect(next, `${key} ${dir} keyset`).toMatch(/SEARCH i USING (COVERING )?INDEX images_\w+ \(/);
        expect(next, `${key} ${dir} keyset`).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it('counts every whole-cache facet from an index', () => {
    const specs = precomputedSpecs(db);
    expect(specs.length).toBeGreaterThan(9);
    const seen: string[] = [];
    const original = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      seen.push(sql);
      return original(sql);
    }) as typeof db.prepare;
    try {
      for (const s of specs) countWholeCache(db, s);
    } finally {
      db.prepare = original;
    }
    for (const sql of seen) {
      const p = plan(sql, sql.includes('?') ? ['camera'] : []);
      expect(p, sql).not.toMatch(FULL_SCAN);
      expect(p, sql).toMatch(/COVERING INDEX/);
    }
  });

  it('finds one record\'s derived rows through an index when a sync rewrites or deletes it', () => {
    for (const sql of [
      'DELETE FROM meta_values WHERE row_id = ?',
      'DELETE FROM meta_values WHERE row_id = ? AND key_id = ?',
      'DELETE FROM image_tags WHERE row_id = ?',
      'UPDATE meta_keys SET count = count - 1 WHERE id IN (SELECT DISTINCT key_id FROM meta_values WHERE row_id = ?)',
    ]) {
      const p = plan(sql, sql.split('?').slice(1).map(() => 1));
      expect(p, sql).not.toMatch(FULL_SCAN);
      expect(p, sql).toMatch(/USING (COVERING )?INDEX/);
    }
  });
});
